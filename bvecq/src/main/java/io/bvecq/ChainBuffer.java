package io.bvecq;

import io.bvecq.internal.ChainBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A byte buffer over pooled, page-aligned memory: write typed values, strings and bytes at the end, read
 * them from the front (the role of Okio's {@code Buffer} and Netty's {@code ByteBuf}), and hand the bytes to
 * the I/O paths as a {@link Bvecq} chain ({@link #extract}).
 *
 * <pre>
 *   pieces (oldest first)          read here                                 write here
 *   [chunk: spent|unread]  [owned region: unread]  [chunk: unread unread]  [chunk: unread | free ]
 *          ^ rpos                                                                  ^ wpos   ^ limit
 * </pre>
 *
 * <h2>Model</h2>
 * The buffer is a queue of <em>pieces</em>, oldest first. A piece is either a {@link BufferPool} chunk
 * the buffer took, or a region appended zero-copy with {@link #writeOwned}. Small writes are copied into
 * the last piece while it is a chunk with room (no region per write); when it is full, the next chunk is
 * taken from the pool. Reads consume from the first piece; a piece read to its end is given back (its
 * chunk to the pool, its region to its owner) when the reader moves past it. When the buffer is empty and
 * nobody else holds the last chunk, writing starts again at its beginning instead of taking a new chunk.
 * {@link #reserve} takes the chunks a message needs before its first byte is written. A piece is at most
 * 1 GiB: a larger owned region becomes several pieces. Values may straddle pieces: a typed read or write
 * that does not fit in the current piece is assembled byte by byte across the boundary.
 *
 * <h2>Byte order</h2>
 * Every method without a suffix is big-endian (network order, as {@link java.io.DataOutputStream});
 * the {@code Le} suffix ({@link #writeIntLe}, {@link #readIntLe}) is little-endian. There is no order
 * setting: the order is in the name at every call site. Varints are unsigned LEB128 ({@link #writeVarLong}),
 * strings are UTF-8 ({@link #writeUtf8}); {@code float} and {@code double} are written as their raw bits.
 *
 * <h2>Errors</h2>
 * A read of more bytes than {@link #size()} throws {@link IndexOutOfBoundsException} naming the bytes
 * wanted and the size, and changes nothing (the {@link #inputStream() InputStream view} reports the end
 * of the data as {@code -1} instead). A malformed varint throws {@link NumberFormatException} and changes
 * nothing. Bad arguments throw {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} with
 * the value and the expected range, before anything changes. Any use after {@link #close()} throws
 * {@link BvecqReleasedException}.
 *
 * <h2>Ownership</h2>
 * The buffer holds one hold on each chunk and the owner's obligation for each owned region until the
 * piece is read or the buffer closed. {@link #extract} hands out a chain with its own references (chunk
 * pins, a reference on the node of an owned region): releasing the buffer never invalidates an extract.
 *
 * <h2>Threads</h2>
 * One thread at a time; the buffer has no locks. Handing it to another thread needs a happens-before edge
 * (a queue, a lock) as for any unsynchronised object. Extracted chains follow {@link Bvecq}'s own rules.
 *
 * <h2>Speed</h2>
 * A typed read or write inside one piece is a bounds test against cached {@code int} fields and one access
 * through a big-endian {@link java.nio.ByteBuffer} view of the piece (made once per chunk, kept with it),
 * which C2 compiles to a plain load or store in the caller's loop. Such a loop compiles as tightly as one over
 * a single contiguous buffer only while the piece never changes in it: the JIT leaves out the piece-change
 * path only if it has never run. So when a message fits in one chunk (a pool whose chunk size is at least the
 * message), {@link #reserve reserve(n)} before writing it: the writes then stay in one piece, and the reads
 * that follow too ({@code BufferBench.intsChainReserved}). The JIT compiles the loop best when it inlines
 * {@code reserve} into the loop's method, as it does in a hot method of ordinary size: {@code BufferBench}'s
 * {@code long} loop ran at about half its speed with {@code reserve} kept out of line
 * ({@code -XX:CompileCommand=dontinline}). A loop that crosses pieces (4 KiB chunks under a
 * 1 MiB message) runs several times slower per value; bulk writes and reads ({@link #write(byte[])},
 * {@link #readFully(byte[])}) copy a piece at a time and are unaffected. Values that straddle pieces, peeks
 * and varints take checked paths. None of the reads and writes allocate, except {@link #readUtf8},
 * {@link #toByteArray}, {@link #hexDump} and {@link #extract}, whose results are new objects, a
 * {@link #writeOwned} region's piece, and the piece table, which grows by doubling and then stays.
 */
public final class ChainBuffer extends ChainBufferReads implements AutoCloseable {
    /**
     * Creates an empty buffer that takes its chunks from the {@linkplain BufferPool#defaultPool() default pool}.
     */
    public ChainBuffer() {
        this(BufferPool.defaultPool());
    }

    /**
     * Creates an empty buffer that takes its chunks from {@code pool}. No chunk is taken before the first write.
     *
     * @param pool an open pool
     * @throws NullPointerException if {@code pool} is null
     */
    public ChainBuffer(BufferPool pool) {
        this(pool, Objects.requireNonNull(pool, "pool").chunkSize());
    }

    /** For tests: writes only the first {@code pieceBytes} of each chunk, so values straddle pieces often. */
    ChainBuffer(BufferPool pool, int pieceBytes) {
        super(pool, pieceBytes);
    }

    /**
     * Consumes the next {@code n} bytes as a new chain, without copying: the chain's slots describe the
     * buffer's memory and hold their own references on it (a pin on each chunk, kind {@link Disposal#UNPIN};
     * a reference on an owned region's node, kind {@link Disposal#NONE}), so the memory stays valid until the
     * chain is released, whatever happens to the buffer. Hand it to the I/O paths or an iterator.
     *
     * @param n the bytes, {@code 0 <= n <= size()}
     * @return the head of the new chain (the caller owns its reference; its {@code fpos} is 0), or {@code null}
     *     if {@code n == 0}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IndexOutOfBoundsException if {@code n > size()} (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public Bvecq extract(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        require(n, "extract");
        if (n == 0) {
            return null;
        }
        ChainBuilder b = new ChainBuilder(Bvecq.DEFAULT_SLOTS, 0);
        boolean success = false;
        try {
            long done = 0;
            for (int k = 0, c = ring.count(); done < n; k++) {
                int i = ring.index(k);
                long s = k == 0 ? rpos : ring.start(i);
                long e = k == c - 1 && wseg != null ? wpos : ring.end(i);
                long t = Math.min(e - s, n - done);
                if (t == 0) {
                    continue;
                }
                Object h = ring.holder(i);
                if (h instanceof PoolChunk chunk) {
                    PoolChunk pin = chunk.pin(); // the extract's own hold, dropped when its node is disposed
                    boolean added = false;
                    try {
                        b.add(Disposal.UNPIN, ring.segment(i), s, t, pin);
                        added = true;
                    } finally {
                        if (!added) {
                            pin.release();
                        }
                    }
                } else {
                    b.addShared((Bvecq) h, ring.segment(i), s, t); // the new node keeps the region's node alive
                }
                done += t;
            }
            success = true;
        } finally {
            if (!success) {
                b.discard();
            }
        }
        copyOut(null, 0, n);
        return b.head();
    }

    /**
     * An {@link InputStream} that reads from this buffer: {@code read} consumes, {@code -1} means the buffer
     * is empty right now, {@code available} is {@link #size()} (capped). Closing the stream does nothing.
     * The same thread rule applies as for the buffer.
     *
     * @return a new view
     */
    public InputStream inputStream() {
        return new BufferStreams.In(this);
    }

    /**
     * An {@link OutputStream} that writes to this buffer. Closing and flushing the stream do nothing.
     *
     * @return a new view
     */
    public OutputStream outputStream() {
        return new BufferStreams.Out(this);
    }

    /**
     * Gives back every piece (chunks to the pool, regions to their owners unless an extract still holds
     * them). Afterwards every method but this one throws {@link BvecqReleasedException}. Closing twice does
     * nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeBase = readBase = 0;
        rseg = null;
        wseg = null;
        rbuf = null;
        wbuf = null;
        rpos = rlimit = wpos = wlimit = 0; // every fast path fails over to a slow path, which throws
        try {
            ring.clear();
        } finally {
            giveBackSpares(0);
        }
    }

    /** Gives the chunks taken ahead back to the pool, the newest first, until {@code keep} are left. */
    private void giveBackSpares(int keep) {
        while (spareCount > keep) {
            PoolChunk c = spares[--spareCount];
            spares[spareCount] = null;
            c.release();
        }
    }

    /**
     * Makes room for the next {@code n} bytes of writes now: takes from the pool, in one call, every chunk
     * they need beyond the room left, so that those writes neither wait for the pool nor fail for want of
     * memory, and a message is either wholly writable or refused before its first byte. If the buffer is
     * empty and nobody else holds its last chunk, writing starts again at that chunk's beginning first (as a
     * write would). The chunks taken ahead stay with the buffer until writes use them or it is closed.
     *
     * <p>Speed: when the room is in the chunk being written ({@code n} at most the chunk size, and the chunk
     * just taken or rewound), the typed writes that follow never leave their fast path, and a loop over them
     * compiles as one over a plain {@code ByteBuffer} ({@code BufferBench}).
     *
     * <p>Threads: the buffer's one thread, as for every method.
     *
     * @param n the bytes, {@code 0 <= n <= pool().maxBytes()}
     * @return this buffer
     * @throws IllegalArgumentException if {@code n} is out of range (nothing changed)
     * @throws PoolExhaustedException if the pool cannot supply every chunk needed now (nothing taken: the
     *     chunks this call had taken are given back)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer reserve(long n) {
        // Keep this method under C2's limit for inlining hot calls (FreqInlineSize, 325 bytes of bytecode; it
        // is 258): at 333 bytes it was not inlined into BufferBench's loop method, and the long loop there ran
        // at half speed. Work that rarely runs belongs in the methods it calls.
        if (n < 0 || n > pool.maxBytes()) {
            throw new IllegalArgumentException("n: " + n + " (expected: 0 <= n <= maxBytes=" + pool.maxBytes() + ")");
        }
        checkOpen("reserve");
        if (n == 0) {
            return this;
        }
        if (wlimit - wpos < n) {
            rewindIfAlone();
        }
        long room = (long) (wlimit - wpos) + (long) spareCount * pieceBytes;
        if (room < n) {
            int need = (int) ((n - room + pieceBytes - 1) / pieceBytes);
            if (spares.length < spareCount + need) {
                spares = Arrays.copyOf(spares, spareCount + need);
            }
            int before = spareCount;
            boolean success = false;
            try {
                while (spareCount < before + need) {
                    spares[spareCount] = pool.take();
                    spareCount++;
                }
                success = true;
            } finally {
                if (!success) {
                    giveBackSpares(before);
                }
            }
        }
        if (wpos == wlimit) {
            nextWritable(); // the next write starts in the fast path: a spare becomes the writer's chunk
        }
        return this;
    }

    /**
     * Describes the buffer: {@code ChainBuffer[size=20, pieces=2]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return closed ? "ChainBuffer[closed]" : "ChainBuffer[size=" + avail() + ", pieces=" + ring.count() + "]";
    }
}
