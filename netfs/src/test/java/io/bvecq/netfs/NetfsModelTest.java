package io.bvecq.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.netfs.TestChains.Range;
import io.bvecq.netfs.TestChains.Releases;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model test: random object sizes, chain layouts with holes (several file ranges, empty and one-byte slots),
 * cache contents and block sizes, rsize/wsize and segment limits, depths and fault schedules (short transfers,
 * errors, latency that completes sub-requests out of order, cache read and write errors), checked against byte[]
 * models of the server and the cache: the bytes exact, every region released exactly once and in order (all ok,
 * or an ok prefix when the request failed), every pool chunk back.
 */
class NetfsModelTest {
    private static final int TRIALS = Integer.getInteger("netfs.model.trials", 300);

    private ExecutorService ex;
    private BufferPool pool;

    @BeforeEach
    void setUp() {
        ex = Executors.newFixedThreadPool(6);
        pool = BufferPool.create(4096, 256L << 20, false);
    }

    @AfterEach
    void tearDown() {
        ex.shutdownNow();
        pool.close();
    }

    @Test
    void requestsAgreeWithTheModel() throws Exception {
        int failures = 0;
        int reads = 0;
        for (int t = 0; t < TRIALS; t++) {
            long seed = 0x5eed0000L + t;
            try {
                boolean failed = switch (t % 3) {
                    case 0 -> directRead(seed);
                    case 1 -> bufferedRead(seed);
                    default -> write(seed);
                };
                failures += failed ? 1 : 0;
                reads += t % 3 != 2 ? 1 : 0;
                assertEquals(0, pool.outstandingChunks(), "every chunk back in the pool");
            } catch (Throwable e) {
                throw new AssertionError("trial " + t + " (seed " + Long.toHexString(seed) + "): " + e, e);
            }
        }
        assertTrue(failures > 0 && failures < TRIALS / 2, "fault schedules made some requests fail: " + failures);
        assertTrue(reads > 0);
    }

