package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The state of a {@link ChainBuffer} and the piece machinery under its reads and writes: the cached reader
 * and writer pieces, taking and rewinding chunks, moving past spent pieces, and the checks every public
 * method shares. The typed and bulk methods live in {@link ChainBufferWrites} and {@link ChainBufferReads};
 * {@link ChainBuffer} is the one public class. See {@link ChainBuffer} for the model, the errors and the
 * thread rule.
 */
abstract class ChainBufferCore {
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final BufferPool pool;
    final int pieceBytes;       // bytes of each chunk the buffer writes into (tests use fewer than a chunk)
    final PieceRing ring = new PieceRing();
    final byte[] scratch = new byte[16];
    final MemorySegment scratchSeg = MemorySegment.ofArray(scratch);

    // The reader's piece (the ring's first): its memory, next byte, end of written bytes as last loaded.
    // rlimit may lag the writer when the first piece is also the last; reads re-load it on their slow path.
    // rfast is the end for the typed fast paths: rlimit, or 0 for an owned region under unchecked access
    // (memory the buffer does not keep alive itself is always accessed through its segment).
    MemorySegment rseg;
    long raddr; // rseg's address, for unchecked access
    long rpos;
    long rlimit;
    long rfast;
    boolean rOwned; // the reader's piece is an owned region, not a chunk
    // The writer's piece (the ring's last, when it is a chunk with room): wseg null when it is not.
    MemorySegment wseg;
    long waddr; // wseg's address, for unchecked access
    long wpos;
    long wlimit;
    long writeBase; // bytes written = writeBase + wpos (wpos is 0 while there is no writable chunk)
    long readBase;  // bytes read = readBase + rpos
    boolean closed;


    /** An empty buffer over {@code pool} that writes the first {@code pieceBytes} of each chunk. */
    ChainBufferCore(BufferPool pool, int pieceBytes) {
        Objects.requireNonNull(pool, "pool");
        if (pieceBytes < 1 || pieceBytes > pool.chunkSize()) {
            throw new IllegalArgumentException("pieceBytes: " + pieceBytes + " (expected: 1 <= pieceBytes <= "
                    + pool.chunkSize() + ")");
        }
        this.pool = pool;
        this.pieceBytes = pieceBytes;
    }

    // ------------------------------------------------------------------------------------------------
    // Fast-path access. With native access enabled for this module (BufferPool.UNCHECKED), a typed value in
    // a chunk is one load or store at an absolute address, with no check but the caller's bounds test
    // against wlimit/rfast. That is memory-safe because (1) the buffer holds each chunk it caches (wseg,
    // rseg) until it has cleared the cache, and (2) a pool frees its memory only once it is closed and every
    // chunk is back (BufferPool.close()), so a held chunk's address stays mapped even if the pool is closed
    // under the buffer. Without native access, the same methods go through the cached segment (checked).

    /** All of memory, for the unchecked fast paths; null when they are off. */
    static final MemorySegment ALL = BufferPool.UNCHECKED ? MemorySegment.NULL.reinterpret(Long.MAX_VALUE) : null;

    final void store(ValueLayout.OfByte l, long p, byte v) {
        if (BufferPool.UNCHECKED) {
            ALL.set(l, waddr + p, v);
        } else {
            wseg.set(l, p, v);
        }
    }

    final void store(ValueLayout.OfShort l, long p, short v) {
        if (BufferPool.UNCHECKED) {
            ALL.set(l, waddr + p, v);
        } else {
            wseg.set(l, p, v);
        }
    }

    final void store(ValueLayout.OfInt l, long p, int v) {
        if (BufferPool.UNCHECKED) {
            ALL.set(l, waddr + p, v);
        } else {
            wseg.set(l, p, v);
        }
    }

    final void store(ValueLayout.OfLong l, long p, long v) {
        if (BufferPool.UNCHECKED) {
            ALL.set(l, waddr + p, v);
        } else {
            wseg.set(l, p, v);
        }
    }

    final byte load(ValueLayout.OfByte l, long p) {
        return BufferPool.UNCHECKED ? ALL.get(l, raddr + p) : rseg.get(l, p);
    }

    final short load(ValueLayout.OfShort l, long p) {
        return BufferPool.UNCHECKED ? ALL.get(l, raddr + p) : rseg.get(l, p);
    }

    final int load(ValueLayout.OfInt l, long p) {
        return BufferPool.UNCHECKED ? ALL.get(l, raddr + p) : rseg.get(l, p);
    }

