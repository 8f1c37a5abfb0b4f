package io.bvecq.stress.sensitivity;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stripped-down copy of {@link io.bvecq.Bvecq}'s reference counting with the decrement done wrong,
 * for the sensitivity tests: {@link #release()} reads the count and writes it back minus one as two
 * separate (volatile) accesses instead of one compare-and-set, and disposes when it read 1.
 *
 * <p>Threads: any thread holding a reference may release it.
 */
final class RacyRefNode {
    private volatile int refCount = 1;
    private final AtomicInteger disposals = new AtomicInteger();

    /** Takes one more reference (used only before the race, single-threaded). */
    void retain() {
        refCount++;
    }

    /**
     * Drops one reference, non-atomically.
     *
     * @return {@code true} if this call disposed of the node
     */
    boolean release() {
        int c = refCount;
        refCount = c - 1; // BROKEN on purpose: a read-modify-write that another release can interleave
        if (c == 1) {
            disposals.incrementAndGet();
            return true;
        }
        return false;
    }

    int disposals() {
        return disposals.get();
    }

    int refCount() {
        return refCount;
    }
}
