package io.bvecq.stress;

import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model of a page-cache page's lock bit, for the {@link Disposal#UNLOCK} contracts. A page starts
 * locked (as readahead or {@code write_begin} leave it); {@link #unlock()} clears the bit and counts the
 * call. Unlocking a page that is not locked is the kernel's {@code VM_BUG_ON_FOLIO(!folio_test_locked())}
 * in {@code folio_unlock()}: here it is counted, so a test can report it, rather than crashing.
 *
 * <p>As a {@link RegionOwner} the page is unlocked when the node holding its slot is disposed.
 *
 * <p>Threads: every method may be called from any thread.
 */
final class PageLock implements RegionOwner {
    private final AtomicInteger locked = new AtomicInteger(1);
    private final AtomicInteger unlocks = new AtomicInteger();

    /** Clears the lock bit; a second call finds it clear and is the double unlock the tests forbid. */
    void unlock() {
        unlocks.incrementAndGet();
        locked.compareAndSet(1, 0);
    }

    /**
     * Tells whether the page is still locked.
     *
     * @return {@code true} until the first {@link #unlock()}
     */
    boolean isLocked() {
        return locked.get() == 1;
    }

    /**
     * The unlock calls so far: 1 is right once the page's owner is done, 2 or more is a double unlock.
     *
     * @return the count, {@code >= 0}
     */
    int unlocks() {
        return unlocks.get();
    }

    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        unlock();
    }
}
