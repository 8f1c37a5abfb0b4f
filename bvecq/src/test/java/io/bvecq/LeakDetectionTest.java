package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.bvecq.testing.LeakChecks;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leak detector at its three levels, its listener, and releases racing the garbage collector. */
class LeakDetectionTest {
    @AfterEach
    void restore() {
        LeakDetector.setLevel(LeakDetector.Level.PARANOID);
        LeakDetector.setListener(null);
    }

    private static void leak(int count) {
        for (int i = 0; i < count; i++) {
            Bvecq.allocOne(1, Disposal.NONE); // dropped with refCount=1
        }
    }

    @Test
    void unreleasedChainIsReported() {
        leak(1);
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(2000);
        assertEquals(1, leaks.size(), "leaks: " + leaks);
        assertTrue(leaks.get(0).resource().startsWith("Bvecq#"), leaks.get(0).resource());
        assertTrue(leaks.get(0).resource().contains("(NONE, 1 slots)"), leaks.get(0).resource());
        assertTrue(leaks.get(0).toString().endsWith("was garbage-collected without release()"), leaks.get(0).toString());
        assertNotNull(leaks.get(0).allocationSite(), "paranoid mode records the allocation site");
    }

    @Test
    void releasedChainIsNotReported() {
        Bvecq b = Bvecq.allocChain(3 * Bvecq.DEFAULT_SLOTS, Disposal.NONE);
        b.release();
        b = null;
        assertEquals(List.of(), LeakDetector.collectNow(500));
    }

    @Test
    void paranoidReportsEveryLeakedNode() {
        leak(50);
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(5000);
        assertEquals(50, leaks.size());
        for (LeakDetector.Leak l : leaks) {
            assertNotNull(l.allocationSite());
        }
    }

    @Test
    void aLeakedChainReportsEachNodeOnlyOnce() {
        Bvecq.allocChain(2 * Bvecq.DEFAULT_SLOTS + 1, Disposal.NONE); // three nodes, dropped
        assertEquals(3, LeakDetector.collectNow(5000).size());
        assertEquals(List.of(), LeakDetector.collectNow(200), "reported leaks are forgotten");
    }

    @Test
    void sampledTracksAboutOneNodeInTheInterval() {
        LeakDetector.setLevel(LeakDetector.Level.SAMPLED);
        int tracked0 = LeakDetector.tracked();
        List<Bvecq> held = new ArrayList<>();
        for (int i = 0; i < 128 * 40; i++) {
            held.add(Bvecq.allocOne(1, Disposal.NONE));
        }
        int sampled = LeakDetector.tracked() - tracked0;
        // binomial(5120, 1/128): mean 40, sd 6.3; 12..80 is far outside any plausible run
        assertTrue(sampled >= 12 && sampled <= 80, "tracked " + sampled + " of 5120");
        held.forEach(Bvecq::release);
        assertEquals(tracked0, LeakDetector.tracked(), "released nodes are forgotten");
        held.clear();
        leak(128 * 40);
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(5000);
        assertTrue(leaks.size() >= 12 && leaks.size() <= 80, "reported " + leaks.size() + " of 5120 leaks");
        assertNull(leaks.get(0).allocationSite(), "sampled mode records no allocation site");
    }

    @Test
    void disabledTracksNothing() {
        LeakDetector.setLevel(LeakDetector.Level.DISABLED);
        assertEquals(LeakDetector.Level.DISABLED, LeakDetector.level());
        int tracked0 = LeakDetector.tracked();
        leak(1000);
        assertEquals(tracked0, LeakDetector.tracked());
        assertEquals(List.of(), LeakDetector.collectNow(500));
    }

    @Test
    void theLevelAppliesToNodesAllocatedAfterTheChange() {
        LeakDetector.setLevel(LeakDetector.Level.DISABLED);
        leak(5);
        LeakDetector.setLevel(LeakDetector.Level.PARANOID);
        leak(2);
        assertEquals(2, LeakDetector.collectNow(5000).size());
    }

    @Test
    void trackedCountFollowsAllocationAndRelease() {
        int tracked0 = LeakDetector.tracked();
        Bvecq b = Bvecq.allocChain(2 * Bvecq.DEFAULT_SLOTS, Disposal.NONE);
        assertEquals(tracked0 + 2, LeakDetector.tracked());
        b.release();
        assertEquals(tracked0, LeakDetector.tracked());
    }

    @Test
    void theListenerGetsLeaksWhenTheDetectorPolls() throws InterruptedException {
        List<LeakDetector.Leak> got = Collections.synchronizedList(new ArrayList<>());
        Consumer<LeakDetector.Leak> old = LeakDetector.setListener(got::add);
        assertNotNull(old);
        leak(1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(5);
            LeakDetector.poll();
        }
        assertEquals(1, got.size());
    }

