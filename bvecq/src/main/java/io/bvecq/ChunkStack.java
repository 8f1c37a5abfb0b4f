package io.bvecq;

import java.util.Arrays;

/**
 * One stripe of a {@link BufferPool}'s free list: an array stack under a lock, grown only when a new slab
 * brings the chunk count past every earlier peak, so pushing and popping allocate nothing. The most
 * recently returned (cache-warm) chunk comes out first.
 */
final class ChunkStack {
    private PoolChunk[] chunks = new PoolChunk[16];
    private int size;
    private boolean closed;
    // Padding: stripes are allocated together, and a stripe's lock word and fields should not share a cache
    // line with its neighbour's, or two threads on two stripes would still contend.
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7, p8;

    synchronized PoolChunk pop() {
        if (size == 0) {
            return null;
        }
        PoolChunk c = chunks[--size];
        chunks[size] = null;
        return c;
    }

    synchronized void push(PoolChunk c) {
        if (closed) {
            return;
        }
        if (size == chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(16, size * 2));
        }
        chunks[size++] = c;
    }

    synchronized int size() {
        return size;
    }

    /** Drops every chunk; later pushes are ignored. */
    synchronized void close() {
        closed = true;
        chunks = new PoolChunk[0];
        size = 0;
    }
}