    final long load(ValueLayout.OfLong l, long p) {
        return BufferPool.UNCHECKED ? ALL.get(l, raddr + p) : rseg.get(l, p);
    }

    /** Sets the reader's end, and the fast paths' end with it. */
    final void setReadLimit(long limit) {
        rlimit = limit;
        rfast = BufferPool.UNCHECKED && rOwned ? 0 : limit;
    }

    // ------------------------------------------------------------------------------------------------

    /** This object as the public type, for the methods that return {@code this}. */
    final ChainBuffer self() {
        return (ChainBuffer) this;
    }

    /**
     * The readable bytes: written and not yet read. O(1).
     *
     * @return {@code >= 0}
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long size() {
        checkOpen("size");
        return avail();
    }

    /**
     * Tells whether there is nothing to read.
     *
     * @return {@code size() == 0}
     * @throws BvecqReleasedException if the buffer was closed
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The pool the buffer takes its chunks from.
     *
     * @return the pool given at creation
     */
    public BufferPool pool() {
        return pool;
    }

    /** Writes the low {@code n} bytes of {@code be}, most significant first, taking chunks as needed. */
    ChainBuffer writeSlow(long be, int n, String what) {
        checkOpen(what);
        if (wlimit - wpos < n && (wpos == wlimit || avail() == 0)) {
            nextWritable(); // a new chunk, or an empty buffer rewinds its chunk: the value then fits whole
        }
        long p = wpos;
        if (p + n <= wlimit) { // whole in the chunk: one store
            switch (n) {
                case 1 -> store(BYTE, p, (byte) be);
                case 2 -> store(SHORT_BE, p, (short) be);
                case 4 -> store(INT_BE, p, (int) be);
                default -> store(LONG_BE, p, be);
            }
            wpos = p + n;
            return self();
        }
        for (int i = n - 1; i >= 0; i--) {
            if (wpos == wlimit) {
                nextWritable();
            }
            wseg.set(BYTE, wpos++, (byte) (be >>> (i << 3)));
        }
        return self();
    }

    ChainBuffer copyIn(MemorySegment src, long offset, long length) {
        long done = 0;
        while (done < length) {
            if (wpos == wlimit) {
                nextWritable();
            }
            long t = Math.min(wlimit - wpos, length - done);
            MemorySegment.copy(src, offset + done, wseg, wpos, t);
            wpos += t;
            done += t;
        }
        return self();
    }

    /** The last piece stops taking writes: its written end is stored, and the writer caches cleared. */
    void closeWriter() {
        if (wseg != null) {
            ring.setEnd(ring.last(), wpos);
            writeBase += wpos;
            wseg = null;
            wpos = 0;
            wlimit = 0;
        }
    }

    /**
     * Makes room at the end for at least one byte: rewinds the last chunk if the buffer is empty and
     * nobody else holds it, else takes a new chunk.
     */
    void nextWritable() {
        if (avail() == 0 && ring.count() > 0) {
            dropAllButLast();
            int last = ring.last();
            if (wseg != null && ((PoolChunk) ring.holder(last)).holds() == 1) {
                writeBase += wpos; // nothing unread in it and no extract describes it: start again at 0
                wpos = 0;
                ring.setStart(last, 0);
                ring.setEnd(last, 0);
                readBase += rpos;
                rpos = 0;
                setReadLimit(0);
                if (wpos < wlimit) {
                    return;
                }
            }
        }
        PoolChunk c = pool.take();
        closeWriter();
        ring.add(c.segment(), 0, 0, c);
        wseg = c.segment();
        waddr = wseg.address();
        wpos = 0;
        wlimit = pieceBytes;
        if (ring.count() == 1) {
            loadReader();
        }
    }

    /** With nothing unread: gives back every piece but the last. */
    void dropAllButLast() {
        while (ring.count() > 1) {
            ring.removeFirst();
        }
        loadReader();
        rpos = rlimit;
        readBase = writeBase + wpos - rpos; // nothing unread
    }

    /** Reads {@code n <= 8} bytes as a big-endian value, across pieces; checks first. */
    long readSlow(int n, String what) {
        require(n, what);
        if (rpos == rlimit) {
            nextReadable(); // the next piece, or the lagging end of the writer's piece re-loaded
        }
        long p = rpos;
        if (p + n <= rlimit) { // whole in the piece: one checked load (the piece may be an owned region)
            long v = switch (n) {
                case 1 -> rseg.get(BYTE, p) & 0xffL;
                case 2 -> rseg.get(SHORT_BE, p) & 0xffffL;
                case 4 -> rseg.get(INT_BE, p) & 0xffffffffL;
                default -> rseg.get(LONG_BE, p);
            };
            rpos = p + n; // after the load: a closed region's exception consumes nothing
            return v;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            if (rpos == rlimit) {
                nextReadable();
            }
            v = (v << 8) | (rseg.get(BYTE, rpos++) & 0xff);
        }
        return v;
    }

