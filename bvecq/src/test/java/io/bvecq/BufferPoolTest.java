package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The page-aligned pool: take, release, pin, zero-on-free, exhaustion, close. */
class BufferPoolTest {
    @Test
    void takeHandsOutPageAlignedChunksOfTheChunkSize() {
        try (BufferPool pool = BufferPool.create(8192, 1 << 20, false)) {
            PoolChunk c = pool.take();
            assertEquals(8192, c.segment().byteSize());
            assertEquals(0, c.segment().address() % BufferPool.PAGE_SIZE);
            assertEquals(1, c.holds());
            assertSame(pool, c.pool());
            assertEquals(1, pool.outstandingChunks());
            assertEquals(1 << 20, pool.allocatedBytes(), "one slab");
            c.release();
            assertEquals(0, c.holds());
            assertEquals(0, pool.outstandingChunks());
            assertEquals(128, pool.pooledChunks());
        }
    }

    @Test
    void releasedChunksAreReusedMostRecentFirst() {
        try (BufferPool pool = BufferPool.create(4096, 8 * 4096, false)) {
            PoolChunk a = pool.take();
            PoolChunk b = pool.take();
            b.release();
            a.release();
            PoolChunk first = pool.take();
            PoolChunk second = pool.take();
            assertSame(a, first);
            assertSame(b, second);
            first.release();
            second.release();
        }
    }

