package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The state of a {@link ChainBuffer} and the piece machinery under its reads and writes: the cached reader
 * and writer pieces, taking and rewinding chunks, moving past spent pieces, and the checks every public
 * method shares. The typed and bulk methods live in {@link ChainBufferWrites} and {@link ChainBufferReads}.
 * Use {@link ChainBuffer}, the one class of the four that can be made; its doc is the contract (model,
 * errors, thread rule) for every method declared here.
 *
 * <p>Why the halves are public: javac gives a public class a forwarding copy of every public method it
 * inherits from a package-private class, and the JIT compiles such a copy without profiling it. A caller's
 * loop then saw each typed read and write as a cold call too large to inline (C2's {@code -XX:+PrintInlining}
 * on {@code BufferBench.intsChainReserved}: "failed to inline: callee is too large"). Declared in public
 * classes, they are inherited as they are, and inline.
 */
public abstract sealed class ChainBufferCore permits ChainBufferWrites {
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    final BufferPool pool;
    final int pieceBytes;       // bytes of each chunk the buffer writes into (tests use fewer than a chunk)
    final PieceRing ring = new PieceRing();
    final byte[] scratch = new byte[16];
    final MemorySegment scratchSeg = MemorySegment.ofArray(scratch);

    // The reader's piece (the ring's first): its memory (segment and buffer view), next byte, end of written
    // bytes. rlimit lags the writer while the first piece is also the last: then every read tests against
    // wpos instead (readEnd), and closeWriter makes rlimit final when the writer leaves the piece. Positions
    // are ints (pieces are at most PieceRing.MAX_PIECE): C2 compiles an int-indexed ByteBuffer access in a
    // caller's counted loop to a plain load, where a long-indexed one kept its checks (TypedLoopBench).
    MemorySegment rseg;
    ByteBuffer rbuf;
    int rpos;
    int rlimit;
    // The writer's piece (the ring's last, when it is a chunk with room): wseg and wbuf null when it is not.
    MemorySegment wseg;
    ByteBuffer wbuf;
    int wpos;
    int wlimit;
    long writeBase; // bytes written = writeBase + wpos (wpos is 0 while there is no writable chunk)
    long readBase;  // bytes read = readBase + rpos
    boolean closed;
    // chunks taken ahead by reserve(), not yet in the ring; the writer uses them before taking from the pool
    PoolChunk[] spares = new PoolChunk[0];
    int spareCount;


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

    /**
     * The end of the readable bytes in the reader's piece: the writer's position when the reader reads the
     * piece the writer writes (the buffers are the same object only then; both null only when there is no
     * piece, and wpos is 0), else the piece's stored end as loaded.
     */
    final int readEnd() {
        return rbuf == wbuf ? wpos : rlimit;
    }

    /** Writes the low {@code n} bytes of {@code be}, most significant first, taking chunks as needed. */
    ChainBuffer writeSlow(long be, int n, String what) {
        checkOpen(what);
        if (wlimit - wpos < n && avail() == 0) {
            nextWritable(); // an empty buffer may rewind its chunk: the value then fits whole
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
            int t = (int) Math.min(wlimit - wpos, length - done);
            MemorySegment.copy(src, offset + done, wseg, wpos, t);
            wpos += t;
            done += t;
        }
        return self();
    }

    /** The last piece stops taking writes: its written end is stored, and the writer caches cleared. */
    void closeWriter() {
        if (wseg != null) {
            if (rbuf == wbuf) {
                rlimit = wpos; // the reader's piece is finished: its end is final, as readEnd() will read it
            }
            ring.setEnd(ring.last(), wpos);
            writeBase += wpos;
            wseg = null;
            wbuf = null;
            wpos = 0;
            wlimit = 0;
        }
    }

    /**
     * Makes room at the end for at least one byte: rewinds the last chunk if the buffer is empty and
     * nobody else holds it, else takes a new chunk.
     */
    void nextWritable() {
        if (rewindIfAlone()) {
            return;
        }
        PoolChunk c;
        if (spareCount > 0) {
            c = spares[--spareCount];
            spares[spareCount] = null;
        } else {
            c = pool.take();
        }
        closeWriter();
        ring.add(c.segment(), c.buffer(), 0, 0, c);
        wseg = c.segment();
        wbuf = c.buffer();
        wpos = 0;
        wlimit = pieceBytes;
        if (ring.count() == 1) {
            loadReader();
        }
    }

    /**
     * With nothing unread and nobody else holding the last chunk: starts writing again at its beginning, and
     * tells whether there is room there now.
     */
    boolean rewindIfAlone() {
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
                rlimit = 0;
                return wpos < wlimit;
            }
        }
        return false;
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
        long v = 0;
        for (int i = 0; i < n; i++) {
            if (rpos == readEnd()) {
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
            if (rpos == readEnd()) {
                nextReadable();
            }
            int t = (int) Math.min(readEnd() - rpos, n - done);
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
        if (rpos == readEnd() && ring.count() > 1) {
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
            rlimit = ring.count() == 1 && wseg != null ? wpos : (int) ring.end(first);
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
            rbuf = null;
            readBase += rpos; // the bytes read stay counted
            rpos = rlimit = 0;
            return;
        }
        int first = ring.first();
        rseg = ring.segment(first);
        rbuf = ring.buffer(first);
        int start = (int) ring.start(first);
        readBase += rpos - start; // the bytes read stay counted
        rpos = start;
        rlimit = ring.count() == 1 && wseg != null ? wpos : (int) ring.end(first);
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
