package io.bvecq.stress;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Disposal#FREE} owner that behaves like memory going back to a pool and being reused at once:
 * on dispose it overwrites the region with {@link #POISON}. A reader that still looks at the region
 * afterwards sees poison instead of its data. It also counts disposals, and counts an <em>early</em>
 * free when it is called while a guard node that must keep the memory alive is not yet released.
 *
 * <p>Threads: {@link #guard} is set by one thread before the owner can be called; every method may be
 * called from any thread.
 */
final class PoisoningOwner implements RegionOwner {
    /** The byte a freed region is filled with. */
    static final byte POISON = (byte) 0xEE;

    private final AtomicInteger disposals = new AtomicInteger();
    private final AtomicInteger earlyFrees = new AtomicInteger();
    private volatile Bvecq guard;

    /**
     * Names a node whose life must enclose every disposal of this owner's regions.
     *
     * @param node the node; a disposal while it is not released counts as early
     */
    void guard(Bvecq node) {
        guard = node;
    }

    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        Bvecq g = guard;
        if (g != null && !g.isReleased()) {
            earlyFrees.incrementAndGet();
        }
        segment.asSlice(offset, length).fill(POISON);
        disposals.incrementAndGet();
    }

    /**
     * The dispose calls so far.
     *
     * @return the count
     */
    int disposals() {
        return disposals.get();
    }

    /**
     * The dispose calls made while the guard node was still live.
     *
     * @return the count, 0 if the contract held
     */
    int earlyFrees() {
        return earlyFrees.get();
    }
}
