package io.bvecq.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.extract.PinSource;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.netfs.TestChains.Range;
import io.bvecq.netfs.TestChains.Releases;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteRequestTest {
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

    /** A chain at {@code fpos} holding {@code data}. */
    private Bvecq chainOf(long fpos, byte[] data, long seed) {
        Bvecq c = TestChains.chain(arena, List.of(new Range(fpos, data.length)), new Random(seed));
        byte[] model = new byte[(int) fpos + data.length];
        System.arraycopy(data, 0, model, (int) fpos, data.length);
        TestChains.fill(c, model);
        return c;
    }

    private static byte[] applied(byte[] base, long fpos, byte[] data) {
        byte[] out = Arrays.copyOf(base, Math.max(base.length, (int) fpos + data.length));
        System.arraycopy(data, 0, out, (int) fpos, data.length);
        return out;
    }

    @Test
    void writesToServerAndCacheAtOnceAndReleasesEachRegionOnce() throws IOException {
        byte[] base = ReadRequestTest.model(50_000, 1);
        byte[] data = ReadRequestTest.model(123_457, 2);
        ModelServer server = new ModelServer(base, new Limits(9_000, 4), new Limits(10_000, 3), null);
        ModelCache cache = new ModelCache(512, base.length);
        Bvecq chain = chainOf(4096, data, 3);
        try {
            Releases rel = new Releases();
            RequestStats st = new Netfs(server, cache, ex, pool, 4).write(chain, rel, null);
            byte[] want = applied(base, 4096, data);
            assertArrayEquals(want, server.content());
            assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get());
            assertEquals(0, rel.notOk.get());
            assertFalse(st.cacheInvalidated());
            assertEquals(1, cache.collects.get(), "one contiguous run, one metadata update");
            assertArrayEquals(Arrays.copyOfRange(want, 4096, want.length), cache.bytes(4096, data.length));
            assertTrue(cache.holds(8) && cache.holds((4096 + data.length - 1) / 512));
        } finally {
            chain.release();
        }
    }

    /** The seed's NULL {@code prepare_write}: a server without one gets the short write simply reissued. */
    @Test
    void aShortWriteIsReissuedWhenTheServerHasNoPrepareWrite() throws IOException {
        byte[] data = ReadRequestTest.model(40_000, 4);
        ModelServer inner = new ModelServer(new byte[0], new Limits(8192, 4), new Limits(8192, 4), null);
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) ->
                call % 2 == 0 ? FaultyServer.Fault.shortBy(count / 3) : FaultyServer.Fault.PASS);
        assertTrue(server.writePreparer().isEmpty());
        Bvecq chain = chainOf(0, data, 5);
        try {
            RequestStats st = new Netfs(server, null, ex, pool, 2).write(chain, RegionRelease.NONE, null);
            assertArrayEquals(data, inner.content());
            assertTrue(st.retries() > 0, st.toString());
        } finally {
            chain.release();
        }
    }

    @Test
    void prepareWriteRenegotiatesTheLimitsOfTheRetry() throws IOException {
        byte[] data = ReadRequestTest.model(64 * 1024, 6);
        List<long[]> asked = new CopyOnWriteArrayList<>();
        List<Long> sizes = new CopyOnWriteArrayList<>();
        WritePreparer prep = (pos, remaining, attempt) -> {
            asked.add(new long[] {pos, remaining, attempt});
            return new Limits(1000, 1);
        };
        ModelServer inner = new ModelServer(new byte[0], new Limits(16_384, 8), new Limits(16_384, 8), prep) {
            @Override
            public long write(long position, IoIter src) throws IOException {
                sizes.add(src.count());
                return super.write(position, src);
            }
        };
        AtomicInteger first = new AtomicInteger();
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) ->
                pos == 0 && first.getAndIncrement() == 0 ? FaultyServer.Fault.shortBy(10) : FaultyServer.Fault.PASS);
        Bvecq chain = chainOf(0, data, 7);
        try {
            new Netfs(server, null, ex, pool, 1).write(chain, RegionRelease.NONE, null);
            assertArrayEquals(data, inner.content());
            assertFalse(asked.isEmpty());
            assertEquals(10, asked.get(0)[0], "the retry starts where the short write stopped");
            assertEquals(16_384 - 10, asked.get(0)[1]);
            assertTrue(sizes.stream().skip(1).limit(asked.size()).allMatch(n -> n <= 1000), sizes.toString());
        } finally {
            chain.release();
        }
    }

    @Test
    void aCacheWriteErrorNeverFailsTheUploadAndInvalidatesTheCache() throws IOException {
        byte[] data = ReadRequestTest.model(30_000, 8);
        ModelServer server = new ModelServer(new byte[0], new Limits(8192, 4), new Limits(8192, 4), null);
        ModelCache cache = new ModelCache(4096, 0);
        cache.failWrites = true;
        Bvecq chain = chainOf(0, data, 9);
        try {
            RequestStats st = new Netfs(server, cache, ex, pool, 2).write(chain, RegionRelease.NONE, null);
            assertArrayEquals(data, server.content());
            assertTrue(st.cacheInvalidated());
            assertEquals(1, cache.invalidations.get());
            assertEquals(0, cache.collects.get());
        } finally {
            chain.release();
        }
    }

    @Test
    void aWriteTheCacheCannotFollowInvalidatesIt() throws IOException {
        byte[] base = ReadRequestTest.model(100_000, 10);
        byte[] data = ReadRequestTest.model(1000, 11);
        ModelServer server = new ModelServer(base, new Limits(8192, 4), new Limits(8192, 4), null);
        ModelCache cache = new ModelCache(4096, base.length);
        cache.preload(base, 0, 25);
        Bvecq chain = chainOf(5000, data, 12); // unaligned, inside the object
        try {
            RequestStats st = new Netfs(server, cache, ex, pool, 2).write(chain, RegionRelease.NONE, null);
            assertArrayEquals(applied(base, 5000, data), server.content());
            assertTrue(st.cacheInvalidated());
            assertFalse(cache.holds(1), "no stale block left");
        } finally {
            chain.release();
        }
    }

    @Test
    void anUploadFailingBeyondItsRetriesReleasesEveryRegionOnce() {
        byte[] data = ReadRequestTest.model(40_000, 13);
        ModelServer inner = new ModelServer(new byte[0], new Limits(8192, 4), new Limits(8192, 4), null);
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) ->
                pos >= 16_384 ? FaultyServer.Fault.error() : FaultyServer.Fault.PASS);
        Bvecq chain = chainOf(0, data, 14);
        try {
            Releases rel = new Releases();
            assertThrows(IOException.class, () -> new Netfs(server, null, ex, pool, 2).write(chain, rel, null));
            assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get() + rel.notOk.get());
            assertFalse(rel.sawNotOkBeforeOk);
        } finally {
            chain.release();
        }
    }

    /** The seed's {@code netfs_limit_iter} KVEC crash: a write from a KVEC iterator is sized with limit(). */
    @Test
    void aKvecBackedWriteGoesThroughLimit() throws IOException {
        byte[] a = ReadRequestTest.model(5000, 15);
        byte[] b = ReadRequestTest.model(7000, 16);
        MemorySegment sa = arena.allocate(a.length);
        MemorySegment sb = arena.allocate(b.length);
        sa.copyFrom(MemorySegment.ofArray(a));
        sb.copyFrom(MemorySegment.ofArray(b));
        ModelServer server = new ModelServer(new byte[0], new Limits(3000, 2), new Limits(3000, 2), null);
        try (IoIter kv = IoIter.kvec(Direction.SOURCE, sa, sb)) {
            RequestStats st = new Netfs(server, null, ex, pool, 2).write(100, kv, null, null);
            assertEquals(12_000, st.bytes());
            assertEquals(0, kv.count());
        }
        byte[] want = new byte[100 + 12_000];
        System.arraycopy(a, 0, want, 100, a.length);
        System.arraycopy(b, 0, want, 100 + a.length, b.length);
        assertArrayEquals(want, server.content());
    }

    /** The seed's {@code netfs_extract_user_iter} fix: a short extraction writes what it got and reports it. */
    @Test
    void aShortExtractionFromAUserBufferWritesWhatItGot() throws IOException {
        byte[] a = ReadRequestTest.model(5000, 17);
        byte[] b = ReadRequestTest.model(7000, 18);
        MemorySegment sa = arena.allocate(a.length);
        MemorySegment sb = arena.allocate(b.length);
        sa.copyFrom(MemorySegment.ofArray(a));
        sb.copyFrom(MemorySegment.ofArray(b));
        AtomicInteger pins = new AtomicInteger();
        PinSource refuseSecond = (seg, off, len) -> {
            if (pins.incrementAndGet() > 1) {
                throw new IllegalStateException("EFAULT: page not present");
            }
            return io.bvecq.RegionOwner.callerKeepsAlive();
        };
        ModelServer server = new ModelServer(new byte[0], new Limits(3000, 2), new Limits(3000, 2), null);
        try (IoIter kv = IoIter.kvec(Direction.SOURCE, sa, sb)) {
            RequestStats st = new Netfs(server, null, ex, pool, 2).write(0, kv, refuseSecond, null);
            assertEquals(5000, st.bytes(), "the first region only");
            assertEquals(7000, kv.count());
        }
        assertArrayEquals(a, server.content());
        // nothing extractable at all is an error
        try (IoIter kv = IoIter.kvec(Direction.SOURCE, sb)) {
            assertThrows(IllegalStateException.class,
                    () -> new Netfs(server, null, ex, pool, 2).write(0, kv, refuseSecond, null));
        }
    }
}
