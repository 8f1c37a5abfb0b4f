package io.bvecq.stress;

import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RegionOwner} that only counts how often it was told to dispose of a region. A node must call
 * it exactly once per slot that names it, so a count above one is a double disposal (a double free,
 * unpin or unlock) and a count of zero after the last release is a lost one.
 *
 * <p>Threads: {@link #dispose} may run on any thread; {@link #disposals()} reads the count atomically.
 */
final class CountingOwner implements RegionOwner {
    private final AtomicInteger disposals = new AtomicInteger();

    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        disposals.incrementAndGet();
    }

    /**
     * The dispose calls so far.
     *
     * @return the count, {@code >= 0}
     */
    int disposals() {
        return disposals.get();
    }
}
