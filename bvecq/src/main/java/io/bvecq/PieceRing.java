package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The pieces of a {@link ChainBuffer}, oldest first, in a ring of parallel arrays that grows by doubling and
 * then stays (no allocation per piece in steady state). A piece is a region {@code [start, end)} of a segment
 * of at most {@link #MAX_PIECE} bytes, a big-endian {@link ByteBuffer} view of that whole segment (the typed
 * fast paths read and write through it, with {@code int} positions), and the holder that keeps it alive: a
 * {@link PoolChunk} (one hold) or a one-slot {@link Bvecq} of an owned region (one reference). Removing a
 * piece drops its holder.
 *
 * <p>The buffer caches the first piece's {@code start} and the last piece's {@code end} in its own fields
 * while it reads and writes them; the values stored here for those two may lag (see {@code ChainBuffer}).
 *
 * <p>Threads: the buffer's one thread.
 */
final class PieceRing {
    /** The largest piece segment: 1 GiB, so that every position in a piece is an {@code int}. */
    static final long MAX_PIECE = 1L << 30;

    private MemorySegment[] segments = new MemorySegment[16];
    private ByteBuffer[] buffers = new ByteBuffer[16];
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private Object[] holders = new Object[16];
    private int mask = 15;
    private int first;
    private int count;

    int count() {
        return count;
    }

    int first() {
        return first;
    }

    int last() {
        return (first + count - 1) & mask;
    }

    /** The array index of the {@code k}-th piece, {@code 0 <= k < count}. */
    int index(int k) {
        return (first + k) & mask;
    }

    MemorySegment segment(int i) {
        return segments[i];
    }

    ByteBuffer buffer(int i) {
        return buffers[i];
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    Object holder(int i) {
        return holders[i];
    }

    void setStart(int i, long start) {
        starts[i] = start;
    }

    void setEnd(int i, long end) {
        ends[i] = end;
    }

    /** Appends a piece; the holder's hold or reference passes to the ring. */
    void add(MemorySegment segment, ByteBuffer buffer, long start, long end, Object holder) {
        if (count == segments.length) {
            grow();
        }
        int i = (first + count) & mask;
        segments[i] = segment;
        buffers[i] = buffer;
        starts[i] = start;
        ends[i] = end;
        holders[i] = holder;
        count++;
    }

    /** Removes the first piece and drops its holder (a chunk goes back to its pool). */
    void removeFirst() {
        int i = first;
        Object h = holders[i];
        segments[i] = null;
        buffers[i] = null;
        holders[i] = null;
        first = (i + 1) & mask;
        count--;
        drop(h);
    }

    /** Removes every piece, dropping every holder; rethrows the first failure of an owner after all are dropped. */
    void clear() {
        RuntimeException failure = null;
        while (count > 0) {
            try {
                removeFirst();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void drop(Object holder) {
        if (holder instanceof PoolChunk c) {
            c.release();
        } else {
            ((Bvecq) holder).release();
        }
    }

    private void grow() {
        int n = segments.length;
        MemorySegment[] s = new MemorySegment[n * 2];
        ByteBuffer[] v = new ByteBuffer[n * 2];
        long[] a = new long[n * 2];
        long[] b = new long[n * 2];
        Object[] h = new Object[n * 2];
        for (int k = 0; k < count; k++) {
            int i = (first + k) & mask;
            s[k] = segments[i];
            v[k] = buffers[i];
            a[k] = starts[i];
            b[k] = ends[i];
            h[k] = holders[i];
        }
        segments = s;
        buffers = v;
        starts = a;
        ends = b;
        holders = h;
        mask = n * 2 - 1;
        first = 0;
    }
}
