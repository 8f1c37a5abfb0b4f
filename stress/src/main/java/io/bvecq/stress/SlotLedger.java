package io.bvecq.stress;

import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Book-keeping for a queue test: for each numbered region, how often the consumer read it and how often
 * its owner was told to dispose of it, and whether a disposal came before the read. Region {@code k}
 * is identified by its length, {@code k} bytes, so a reader can tell which one it is looking at.
 *
 * <p>Threads: every method may be called from any thread.
 */
final class SlotLedger {
    private final AtomicIntegerArray reads;
    private final AtomicIntegerArray disposals;
    private final AtomicIntegerArray disposedUnread;

    /**
     * Creates a ledger for regions {@code 1..count}.
     *
     * @param count the number of regions, {@code >= 1}
     */
    SlotLedger(int count) {
        reads = new AtomicIntegerArray(count + 1);
        disposals = new AtomicIntegerArray(count + 1);
        disposedUnread = new AtomicIntegerArray(count + 1);
    }

    /**
     * The owner to name in region {@code k}'s slot.
     *
     * @param k the region, {@code 1..count}
     * @return an owner that records the disposal of region {@code k}
     */
    RegionOwner owner(int k) {
        return (Disposal kind, MemorySegment segment, long offset, long length) -> {
            if (reads.get(k) == 0) {
                disposedUnread.incrementAndGet(k);
            }
            disposals.incrementAndGet(k);
        };
    }

    /**
     * Records that the consumer read region {@code k}.
     *
     * @param k the region, {@code 1..count}
     */
    void read(int k) {
        reads.incrementAndGet(k);
    }

    /**
     * Tells whether every region was disposed of at most once and never before it was read.
     *
     * @return {@code true} if no region was disposed twice or unread
     */
    boolean noEarlyOrDoubleDisposal() {
        for (int k = 1; k < disposals.length(); k++) {
            if (disposals.get(k) > 1 || disposedUnread.get(k) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether every region was read exactly once and disposed of exactly once.
     *
     * @return {@code true} when the queue's whole life was correct
     */
    boolean allReadAndDisposedOnce() {
        for (int k = 1; k < disposals.length(); k++) {
            if (reads.get(k) != 1 || disposals.get(k) != 1 || disposedUnread.get(k) != 0) {
                return false;
            }
        }
        return true;
    }
}
