package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Back-pressure on the pool: the timed and blocking takes, their wake-ups, and the metrics. */
class PoolBackPressureTest {
    private static final int PAGE = BufferPool.PAGE_SIZE;

    @Test
    void timedTakeOnAnExhaustedPoolReturnsNullAfterTheTimeout() throws InterruptedException {
        try (BufferPool pool = BufferPool.create(PAGE, PAGE, false)) {
            PoolChunk only = pool.take();
            long t0 = System.nanoTime();
            assertNull(pool.take(50, TimeUnit.MILLISECONDS));
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(45), "waited " + waited + " ns");
            assertNull(pool.take(0, TimeUnit.SECONDS), "a zero timeout does not wait");
            PoolMetrics m = pool.metrics();
            assertEquals(2, m.waits());
            assertEquals(2, m.timeouts());
            assertTrue(m.waitedNanos() >= TimeUnit.MILLISECONDS.toNanos(45), m.toString());
            only.release();
        }
    }

    @Test
    void timedTakeWithAFreeChunkDoesNotWait() throws InterruptedException {
        try (BufferPool pool = BufferPool.create(PAGE, 2 * PAGE, false)) {
            PoolChunk c = pool.take(0, TimeUnit.NANOSECONDS);
            assertNotNull(c);
            assertEquals(0, pool.metrics().waits());
            c.release();
        }
    }

    @Test
    void aReturnedChunkWakesABlockedTaker() throws Exception {
        try (BufferPool pool = BufferPool.create(PAGE, PAGE, false)) {
            PoolChunk only = pool.take();
            Waiters.Started taker = Waiters.startWaiting(pool::takeBlocking);
            assertThrows(TimeoutException.class, () -> taker.result().get(20, TimeUnit.MILLISECONDS), "waits while the pool is exhausted");
            only.release();
            PoolChunk c = (PoolChunk) taker.get();
            assertSame(only, c, "the returned chunk went to the waiter");
            assertEquals(1, c.holds());
            assertEquals(1, pool.metrics().waits());
            c.release();
        }
    }

    @Test
    void aBufferReleasedWholeWakesEveryBlockedTaker() throws Exception {
        try (BufferPool pool = BufferPool.create(PAGE, 3 * PAGE, false)) {
            Bvecq buffer = BvecqBuffers.allocBuffer(pool, 3 * PAGE, 0);
            List<Waiters.Started> takers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                takers.add(Waiters.startWaiting(pool::takeBlocking));
            }
            buffer.release(); // the node gives its three chunks back in one batch
            Set<PoolChunk> got = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Waiters.Started t : takers) {
                got.add((PoolChunk) t.get()); // a taker left asleep fails here after 5 s
            }
            assertEquals(3, got.size(), "three takers, three distinct chunks");
            assertEquals(3, pool.outstandingChunks());
            got.forEach(PoolChunk::release);
        }
    }

    @Test
    void aReturnedChunkWakesATimedTaker() throws Exception {
        try (BufferPool pool = BufferPool.create(PAGE, PAGE, false)) {
            PoolChunk only = pool.take();
            Waiters.Started taker = Waiters.startWaiting(() -> pool.take(30, TimeUnit.SECONDS));
            only.release();
            PoolChunk c = (PoolChunk) taker.get();
            assertNotNull(c);
            assertEquals(0, pool.metrics().timeouts());
            c.release();
        }
    }

    @Test
    void aBlockedTakerIsInterruptible() throws Exception {
        try (BufferPool pool = BufferPool.create(PAGE, PAGE, false)) {
            PoolChunk only = pool.take();
            Waiters.Started taker = Waiters.startWaiting(pool::takeBlocking);
            taker.thread().interrupt();
            Throwable thrown = taker.failure();
            assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
            assertEquals(1, pool.outstandingChunks(), "the interrupted taker took nothing");
            only.release();
        }
    }

    @Test
    void anInterruptedThreadStillTakesAFreeChunk() throws InterruptedException {
        try (BufferPool pool = BufferPool.create(PAGE, 2 * PAGE, false)) {
            Thread.currentThread().interrupt();
            try {
                PoolChunk c = pool.takeBlocking();
                c.release();
                assertTrue(Thread.currentThread().isInterrupted(), "the status is left alone when nothing waited");
                PoolChunk a = pool.take();
                PoolChunk b = pool.take();
                assertThrows(InterruptedException.class, () -> pool.take(1, TimeUnit.SECONDS));
                a.release();
                b.release();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void closeWakesABlockedTakerWithTheReleasedException() throws Exception {
        BufferPool pool = BufferPool.create(PAGE, PAGE, false);
        PoolChunk held = pool.take();
        Waiters.Started taker = Waiters.startWaiting(pool::takeBlocking);
        pool.close();
        Throwable thrown = taker.failure();
        assertTrue(thrown instanceof BvecqReleasedException, "close left a taker waiting or it failed otherwise: " + thrown);
        held.release();
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(100); // the close with `held` out, reported once
        assertEquals(1, leaks.size(), leaks.toString());
    }

    @Test
    void manyTakersNeverShareAChunkAndAllFinish() throws Exception {
        int chunks = 4;
        int threads = 8;
        int rounds = 2000;
        try (BufferPool pool = BufferPool.create(PAGE, (long) chunks * PAGE, false)) {
            Set<PoolChunk> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean timed = (t & 1) == 0;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < rounds; i++) {
                            PoolChunk c = timed ? pool.take(10, TimeUnit.SECONDS) : pool.takeBlocking();
                            assertNotNull(c, "a timed take timed out while chunks were being returned");
                            synchronized (inUse) {
                                assertTrue(inUse.add(c), "one chunk handed to two takers: " + c);
                            }
                            synchronized (inUse) {
                                inUse.remove(c);
                            }
                            c.release();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) {
                t.join(60_000);
                assertTrue(!t.isAlive(), "a taker never finished: a lost wake-up");
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            PoolMetrics m = pool.metrics();
            assertEquals(0, m.chunksInUse());
            assertTrue(m.highWaterChunks() <= chunks && m.highWaterChunks() >= 1, m.toString());
            assertEquals(chunks, m.allocatedChunks());
        }
    }

    @Test
    void metricsCountInUseHighWaterAndFailures() {
        try (BufferPool pool = BufferPool.create(PAGE, 3 * PAGE, false)) {
            PoolChunk a = pool.take();
            PoolChunk b = pool.take();
            PoolChunk c = pool.take();
            assertThrows(PoolExhaustedException.class, pool::take);
            a.release();
            b.release();
            PoolMetrics m = pool.metrics();
            assertEquals(new PoolMetrics(1, 3, 3, 0, 0, 1, 0), m);
            PoolChunk d = pool.take();
            assertNotSame(c, d);
            assertEquals(3, pool.metrics().highWaterChunks(), "the mark stays at the peak");
            c.release();
            d.release();
        }
    }

    @Test
    void badArgumentsAreRejected() throws InterruptedException {
        try (BufferPool pool = BufferPool.create(PAGE, PAGE, false)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.take(-1, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains("timeout: -1"), e.getMessage());
            assertThrows(NullPointerException.class, () -> pool.take(1, null));
            assertEquals(0, pool.metrics().waits());
        }
        BufferPool closed = BufferPool.create(PAGE, PAGE, false);
        closed.close();
        assertThrows(BvecqReleasedException.class, () -> closed.take(1, TimeUnit.SECONDS));
        assertThrows(BvecqReleasedException.class, closed::takeBlocking);
    }

    @Test
    void awaitedChunkFromAnotherThreadIsUsable() throws ExecutionException, InterruptedException, TimeoutException {
        try (BufferPool pool = BufferPool.create(PAGE, PAGE, false)) {
            PoolChunk only = pool.take();
            CompletableFuture<PoolChunk> f = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.take(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(20);
            only.release();
            PoolChunk c = f.get(10, TimeUnit.SECONDS);
            c.segment().fill((byte) 7);
            c.release();
        }
    }
}
