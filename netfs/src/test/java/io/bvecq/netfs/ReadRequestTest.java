package io.bvecq.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.netfs.TestChains.Range;
import io.bvecq.netfs.TestChains.Releases;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadRequestTest {
    private ExecutorService ex;
    private BufferPool pool;
    private Arena arena;

    @BeforeEach
    void setUp() {
        ex = Executors.newFixedThreadPool(4);
        pool = BufferPool.create(4096, 64L << 20, false);
        arena = Arena.ofShared();
    }

    @AfterEach
    void tearDown() {
        ex.shutdownNow();
        assertEquals(0, pool.outstandingChunks(), "every chunk back in the pool");
        pool.close();
        arena.close();
    }

    static byte[] model(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private RequestStats read(NetfsServer s, NetfsCache c, int depth, Bvecq chain, Releases rel) throws IOException {
        return new Netfs(s, c, ex, pool, depth).read(chain, rel, null);
    }

    @Test
    void readsEveryRangeInFileOrderAndReleasesEachRegionOnce() throws IOException {
        byte[] model = model(200_000, 1);
        ModelServer server = new ModelServer(model, new Limits(10_000, 3), new Limits(10_000, 3), null);
        List<Range> ranges = List.of(new Range(100, 50_000), new Range(70_000, 30_000), new Range(150_000, 49_000));
        Bvecq chain = TestChains.chain(arena, ranges, new Random(2));
        try {
            Releases rel = new Releases();
            RequestStats st = read(server, null, 4, chain, rel);
            assertArrayEquals(TestChains.expected(model, ranges), TestChains.bytes(chain));
            assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get());
            assertEquals(0, rel.notOk.get());
            assertNull(rel.orderError);
            assertEquals(129_000, st.bytes());
            assertEquals(129_000, st.fromServer());
            assertTrue(st.subrequests() >= 13, "rsize 10000 over three ranges: " + st);
        } finally {
            chain.release();
        }
    }

    @Test
    void shortReadPastTheEndIsZeroFilled() throws IOException {
        byte[] model = model(10_000, 3);
        ModelServer server = new ModelServer(model, new Limits(8192, 4), new Limits(8192, 4), null);
        List<Range> ranges = List.of(new Range(4096, 20_000));
        Bvecq chain = TestChains.chain(arena, ranges, new Random(4));
        try {
            Releases rel = new Releases();
            RequestStats st = read(server, null, 2, chain, rel);
            assertArrayEquals(TestChains.expected(model, ranges), TestChains.bytes(chain));
            assertEquals(10_000 - 4096, st.fromServer());
            assertEquals(20_000 - (10_000 - 4096), st.zeroFilled());
        } finally {
            chain.release();
        }
    }

    @Test
    void shortReadsAreRetriedFromWhereTheyStopped() throws IOException {
        byte[] model = model(300_000, 5);
        ModelServer inner = new ModelServer(model, new Limits(32_768, 8), new Limits(32_768, 8), null);
        FaultyServer server = new FaultyServer(inner, FaultyServer.random(7, 0.5, 0, 0.3));
        List<Range> ranges = List.of(new Range(0, 300_000));
        Bvecq chain = TestChains.chain(arena, ranges, new Random(6));
        try {
            Releases rel = new Releases();
            RequestStats st = read(server, null, 8, chain, rel);
            assertArrayEquals(model, TestChains.bytes(chain));
            assertTrue(st.retries() > 0 && server.shorts.get() > 0, st.toString());
            assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get());
        } finally {
            chain.release();
        }
    }

    @Test
    void aReadWithNoProgressFailsWithEnodataAndReleasesEverythingOnce() {
        byte[] model = model(100_000, 8);
        ModelServer inner = new ModelServer(model, new Limits(16_384, 8), new Limits(16_384, 8), null);
        // the third call transfers nothing before the end of the object
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) ->
                call == 2 ? new FaultyServer.Fault(FaultyServer.Kind.SHORT, 0, 0) : FaultyServer.Fault.PASS);
        List<Range> ranges = List.of(new Range(0, 100_000));
        Bvecq chain = TestChains.chain(arena, ranges, new Random(9));
        try {
            Releases rel = new Releases();
            IOException e = assertThrows(IOException.class, () -> read(server, null, 1, chain, rel));
            assertTrue(e.getMessage().contains("ENODATA"), e.getMessage());
            assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get() + rel.notOk.get());
            assertFalse(rel.sawNotOkBeforeOk);
            assertTrue(rel.ok.get() > 0 && rel.notOk.get() > 0);
        } finally {
            chain.release();
        }
    }

    @Test
    void errorsAreRetriedThreeTimesThenTheReadFails() {
        byte[] model = model(50_000, 10);
        ModelServer inner = new ModelServer(model, new Limits(100_000, 64), new Limits(100_000, 64), null);
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) -> FaultyServer.Fault.error());
        List<Range> ranges = List.of(new Range(0, 50_000));
        Bvecq chain = TestChains.chain(arena, ranges, new Random(11));
        try {
            Releases rel = new Releases();
            assertThrows(IOException.class, () -> read(server, null, 1, chain, rel));
            assertEquals(1 + Request.MAX_RETRIES, server.calls.get(), "one attempt and three retries");
            assertEquals(TestChains.slotsWithBytes(chain), rel.notOk.get());
        } finally {
            chain.release();
        }
    }

    @Test
    void anErrorThenSuccessIsRetried() throws IOException {
        byte[] model = model(50_000, 12);
        ModelServer inner = new ModelServer(model, new Limits(8_000, 64), new Limits(8_000, 64), null);
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) ->
                call % 3 == 1 ? FaultyServer.Fault.error() : FaultyServer.Fault.PASS);
        List<Range> ranges = List.of(new Range(0, 50_000));
        Bvecq chain = TestChains.chain(arena, ranges, new Random(13));
        try {
            RequestStats st = read(server, null, 3, chain, new Releases());
            assertArrayEquals(model, TestChains.bytes(chain));
            assertTrue(st.retries() > 0);
        } finally {
            chain.release();
        }
    }

    @Test
    void aServerReportingMoreThanAskedFailsTheRead() {
        byte[] model = model(20_000, 14);
        NetfsServer liar = new ModelServer(model, new Limits(4096, 4), new Limits(4096, 4), null) {
            @Override
            public long read(long position, io.bvecq.iter.IoIter dst) throws IOException {
                return super.read(position, dst) + 1;
            }
        };
        Bvecq chain = TestChains.chain(arena, List.of(new Range(0, 8192)), new Random(15));
        try {
            IOException e = assertThrows(IOException.class, () -> read(liar, null, 1, chain, new Releases()));
            assertTrue(e.getMessage().contains("expected: 0 <= bytes <="), e.getMessage());
        } finally {
            chain.release();
        }
    }

    @Test
    void aSecondReadComesFromTheCache() throws IOException {
        byte[] model = model(100_000, 16);
        ModelServer server = new ModelServer(model, new Limits(16_384, 16), new Limits(16_384, 16), null);
        ModelCache cache = new ModelCache(512, model.length);
        List<Range> ranges = List.of(new Range(0, 100_000));
        Bvecq a = TestChains.chain(arena, ranges, new Random(17));
        Bvecq b = TestChains.chain(arena, ranges, new Random(18));
        try {
            RequestStats first = read(server, cache, 4, a, new Releases());
            assertEquals(100_000, first.fromServer());
            assertTrue(first.toCache() >= 100_000, first.toString());
            assertArrayEquals(TestChains.expected(model, ranges), cache.bytes(0, 100_000));
            int reads = server.reads.get();
            RequestStats second = read(server, cache, 4, b, new Releases());
            assertEquals(100_000, second.fromCache(), second.toString());
            assertEquals(reads, server.reads.get(), "no server read the second time");
            assertArrayEquals(model, TestChains.bytes(b));
        } finally {
            a.release();
            b.release();
        }
    }

    @Test
    void aCacheReadErrorRetriesFromTheServer() throws IOException {
        byte[] model = model(64 * 1024, 19);
        ModelServer server = new ModelServer(model, new Limits(16_384, 16), new Limits(16_384, 16), null);
        ModelCache cache = new ModelCache(4096, model.length);
        cache.preload(model, 0, 8);
        cache.failReads = true;
        List<Range> ranges = List.of(new Range(0, model.length));
        Bvecq chain = TestChains.chain(arena, ranges, new Random(20));
        try {
            RequestStats st = read(server, cache, 4, chain, new Releases());
            assertArrayEquals(model, TestChains.bytes(chain));
            assertEquals(model.length, st.fromServer());
            assertEquals(0, st.fromCache());
        } finally {
            chain.release();
        }
    }

    @Test
    void occupancyIsAskedOnlyWhenTheCursorPassesTheKnownExtents() throws IOException {
        byte[] model = model(256 * 1024, 21);
        ModelServer server = new ModelServer(model, new Limits(4096, 16), new Limits(4096, 16), null);
        ModelCache cache = new ModelCache(4096, model.length);
        cache.preload(model, 0, 64); // everything: one extent
        Bvecq chain = TestChains.chain(arena, List.of(new Range(0, model.length)), new Random(22));
        try {
            RequestStats st = read(server, cache, 4, chain, new Releases());
            assertEquals(model.length, st.fromCache());
            assertEquals(1, cache.queries.get(), "one query answers the whole range");
        } finally {
            chain.release();
        }
    }

    /** An interrupt does not hand the chain back while workers may still write into it: the read finishes. */
    @Test
    void anInterruptedReadWaitsForItsSubrequestsAndKeepsTheFlag() throws IOException {
        byte[] model = model(64 * 1024, 25);
        ModelServer inner = new ModelServer(model, new Limits(8192, 8), new Limits(8192, 8), null);
        FaultyServer slow = new FaultyServer(inner, (call, w, pos, count) -> new FaultyServer.Fault(FaultyServer.Kind.PASS,
                0, 20_000));
        Bvecq chain = TestChains.chain(arena, List.of(new Range(0, model.length)), new Random(26));
        Thread me = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(30_000_000L);
            me.interrupt();
        });
        try {
            interrupter.start();
            RequestStats st = read(slow, null, 2, chain, new Releases());
            assertEquals(model.length, st.fromServer());
            assertArrayEquals(model, TestChains.bytes(chain));
            interrupter.join();
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            chain.release();
        }
    }

    @Test
    void progressIsReportedEvery256KiB() throws IOException {
        byte[] model = model(1 << 20, 23);
        ModelServer server = new ModelServer(model, new Limits(64 << 10, 64), new Limits(64 << 10, 64), null);
        Bvecq chain = TestChains.chain(arena, List.of(new Range(0, model.length)), new Random(24));
        try {
            AtomicInteger calls = new AtomicInteger();
            long[] last = {0};
            new Netfs(server, null, ex, pool, 4).read(chain, RegionRelease.NONE, c -> {
                assertTrue(c - last[0] >= Request.PROGRESS_STEP || c == model.length, "step " + (c - last[0]));
                last[0] = c;
                calls.incrementAndGet();
            });
            assertEquals(model.length, last[0]);
            assertTrue(calls.get() >= 4 && calls.get() <= 5, "calls: " + calls.get());
        } finally {
            chain.release();
        }
    }
}
