package io.bvecq;

import java.util.Arrays;

/**
 * One stripe of a {@link BufferPool}'s free list: an array stack under a lock, grown only when a new slab
 * brings the chunk count past every earlier peak, so pushing and popping allocate nothing. The most
 * recently returned (cache-warm) chunk comes out first.
 *
 * <p>Padding: stripes are allocated together, and a stripe's lock word (in the object header) and fields
 * must not share a cache line with its neighbour's, or two threads on two stripes would still contend.
 * HotSpot may reorder the fields of one class, but it lays out a superclass's fields before a subclass's,
 * so the padding lives in superclasses (as in JCTools' {@code L1Pad..L3Pad}): 64 bytes before the fields
 * ({@code ChunkStackPad1}) and 64 after ({@code ChunkStackPad2}), which also keeps the next stripe's header
 * away from these fields.
 */
final class ChunkStack extends ChunkStackPad2 {
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

/** Padding between the object header and the stripe's fields. */
@SuppressWarnings("unused")
abstract class ChunkStackPad1 {
    private long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The stripe's state, guarded by the stripe's lock. */
abstract class ChunkStackFields extends ChunkStackPad1 {
    PoolChunk[] chunks = new PoolChunk[16];
    int size;
    boolean closed;
}

/** Padding after the fields, before the next object in memory. */
@SuppressWarnings("unused")
abstract class ChunkStackPad2 extends ChunkStackFields {
    private long p11, p12, p13, p14, p15, p16, p17, p18;
}
