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

    /**
     * Pops up to {@code max} chunks into {@code into[from..]}, most recently returned first, under one hold
     * of the lock.
     *
     * @return how many were popped, {@code 0 <= result <= max}
     */
    synchronized int popInto(PoolChunk[] into, int from, int max) {
        int k = Math.min(max, size);
        for (int i = 0; i < k; i++) {
            into[from + i] = chunks[--size];
            chunks[size] = null;
        }
        return k;
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

    /**
     * Pushes the {@code n} chunks linked from {@code first} through {@link PoolChunk#nextReturned}, in list
     * order, under one hold of the lock, clearing the links; ignored (links still cleared) once closed.
     */
    synchronized void pushAll(PoolChunk first, int n) {
        if (!closed && size + n > chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(16, Math.max(size + n, size * 2)));
        }
        for (PoolChunk c = first; c != null; ) {
            PoolChunk next = c.nextReturned;
            c.nextReturned = null;
            if (!closed) {
                chunks[size++] = c;
            }
            c = next;
        }
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
