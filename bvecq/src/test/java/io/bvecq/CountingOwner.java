package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A RegionOwner that counts its dispose calls and records each call's kind and region; optionally throws. */
final class CountingOwner implements RegionOwner {
    record Call(Disposal kind, MemorySegment segment, long offset, long length) {
    }

    final AtomicInteger calls = new AtomicInteger();
    final List<Call> log = new ArrayList<>();
    private final RuntimeException toThrow;

    CountingOwner() {
        this(null);
    }

    CountingOwner(RuntimeException toThrow) {
        this.toThrow = toThrow;
    }

    @Override
    public synchronized void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        calls.incrementAndGet();
        log.add(new Call(kind, segment, offset, length));
        if (toThrow != null) {
            throw toThrow;
        }
    }

    int calls() {
        return calls.get();
    }
}