    @Test
    void releasesRacingTheCollectorAreNeverReported() throws Exception {
        List<LeakDetector.Leak> reported = Collections.synchronizedList(new ArrayList<>());
        LeakDetector.setListener(reported::add); // polls on tracked allocations report here
        AtomicBoolean stop = new AtomicBoolean();
        Thread gc = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                LeakDetector.poll();
            }
        }, "gc-racer");
        gc.start();
        try (Arena arena = Arena.ofShared()) {
            CountingOwner owner = new CountingOwner();
            long deadline = System.nanoTime() + 2_000_000_000L;
            int rounds = 0;
            while (rounds < 50_000 && System.nanoTime() < deadline) {
                Bvecq n = Bvecq.allocOne(2, Disposal.UNLOCK);
                n.appendSlot(arena.allocate(1), 0, 1, owner);
                BvecqPos p = BvecqPos.at(n);
                n.release();
                p.unset(); // the last reference goes through the position; nothing refers to n afterwards
                rounds++;
            }
            assertEquals(rounds, owner.calls());
            assertTrue(rounds > 100, "rounds: " + rounds);
        } finally {
            stop.set(true);
            gc.join();
        }
        assertEquals(List.of(), reported);
        assertEquals(List.of(), LeakDetector.collectNow(500));
    }

    @Test
    void aChunkKeepsOneTrackerAndOnlyATakeNeverReleasedIsReported() {
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false)) {
            int tracked0 = LeakDetector.tracked();
            PoolChunk first = pool.take();
            assertEquals(tracked0 + 1, LeakDetector.tracked(), "a taken chunk is tracked");
            first.release();
            assertEquals(tracked0, LeakDetector.tracked(), "a released chunk is not");
            PoolChunk again = pool.take();
            assertSame(first, again, "the pool hands the same chunk out again");
            again.release();
            again = null;
            first = null;
            assertEquals(List.of(), LeakDetector.collectNow(300), "two takes, two releases: nothing to report");
            takeAndDrop(pool); // the same chunk a third time, never released
            List<LeakDetector.Leak> leaks = LeakDetector.collectNow(2000);
            assertEquals(1, leaks.size(), leaks.toString());
            assertTrue(leaks.get(0).resource().startsWith("PoolChunk#0 "), leaks.toString());
            assertEquals("taken here", leaks.get(0).allocationSite().getMessage());
            assertEquals(List.of(), LeakDetector.collectNow(200), "reported once");
        }
        LeakDetector.collectNow(100); // the pool was closed with that chunk out: reported too, drained here
    }

    private static void takeAndDrop(BufferPool pool) {
        pool.take().segment().fill((byte) 1);
    }

    @Test
    void chunksReleasedBeforeTheirPoolWentAreNeverReported() {
        BufferPool pool = BufferPool.create(4096, 1 << 20, false);
        PoolChunk[] held = new PoolChunk[64];
        for (int i = 0; i < held.length; i++) {
            held[i] = pool.take(); // 64 trackers made
        }
        for (PoolChunk c : held) {
            c.release();
        }
        pool.close();
        pool = null;
        Arrays.fill(held, null);
        assertEquals(List.of(), LeakDetector.collectNow(500), "the chunks went with their pool, all released");
    }

    @Test
    void takingAndReleasingChunksAllocatesNothingOnceEachChunkHasItsTracker() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false)) {
            PoolChunk[] batch = new PoolChunk[64];
            cycle(pool, batch, 1); // paranoid: every one of the 64 chunks gets its tracker now
            LeakDetector.setLevel(LeakDetector.Level.SAMPLED);
            cycle(pool, batch, 200); // the sampled path compiled, the pool grown to its size
            long before = threads.getCurrentThreadAllocatedBytes();
            cycle(pool, batch, 2000); // 128,000 takes: about 1,000 sampled
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // a tracker per sampled take would be about 100 KB here; measuring itself may cost a few bytes
            assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 128,000 takes and releases");
            assertEquals(0, pool.outstandingChunks());
        }
    }

    private static void cycle(BufferPool pool, PoolChunk[] batch, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < batch.length; i++) {
                batch[i] = pool.take();
            }
            for (PoolChunk c : batch) {
                c.release();
            }
        }
    }

    @Test
    void leakChecksFailNamingTheLeakedNodes() {
        leak(2);
        AssertionError e = assertThrows(AssertionError.class, () -> LeakChecks.assertNoLeaks("this test"));
        assertTrue(e.getMessage().startsWith("2 leaked node(s) in this test: [LEAK: Bvecq#"), e.getMessage());
        assertEquals(2, e.getSuppressed().length, "allocation sites attached");
        LeakChecks.assertNoLeaks("after the report"); // reported leaks are not reported again
    }
}
