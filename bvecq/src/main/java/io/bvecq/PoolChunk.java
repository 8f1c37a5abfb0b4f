package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * One page-aligned block of memory handed out by a {@link BufferPool} to one owner at a time.
 *
 * <p>A chunk counts <em>holds</em>: {@link BufferPool#take()} gives the taker one hold, {@link #pin()}
 * adds one (the pin contract: an owner who releases a pinned chunk cannot free it; the memory goes back
 * to the pool only when the last pin is released too), and {@link #release()} drops one. As a
 * {@link RegionOwner}, a slot that names the chunk owns one hold and drops it when its node is disposed.
 * When the count reaches 0 the chunk is cleared if the pool zeroes on free, and returned to the pool.
 *
 * <p>Threads: any thread may pin or release a chunk it holds. A holder that releases more often than it
 * took holds gets {@link BvecqReleasedException}; a holder that keeps using the chunk after its last
 * release has a bug the pool cannot always see (the chunk may already have a new owner).
 */
public final class PoolChunk implements RegionOwner {
    private static final VarHandle HOLDS;

    static {
        try {
            HOLDS = MethodHandles.lookup().findVarHandle(PoolChunk.class, "holds", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BufferPool pool;
    private final MemorySegment segment;
    private final long index;
    private final String leakName; // built once per chunk, not per take: the leak tracker's resource
    @SuppressWarnings("unused") // accessed through HOLDS
    private int holds;
    // the chunk's leak tracker, made at its first sampled take and kept: armed by a sampled take, disarmed
    // by the last release; the hold count's CAS orders the accesses (take -> release) across threads
    private LeakDetector.Tracker tracker;
    // the next chunk of a batch being given back to the pool (BufferPool.giveBackAll): set only while this
    // chunk has no holds and is in no free list, by the thread returning it; null otherwise
    PoolChunk nextReturned;
    // a big-endian ByteBuffer view of the segment for ChainBuffer's typed fast paths, made on first use and
    // kept: written and read only by a holder, and holders succeed each other through the pool's free list
    // (a CAS) or the owning buffer's thread, so a plain field is published safely
    private ByteBuffer buffer;

    PoolChunk(BufferPool pool, MemorySegment segment, long index) {
        this.pool = pool;
        this.segment = segment;
        this.index = index;
        this.leakName = "PoolChunk#" + index + " (" + segment.byteSize() + " B)";
    }

    /**
     * The chunk's memory: {@link BufferPool#chunkSize()} bytes, aligned to {@link BufferPool#PAGE_SIZE}.
     *
     * @return the segment; valid while the caller holds the chunk and the pool is open
     * @throws BvecqReleasedException if the chunk is not held or its pool was closed
     */
    public MemorySegment segment() {
        checkHeld("segment");
        return segment;
    }

    /**
     * The pool this chunk belongs to.
     *
     * @return the pool
     */
    public BufferPool pool() {
        return pool;
    }

    /**
     * The number of holds right now (owner plus pins), for diagnostics and tests.
     *
     * @return 0 while the chunk sits in the pool
     */
    public int holds() {
        return (int) HOLDS.getVolatile(this);
    }

    /**
     * Pins the chunk: adds one hold, so the memory stays out of the pool until {@link #release()} has
     * been called once more. Used when the chunk's memory is referenced zero-copy by a node of kind
     * {@link Disposal#UNPIN}.
     *
     * @return this chunk, as the owner to name in the pinned slot
     * @throws BvecqReleasedException if the chunk is not held or its pool was closed
     */
    public PoolChunk pin() {
        checkPoolOpen("pin"); // before the hold is added, so a rejected pin changes nothing
        for (;;) {
            int h = (int) HOLDS.getVolatile(this);
            if (h <= 0) {
                throw new BvecqReleasedException(this + " used after release: pin() with holds=" + h);
            }
            if (HOLDS.compareAndSet(this, h, h + 1)) {
                return this;
            }
        }
    }

    /**
     * Drops one hold; the last one returns the chunk to its pool (cleared first if the pool zeroes on free).
     *
     * @throws BvecqReleasedException on over-release, naming the chunk and the counts
     */
    public void release() {
        if (dropHold()) {
            pool.giveBack(this);
        }
    }

    /**
     * Drops one hold as {@link #release()} does, but a chunk whose last hold went is left for the caller to
     * give back to its pool (with {@link BufferPool#giveBackAll}, several at once, linked through
     * {@link #nextReturned}).
     *
     * @return whether that was the last hold: the caller now owes the pool this chunk
     * @throws BvecqReleasedException on over-release, naming the chunk and the counts
     */
    boolean dropHold() {
        for (;;) {
            int h = (int) HOLDS.getVolatile(this);
            if (h <= 0) {
                throw new BvecqReleasedException(this + " over-released: release() with holds=" + h
                        + " (expected: holds >= 1)");
            }
            if (HOLDS.compareAndSet(this, h, h - 1)) {
                if (h != 1) {
                    return false;
                }
                LeakDetector.Tracker t = tracker;
                if (t != null) {
                    t.disarm(); // returned: no longer a leak candidate
                }
                return true;
            }
        }
    }

    /**
     * Drops the hold that a slot naming this chunk owned: the same as {@link #release()}. (A node being
     * disposed of drops its chunks' holds itself and gives the chunks whose last hold went back to their pool
     * together, under one lock; the effect is this method's.)
     *
     * @param kind the node's kind ({@link Disposal#FREE} or {@link Disposal#UNPIN})
     * @param segment the slot's segment
     * @param offset the slot's offset
     * @param length the slot's length
     */
    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        release();
    }

    /** Called by the pool on take: 0 -&gt; 1. A failure means two owners at once, a pool bug. */
    void onTake() {
        if (!HOLDS.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException(this + " handed out while held (holds=" + holds() + ")");
        }
        tracker = LeakDetector.trackTake(this, tracker, leakName);
    }

    /** The whole chunk as a big-endian {@link ByteBuffer} view, made once; for the chunk's holder only. */
    ByteBuffer buffer() {
        ByteBuffer b = buffer;
        if (b == null) {
            b = segment.asByteBuffer();
            buffer = b;
        }
        return b;
    }

    MemorySegment rawSegment() {
        return segment;
    }

    private void checkHeld(String what) {
        int h = (int) HOLDS.getVolatile(this);
        if (h <= 0) {
            throw new BvecqReleasedException(this + " used after release: " + what + " with holds=" + h);
        }
        checkPoolOpen(what);
    }

    /** A closed pool's memory is gone: the message names this chunk, the operation and the pool. */
    private void checkPoolOpen(String what) {
        if (pool.isClosed()) {
            throw new BvecqReleasedException(this + " used after its pool was closed: " + what + " on " + pool);
        }
    }

    /**
     * Describes the chunk: {@code PoolChunk#7[4096 B, holds=1]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "PoolChunk#" + index + "[" + segment.byteSize() + " B, holds=" + (int) HOLDS.getOpaque(this) + "]";
    }
}