    /** Moves {@code n} checked-readable bytes out (into {@code dst} unless null), piece by piece. */
    void copyOut(MemorySegment dst, long offset, long n) {
        long done = 0;
        while (done < n) {
            if (rpos == rlimit) {
                nextReadable();
            }
            long t = Math.min(rlimit - rpos, n - done);
            if (dst != null) {
                MemorySegment.copy(rseg, rpos, dst, offset + done, t);
            }
            rpos += t;
            done += t;
        }
        releaseIfSpent();
    }

    /** Gives back the first piece at once if it was just read to its end (the last piece stays for the writer). */
    void releaseIfSpent() {
        if (rpos == rlimit && ring.count() > 1) {
            nextReadable();
        }
    }

    /**
     * Copies readable bytes without consuming them: {@code length} bytes starting {@code from} bytes after
     * the next byte to read.
     *
     * @param from the distance from the next byte to read, {@code 0 <= from <= size()}
     * @param dst the destination, writable
     * @param offset where the first byte goes in {@code dst}
     * @param length the count, {@code 0 <= length <= size() - from}, within {@code dst}
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if a range is out of bounds (nothing copied)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void copyTo(long from, MemorySegment dst, long offset, long length) {
        Objects.requireNonNull(dst, "dst");
        checkOpen("copyTo");
        checkRange("dst", offset, length, dst.byteSize());
        long size = avail();
        if (from < 0 || from > size || length > size - from) {
            throw new IndexOutOfBoundsException("from: " + from + ", length: " + length
                    + " (expected: 0 <= from <= from + length <= size=" + size + ")");
        }
        long skip = from;
        long done = 0;
        for (int k = 0, c = ring.count(); k < c && done < length; k++) {
            int i = ring.index(k);
            long s = k == 0 ? rpos : ring.start(i);
            long e = k == c - 1 && wseg != null ? wpos : ring.end(i);
            long avail = e - s;
            if (skip >= avail) {
                skip -= avail;
                continue;
            }
            s += skip;
            skip = 0;
            long t = Math.min(e - s, length - done);
            MemorySegment.copy(ring.segment(i), s, dst, offset + done, t);
            done += t;
        }
    }

    /** Moves the reader to a readable byte: re-loads the first piece's end, else gives it back. Needs size > 0. */
    void nextReadable() {
        for (;;) {
            int first = ring.first();
            setReadLimit(ring.count() == 1 && wseg != null ? wpos : ring.end(first));
            if (rpos < rlimit) {
                return;
            }
            if (ring.count() == 1) {
                return; // the last piece stays, for the writer
            }
            ring.removeFirst();
            loadReader();
        }
    }

    /** Loads the reader's cache from the first piece, keeping the count of bytes read. */
    void loadReader() {
        if (ring.count() == 0) {
            rseg = null;
            rOwned = false;
            readBase += rpos; // the bytes read stay counted
            rpos = 0;
            setReadLimit(0);
            return;
        }
        int first = ring.first();
        rseg = ring.segment(first);
        raddr = rseg.address();
        rOwned = !(ring.holder(first) instanceof PoolChunk);
        long start = ring.start(first);
        readBase += rpos - start; // the bytes read stay counted
        rpos = start;
        setReadLimit(ring.count() == 1 && wseg != null ? wpos : ring.end(first));
    }

    /** The readable bytes: written minus read. */
    long avail() {
        return writeBase + wpos - readBase - rpos;
    }

    void require(long n, String what) {
        checkOpen(what);
        long size = avail();
        if (n > size) {
            throw new IndexOutOfBoundsException(what + ": " + n + " bytes (expected: <= size=" + size + ")");
        }
    }

    void checkOpen(String what) {
        if (closed) {
            throw new BvecqReleasedException("ChainBuffer used after close: " + what);
        }
    }

    static void checkCount(String name, long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: 0 <= " + name + " <= "
                    + (Integer.MAX_VALUE - 8) + ")");
        }
    }

    static void checkRange(String name, long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IndexOutOfBoundsException(name + " offset: " + offset + ", length: " + length
                    + " (expected: 0 <= offset <= offset + length <= " + size + ")");
        }
    }
}