    @Test
    void chunksAreDistinctWhileHeld() {
        try (BufferPool pool = BufferPool.create(4096, 16 * 4096, false)) {
            List<PoolChunk> held = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                held.add(pool.take());
            }
            long distinct = held.stream().mapToLong(c -> c.segment().address()).distinct().count();
            assertEquals(16, distinct);
            held.forEach(PoolChunk::release);
        }
    }

    @Test
    void exhaustionNamesTheLimitAndCounts() {
        try (BufferPool pool = BufferPool.create(4096, 2 * 4096, false)) {
            PoolChunk a = pool.take();
            PoolChunk b = pool.take();
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class, pool::take);
            assertTrue(e.getMessage().contains("maxBytes=8192") && e.getMessage().contains("outstanding chunks=2"),
                    e.getMessage());
            assertEquals(2, pool.outstandingChunks());
            a.release();
            assertSame(a, pool.take(), "a returned chunk can be taken again");
            a.release();
            b.release();
        }
    }

    @Test
    void takeSomeHandsOutDistinctHeldChunksUpToWhatIsFreeThenReportsExhaustion() {
        try (BufferPool pool = BufferPool.create(4096, 5 * 4096, false)) {
            PoolChunk[] got = new PoolChunk[5];
            PoolChunk[] more = new PoolChunk[3];
            assertEquals(3, pool.takeSome(got, 3), "a new slab gives as many as asked");
            assertEquals(2, pool.takeSome(more, 3), "then only what is left");
            got[3] = more[0];
            got[4] = more[1];
            assertNull(more[2]);
            for (int i = 0; i < 5; i++) {
                assertEquals(1, got[i].holds(), "each taken exactly as take() takes it");
            }
            assertEquals(5, java.util.Arrays.stream(got, 0, 5).distinct().count());
            assertEquals(5, pool.outstandingChunks());
            assertEquals(5, pool.metrics().highWaterChunks());
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> pool.takeSome(got, 1));
            assertTrue(e.getMessage().contains("outstanding chunks=5"), e.getMessage());
            assertEquals(1, pool.metrics().failures());
            for (int i = 0; i < 5; i++) {
                got[i].release();
            }
            assertEquals(0, pool.outstandingChunks());
            assertEquals(5, pool.pooledChunks());
        }
    }

    @Test
    void releasingANodeGivesEachChunkBackToItsOwnPoolOnceItsLastHoldGoes() {
        try (BufferPool a = BufferPool.create(4096, 1 << 20, true);
                BufferPool b = BufferPool.create(4096, 1 << 20, false)) {
            Bvecq node = Bvecq.allocOne(200, Disposal.FREE);
            List<PoolChunk> fromA = new ArrayList<>();
            for (int i = 0; i < 150; i++) { // more than one batch, with the pools mixed in runs and singly
                BufferPool pool = (i % 7 == 3 || (i >= 80 && i < 90)) ? b : a;
                PoolChunk c = pool.take();
                c.segment().fill((byte) 0x5a);
                node.appendSlot(c.segment(), 0, 4096, c);
                if (pool == a) {
                    fromA.add(c);
                }
            }
            PoolChunk pinned = fromA.get(5);
            pinned.pin();
            long inA = a.outstandingChunks();
            long inB = b.outstandingChunks();
            assertEquals(150, inA + inB);
            node.release();
            assertEquals(1, a.outstandingChunks(), "the pinned chunk stays out");
            assertEquals(0, b.outstandingChunks());
            assertEquals(inA - 1, a.pooledChunks() - (a.allocatedBytes() / 4096 - inA), "each chunk back once");
            assertEquals(1, pinned.holds());
            for (PoolChunk c : fromA) {
                if (c != pinned) {
                    assertEquals(0, c.rawSegment().get(ValueLayout.JAVA_BYTE, 17), "zeroed on its way back");
                }
            }
            pinned.release();
            assertEquals(0, a.outstandingChunks());
            assertEquals(a.allocatedBytes() / 4096, a.pooledChunks());
            assertEquals(b.allocatedBytes() / 4096, b.pooledChunks());
        }
    }

    @Test
    void pinKeepsTheChunkOutOfThePoolUntilTheLastRelease() {
        try (BufferPool pool = BufferPool.create(4096, 2 * 4096, false)) {
            PoolChunk c = pool.take();
            assertSame(c, c.pin());
            assertEquals(2, c.holds());
            c.release();
            assertEquals(1, pool.outstandingChunks(), "pinned: not back yet");
            assertEquals(1, pool.pooledChunks());
            c.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1); // still usable by the pinner
            c.release();
            assertEquals(0, pool.outstandingChunks());
            assertEquals(2, pool.pooledChunks());
        }
    }

    @Test
    void pinnedChunkInAnUnpinNodeIsReleasedByDisposal() {
        try (BufferPool pool = BufferPool.create(4096, 2 * 4096, false)) {
            PoolChunk c = pool.take();
            Bvecq n = Bvecq.allocOne(1, Disposal.UNPIN);
            n.appendSlot(c.segment(), 0, 4096, c.pin());
            c.release(); // the taker lets go; the slot's pin keeps it
            assertEquals(1, c.holds());
            n.release();
            assertEquals(0, c.holds());
            assertEquals(0, pool.outstandingChunks());
        }
    }

    @Test
    void overReleaseAndUseAfterReleaseOfAChunkAreRejected() {
        try (BufferPool pool = BufferPool.create(4096, 4096, false)) {
            PoolChunk c = pool.take();
            c.release();
            BvecqReleasedException e = assertThrows(BvecqReleasedException.class, c::release);
            assertTrue(e.getMessage().contains("PoolChunk#") && e.getMessage().contains("holds=0")
                    && e.getMessage().contains("expected: holds >= 1"), e.getMessage());
            assertThrows(BvecqReleasedException.class, c::segment);
            assertThrows(BvecqReleasedException.class, c::pin);
            assertEquals(0, c.holds());
            assertEquals(1, pool.pooledChunks(), "returned once, not twice");
        }
    }

    @Test
    void zeroOnFreeClearsReturnedChunks() {
        try (BufferPool pool = BufferPool.create(4096, 4096, true)) {
            assertTrue(pool.zeroOnFree());
            PoolChunk c = pool.take();
            c.segment().fill((byte) 0x5a);
            c.release();
            PoolChunk again = pool.take();
            assertSame(c, again);
            MemorySegment s = again.segment();
            for (long i = 0; i < s.byteSize(); i++) {
                assertEquals(0, s.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
            }
            again.release();
        }
    }

    @Test
    void withoutZeroOnFreeDataStays() {
        try (BufferPool pool = BufferPool.create(4096, 4096, false)) {
            assertFalse(pool.zeroOnFree());
            PoolChunk c = pool.take();
            c.segment().fill((byte) 0x5a);
            c.release();
            PoolChunk again = pool.take();
            assertEquals(0x5a, again.segment().get(ValueLayout.JAVA_BYTE, 100));
            again.release();
        }
    }

    @Test
    void closeFreesTheMemoryAndLaterUseIsRejected() {
        BufferPool pool = BufferPool.create(4096, 1 << 20, false);
        PoolChunk held = pool.take();
        MemorySegment seg = held.segment();
        pool.close();
        assertTrue(pool.isClosed());
        assertThrows(BvecqReleasedException.class, pool::take);
        BvecqReleasedException e = assertThrows(BvecqReleasedException.class, held::segment);
        // names the chunk, the operation and the pool
        assertTrue(e.getMessage().startsWith(held.toString()) && e.getMessage().contains("segment")
                && e.getMessage().contains("BufferPool[") && e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> seg.get(ValueLayout.JAVA_BYTE, 0), "the arena is closed");
        assertThrows(BvecqReleasedException.class, held::pin);
        assertEquals(1, held.holds(), "a rejected pin adds no hold");
        held.release(); // returning a chunk after close is allowed and does nothing else
        assertEquals(0, pool.outstandingChunks());
        assertEquals(0, pool.pooledChunks());
        pool.close(); // twice: nothing
        // closing with a chunk out was reported, once
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(100);
        assertEquals(1, leaks.size(), leaks.toString());
        assertTrue(leaks.get(0).resource().contains("closed with 1 chunk(s) outstanding"), leaks.toString());
    }

    @Test
    void aChunkNeverReturnedIsReportedLikeALeakedChain() {
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false)) {
            takeAndDrop(pool);
            List<LeakDetector.Leak> leaks = LeakDetector.collectNow(500);
            assertEquals(1, leaks.size(), leaks.toString());
            assertTrue(leaks.get(0).resource().startsWith("PoolChunk#"), leaks.toString());
            assertTrue(leaks.get(0).toString().contains("garbage-collected without release()"), leaks.toString());
        }
        LeakDetector.collectNow(100); // the pool was closed with that chunk out: reported too, drained here
    }

    private static void takeAndDrop(BufferPool pool) {
        pool.take().segment().fill((byte) 1); // taken and never released
    }

    @Test
    void toStringShowsTheAllocatedBytes() {
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false)) {
            PoolChunk c = pool.take();
            assertTrue(pool.toString().contains("allocated=" + pool.allocatedBytes()), pool.toString());
            assertTrue(pool.allocatedBytes() > 0);
            c.release();
        }
    }

    @Test
    void aChunkReturnedOnOneThreadCanBeTakenOnEveryOther() throws InterruptedException {
        // one chunk in the whole pool: wherever it was returned, every thread must find it again
        try (BufferPool pool = BufferPool.create(4096, 4096, false)) {
            for (int round = 0; round < 2 * BufferPool.STRIPES; round++) {
                Thread t = new Thread(() -> pool.take().release());
                t.start();
                t.join();
                PoolChunk c = pool.take(); // a different thread id, often a different stripe
                assertEquals(1, pool.outstandingChunks());
                assertEquals(0, pool.pooledChunks());
                c.release();
            }
            assertEquals(4096, pool.allocatedBytes());
            assertEquals(1, pool.pooledChunks());
        }
    }

    @Test
    void theDefaultPoolCannotBeClosed() {
        BufferPool d = BufferPool.defaultPool();
        assertSame(d, BufferPool.defaultPool());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::close);
        assertTrue(e.getMessage().contains("default"), e.getMessage());
        PoolChunk c = d.take();
        assertEquals(BufferPool.DEFAULT_CHUNK_SIZE, c.segment().byteSize());
        c.release();
        assertFalse(d.isClosed());
    }

    @Test
    void aPoolWithAHugeLimitCostsNothingUpFront() {
        long max = (long) BufferPool.DEFAULT_CHUNK_SIZE << 29; // the largest limit: 2^29 chunks
        try (BufferPool pool = BufferPool.create(BufferPool.DEFAULT_CHUNK_SIZE, max, false)) {
            assertEquals(max, pool.maxBytes());
            assertEquals(0, pool.allocatedBytes());
            pool.take().release();
            assertEquals(BufferPool.DEFAULT_SLAB_BYTES, pool.allocatedBytes());
        }
    }

    @Test
    void concurrentTakeAndReleaseNeverHandsOneChunkToTwo() throws Exception {
        try (BufferPool pool = BufferPool.create(4096, 8 * 4096, false)) {
            int threads = 4;
            CountDownLatch start = new CountDownLatch(1);
            Throwable[] failure = new Throwable[1];
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                byte mark = (byte) (t + 1);
                ts[t] = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < 5000; i++) {
                            PoolChunk c;
                            try {
                                c = pool.take();
                            } catch (PoolExhaustedException e) {
                                continue; // 4 threads share 8 chunks: never, but harmless
                            }
                            MemorySegment s = c.segment();
                            s.set(ValueLayout.JAVA_BYTE, 0, mark);
                            Thread.onSpinWait();
                            if (s.get(ValueLayout.JAVA_BYTE, 0) != mark) {
                                throw new AssertionError("chunk shared by two holders");
                            }
                            c.release();
                        }
                    } catch (Throwable e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    }
                });
                ts[t].start();
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(null, failure[0]);
            assertEquals(0, pool.outstandingChunks());
            assertEquals(8, pool.pooledChunks());
        }
    }
}