    private static Limits limits(Random r) {
        int len = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(100);
            case 1 -> 4096;
            default -> 1 + r.nextInt(64 * 1024);
        };
        return new Limits(len, 1 + r.nextInt(8));
    }

    /** A fault schedule, and whether it injects errors at all (only then may a request fail). */
    record Sched(FaultyServer.Schedule schedule, boolean errors) {
    }

    private static Sched schedule(Random r, long seed) {
        double shortOdds = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.4;
        double errorOdds = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.08;
        FaultyServer.Schedule random = FaultyServer.random(seed, shortOdds, errorOdds, 0.3);
        if (r.nextInt(6) != 0) {
            return new Sched(random, errorOdds > 0);
        }
        long bad = r.nextInt(150_000); // a bad spot: every call covering it fails, so retries run out
        return new Sched((call, w, pos, count) -> pos <= bad && bad < pos + count ? FaultyServer.Fault.error()
                : random.next(call, w, pos, count), true);
    }

    private static ModelCache cache(Random r, byte[] model) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        int block = new int[] {512, 1024, 4096}[r.nextInt(3)];
        ModelCache c = new ModelCache(block, model.length);
        int blocks = (model.length + block - 1) / block;
        for (int i = 0; i < 3 && blocks > 0; i++) {
            int from = r.nextInt(blocks);
            c.preload(model, from, Math.min(blocks, from + 1 + r.nextInt(blocks - from)));
        }
        c.failReads = r.nextInt(10) == 0;
        c.failWrites = r.nextInt(10) == 0;
        return c;
    }

    /** Every block the cache holds agrees with the model (zeroes past its end). */
    private static void cacheAgrees(ModelCache c, byte[] model) {
        if (c == null) {
            return;
        }
        int blocks = (model.length + c.block - 1) / c.block;
        for (int b = 0; b < blocks + 4; b++) {
            if (!c.holds(b)) {
                continue;
            }
            byte[] want = new byte[c.block];
            long s = (long) b * c.block;
            if (s < model.length) {
                System.arraycopy(model, (int) s, want, 0, (int) Math.min(c.block, model.length - s));
            }
            assertArrayEquals(want, c.bytes(s, c.block), "cache block " + b);
        }
    }

    private static void releasedOnce(Releases rel, Bvecq chain, boolean failed) {
        assertNull(rel.orderError);
        assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get() + rel.notOk.get(), "every region released once");
        assertFalse(rel.sawNotOkBeforeOk, "the regions released ok are a prefix");
        if (!failed) {
            assertEquals(0, rel.notOk.get());
        }
    }

    private boolean directRead(long seed) throws Exception {
        Random r = new Random(seed);
        byte[] model = ReadRequestTest.model(r.nextInt(4) == 0 ? 0 : r.nextInt(200_000), seed);
        ModelServer inner = new ModelServer(model, limits(r), limits(r), null);
        Sched sched = schedule(r, seed);
        FaultyServer server = new FaultyServer(inner, sched.schedule());
        ModelCache cache = cache(r, model);
        List<Range> ranges = new ArrayList<>();
        long at = r.nextInt(5000);
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            long len = 1 + r.nextInt(80_000);
            ranges.add(new Range(at, len));
            at += len + r.nextInt(20_000);
        }
        try (Arena arena = Arena.ofShared()) {
            Bvecq chain = TestChains.chain(arena, ranges, r);
            try {
                Releases rel = new Releases();
                boolean failed = false;
                try {
                    new Netfs(server, cache, ex, pool, 1 + r.nextInt(8)).read(chain, rel, null);
                    assertArrayEquals(TestChains.expected(model, ranges), TestChains.bytes(chain));
                } catch (IOException e) {
                    if (!sched.errors()) {
                        throw new AssertionError("failed without an injected error", e);
                    }
                    failed = true;
                }
                releasedOnce(rel, chain, failed);
                cacheAgrees(cache, model);
                return failed;
            } finally {
                chain.release();
            }
        }
    }

    private boolean bufferedRead(long seed) throws Exception {
        Random r = new Random(seed);
        byte[] model = ReadRequestTest.model(r.nextInt(150_000), seed);
        ModelServer inner = new ModelServer(model, limits(r), limits(r), null);
        Sched sched = schedule(r, seed);
        FaultyServer server = new FaultyServer(inner, sched.schedule());
        ModelCache cache = cache(r, model);
        try (PageCache pc = new PageCache(pool)) {
            // some pages are already up to date: the request's chain has holes
            int pages = (model.length + 4095) / 4096;
            for (int i = 0; i < pages; i++) {
                if (r.nextInt(5) == 0) {
                    Page p = pc.grab(i * 4096L);
                    p.lock();
                    p.segment().fill((byte) 0);
                    MemorySegment.copy(MemorySegment.ofArray(model), i * 4096L, p.segment(), 0,
                            Math.min(4096, model.length - i * 4096L));
                    p.unlock(true);
                }
            }
            boolean failed = false;
            long start = model.length == 0 ? 0 : r.nextInt(model.length);
            long len = r.nextInt(120_000);
            try {
                new Netfs(server, cache, ex, pool, 1 + r.nextInt(8)).readBuffered(pc, start, len, null, null);
                byte[] got = new byte[(int) len];
                pc.copyOut(start, MemorySegment.ofArray(got), 0, len);
                byte[] want = new byte[(int) len];
                if (start < model.length) {
                    System.arraycopy(model, (int) start, want, 0, (int) Math.min(len, model.length - start));
                }
                assertArrayEquals(want, got);
            } catch (IOException e) {
                if (!sched.errors()) {
                    throw new AssertionError("failed without an injected error", e);
                }
                failed = true;
            }
            for (long p = start - start % 4096; p < start + len; p += 4096) {
                Page pg = pc.peek(p);
                assertFalse(pg.isLocked(), "page " + p + " unlocked");
                assertTrue(pg.unlockCount() <= 1 + (pg.isUptodate() ? 1 : 0), "page " + p + " unlocks " + pg.unlockCount());
                if (!failed) {
                    assertTrue(pg.isUptodate(), "page " + p);
                }
            }
            cacheAgrees(cache, model);
            return failed;
        }
    }

    private boolean write(long seed) throws Exception {
        Random r = new Random(seed);
        byte[] base = ReadRequestTest.model(r.nextInt(100_000), seed);
        WritePreparer prep = r.nextBoolean() ? null : (pos, rem, attempt) -> new Limits(1 + r.nextInt(8192), 1 + r.nextInt(4));
        ModelServer inner = new ModelServer(base, limits(r), limits(r), prep);
        Sched sched = schedule(r, seed);
        FaultyServer server = new FaultyServer(inner, sched.schedule());
        ModelCache cache = cache(r, base);
        long fpos = r.nextInt(4) == 0 ? (long) r.nextInt(30) * 4096 : r.nextInt(120_000);
        byte[] data = ReadRequestTest.model(1 + r.nextInt(100_000), seed + 1);
        byte[] model = new byte[(int) fpos + data.length];
        System.arraycopy(data, 0, model, (int) fpos, data.length);
        try (Arena arena = Arena.ofShared()) {
            Bvecq chain = TestChains.chain(arena, List.of(new Range(fpos, data.length)), r);
            TestChains.fill(chain, model);
            try {
                Releases rel = new Releases();
                boolean failed = false;
                RequestStats st = null;
                try {
                    st = new Netfs(server, cache, ex, pool, 1 + r.nextInt(8)).write(chain, rel, null);
                } catch (IOException e) {
                    if (!sched.errors()) {
                        throw new AssertionError("failed without an injected error", e);
                    }
                    failed = true;
                }
                releasedOnce(rel, chain, failed);
                if (!failed) {
                    byte[] want = Arrays.copyOf(base, Math.max(base.length, (int) fpos + data.length));
                    System.arraycopy(data, 0, want, (int) fpos, data.length);
                    assertArrayEquals(want, inner.content());
                    if (cache != null && !st.cacheInvalidated()) {
                        cacheAgrees(cache, want);
                    }
                }
                return failed;
            } finally {
                chain.release();
            }
        }
    }
}
