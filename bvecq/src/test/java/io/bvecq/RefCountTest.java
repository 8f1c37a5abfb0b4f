package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** retain/release, the release cascade, over-release and use after release. */
class RefCountTest {
    @Test
    void retainAddsAReferenceAndReleaseDropsIt() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        assertSame(n, n.retain());
        assertEquals(2, n.refCount());
        assertFalse(n.release());
        assertEquals(1, n.refCount());
        assertTrue(n.release());
        assertEquals(0, n.refCount());
    }

    @Test
    void releaseCascadeStopsAtANodeStillReferenced() {
        Bvecq head = Bvecq.allocChain(4 * Bvecq.DEFAULT_SLOTS, Disposal.NONE);
        Bvecq second = head.nextAcquire();
        Bvecq third = second.nextAcquire();
        Bvecq fourth = third.nextAcquire();
        third.retain();
        assertTrue(head.release());
        assertTrue(head.isReleased());
        assertTrue(second.isReleased());
        assertEquals(1, third.refCount(), "the link's reference went, ours stays");
        assertEquals(1, fourth.refCount(), "untouched past the stop");
        assertFalse(fourth.isReleased());
        third.release();
        assertTrue(fourth.isReleased());
    }

    @Test
    void releaseClearsPrevOfTheSurvivingSuccessor() {
        Bvecq head = Bvecq.allocChain(2 * Bvecq.DEFAULT_SLOTS, Disposal.NONE);
        Bvecq second = head.nextAcquire();
        second.retain();
        head.release();
        assertEquals(null, second.prev());
        second.release();
    }

    @Test
    void retainAfterReleaseIsRejected() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        n.release();
        BvecqReleasedException e = assertThrows(BvecqReleasedException.class, n::retain);
        assertTrue(e.getMessage().contains("Bvecq#" + n.id()) && e.getMessage().contains("retain"), e.getMessage());
        assertEquals(0, n.refCount(), "never resurrected");
    }

    @Test
    void overReleaseReportsTheCounts() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        n.release();
        BvecqReleasedException e = assertThrows(BvecqReleasedException.class, n::release);
        assertTrue(e.getMessage().contains("Bvecq#" + n.id()), e.getMessage());
        assertTrue(e.getMessage().contains("over-released"), e.getMessage());
        assertTrue(e.getMessage().contains("refCount=0") && e.getMessage().contains("expected: refCount >= 1"),
                e.getMessage());
        assertEquals(0, n.refCount());
    }

    @Test
    void everyAccessorOfAReleasedNodeNamesTheNode() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(8);
            Bvecq n = Bvecq.allocOne(2, Disposal.NONE);
            n.appendSlot(seg, 0, 8, null);
            Bvecq other = Bvecq.allocOne(1, Disposal.NONE);
            n.release();
            List<Executable> calls = List.of(
                    () -> n.segment(0), () -> n.offset(0), () -> n.length(0), () -> n.owner(0), n::bytes,
                    n::fpos, n::discontig, n::prev, n::isFull, n::nrSlotsAcquire, n::nextAcquire,
                    () -> n.setFpos(1), () -> n.setDiscontig(true), () -> n.appendSlot(seg, 0, 1, null),
                    () -> n.fillEmptySlot(0, seg, 0, 1, null), () -> n.linkNext(other), () -> other.linkNext(n),
                    () -> n.attachSource(other), () -> other.attachSource(n), n::retain, n::release,
                    () -> BvecqPos.at(n), () -> new BvecqPos().set(n, 0, 0), () -> new BvecqPos().moveTo(n),
                    () -> BvecqBuffers.tail(n), () -> BvecqBuffers.totalBytes(n), () -> BvecqBuffers.nodeCount(n),
                    () -> BvecqBuffers.shortenBuffer(n, 0, 0),
                    () -> BvecqBuffers.appendRegion(n, Disposal.NONE, seg, 0, 1, null));
            for (Executable c : calls) {
                BvecqReleasedException e = assertThrows(BvecqReleasedException.class, c);
                assertTrue(e.getMessage().contains("Bvecq#" + n.id()), e.getMessage());
            }
            assertEquals(1, other.refCount(), "no failed call took a reference on the live node");
            assertEquals(null, other.nextAcquire());
            other.release();
            // diagnostics still work
            assertEquals(0, n.refCount());
            assertTrue(n.isReleased());
            assertEquals(2, n.maxSlots());
            assertEquals(Disposal.NONE, n.disposal());
        }
    }

    @Test
    void positionOnANodeReleasedUnderItFailsClearly() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        BvecqPos p = BvecqPos.at(n);
        n.release();
        n.release(); // a caller bug: drops the position's reference
        for (Executable c : List.<Executable>of(p::nudge, p::step, () -> p.advance(0), () -> p.advanceAtMost(1),
                () -> p.zero(0), p::remaining, p::isAtEnd, () -> p.slice(1, 1), () -> p.extract(1, 1))) {
            BvecqReleasedException e = assertThrows(BvecqReleasedException.class, c);
            assertTrue(e.getMessage().contains("Bvecq#" + n.id()), e.getMessage());
        }
    }

    @Test
    void concurrentRetainReleaseKeepsTheCountExact() throws Exception {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        int threads = 4;
        int rounds = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        Consumer<Bvecq> work = node -> {
            for (int i = 0; i < rounds; i++) {
                node.retain();
                node.release();
            }
        };
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                work.accept(n);
            });
            ts[i].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(1, n.refCount());
        assertTrue(n.release());
    }

    @Test
    void lastOfConcurrentReleasesDisposesExactlyOnce() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            for (int round = 0; round < 200; round++) {
                CountingOwner owner = new CountingOwner();
                Bvecq n = Bvecq.allocOne(1, Disposal.UNLOCK);
                n.appendSlot(arena.allocate(1), 0, 1, owner);
                int threads = 4;
                for (int i = 1; i < threads; i++) {
                    n.retain();
                }
                CountDownLatch start = new CountDownLatch(1);
                boolean[] disposed = new boolean[threads];
                Thread[] ts = new Thread[threads];
                for (int i = 0; i < threads; i++) {
                    int k = i;
                    ts[i] = new Thread(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new RuntimeException(e);
                        }
                        disposed[k] = n.release();
                    });
                    ts[i].start();
                }
                start.countDown();
                int count = 0;
                for (int i = 0; i < threads; i++) {
                    ts[i].join();
                    count += disposed[i] ? 1 : 0;
                }
                assertEquals(1, count, "exactly one release reports disposal");
                assertEquals(1, owner.calls());
            }
        }
    }
}
