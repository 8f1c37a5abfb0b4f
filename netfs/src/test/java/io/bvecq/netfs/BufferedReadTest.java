package io.bvecq.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BufferedReadTest {
    private ExecutorService ex;
    private BufferPool pool;

    @BeforeEach
    void setUp() {
        ex = Executors.newFixedThreadPool(4);
        pool = BufferPool.create(4096, 64L << 20, false);
    }

    @AfterEach
    void tearDown() {
        ex.shutdownNow();
        assertEquals(0, pool.outstandingChunks(), "every chunk back in the pool");
        pool.close();
    }

    private static byte[] copyOut(PageCache pc, long pos, int len) {
        byte[] out = new byte[len];
        pc.copyOut(pos, MemorySegment.ofArray(out), 0, len);
        return out;
    }

    @Test
    void pagesAreFilledAndEachUnlockedOnceWithUptodatePagesSkipped() throws IOException {
        byte[] model = ReadRequestTest.model(40 * 4096 + 100, 1);
        ModelServer server = new ModelServer(model, new Limits(3 * 4096, 2), new Limits(4096, 2), null);
        try (PageCache pc = new PageCache(pool)) {
            // pages 5 and 6 already up to date: the chain has a hole there and the node after it is discontiguous
            for (int i : new int[] {5, 6}) {
                Page p = pc.grab(i * 4096L);
                p.lock();
                MemorySegment.copy(MemorySegment.ofArray(model), i * 4096L, p.segment(), 0, 4096);
                p.unlock(true);
            }
            RequestStats st = new Netfs(server, null, ex, pool, 4).readBuffered(pc, 0, model.length, null, null);
            assertEquals(model.length - 2 * 4096 - 100 + 4096, st.bytes(), st.toString()); // whole last page
            assertArrayEquals(model, copyOut(pc, 0, model.length));
            for (long at = 0; at < model.length; at += 4096) {
                Page p = pc.peek(at);
                assertTrue(p.isUptodate());
                assertFalse(p.isLocked());
                assertEquals(1, p.unlockCount(), "page at " + at);
            }
            // the second time nothing is read
            RequestStats again = new Netfs(server, null, ex, pool, 4).readBuffered(pc, 0, model.length, null, null);
            assertEquals(0, again.bytes());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The seed's {@code NO_UNLOCK_FOLIO} race: the caller locked a page itself (write_begin) and asked for it to
     * be read; the read is abandoned. Every other page is unlocked exactly once, the caller's page never, so the
     * caller's own unlock is the first and only one.
     */
    @Test
    void anAbandonedReadNeverUnlocksThePageItsCallerOwns() throws Exception {
        byte[] model = ReadRequestTest.model(16 * 4096, 2);
        ModelServer inner = new ModelServer(model, new Limits(4096, 1), new Limits(4096, 1), null);
        // everything from page 9 on fails
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) ->
                pos >= 9 * 4096 ? FaultyServer.Fault.error() : FaultyServer.Fault.PASS);
        try (PageCache pc = new PageCache(pool)) {
            Page mine = pc.grab(3 * 4096);
            mine.lock();
            assertThrows(IOException.class,
                    () -> new Netfs(server, null, ex, pool, 3).readBuffered(pc, 0, model.length, mine, null));
            assertTrue(mine.isLocked(), "the caller's page is still the caller's");
            assertEquals(0, mine.unlockCount());
            for (int i = 0; i < 16; i++) {
                Page p = pc.peek(i * 4096L);
                if (p == mine) {
                    continue;
                }
                assertFalse(p.isLocked(), "page " + i);
                assertEquals(1, p.unlockCount(), "page " + i + " unlocked exactly once");
                assertEquals(i < 9, p.isUptodate(), "page " + i);
            }
            mine.unlock(false); // the caller's unlock: the first and only
            assertEquals(1, mine.unlockCount());
        }
    }

    @Test
    void theCallersPageIsFilledButLeftLockedOnSuccess() throws Exception {
        byte[] model = ReadRequestTest.model(4 * 4096, 3);
        ModelServer server = new ModelServer(model, new Limits(8192, 4), new Limits(8192, 4), null);
        try (PageCache pc = new PageCache(pool)) {
            Page mine = pc.grab(4096);
            mine.lock();
            new Netfs(server, null, ex, pool, 2).readBuffered(pc, 0, model.length, mine, null);
            assertTrue(mine.isLocked());
            byte[] got = new byte[4096];
            MemorySegment.copy(mine.segment(), 0, MemorySegment.ofArray(got), 0, 4096);
            assertArrayEquals(Arrays.copyOfRange(model, 4096, 8192), got);
            mine.unlock(true);
            assertArrayEquals(model, copyOut(pc, 0, model.length));
        }
    }

    /**
     * The seed's abandonment fix: two sub-requests come back short and are expected to need a retry; the first
     * one's retry succeeds (it no longer needs one), the second fails for good. Abandonment must start at the
     * collected point, the second sub-request: the first one's pages are unlocked up to date once, the rest once,
     * not up to date, and none twice.
     */
    @Test
    void abandonmentStartsAtTheCollectedPointWhenAnExpectedRetryNoLongerNeedsOne() throws Exception {
        byte[] model = ReadRequestTest.model(8 * 4096, 4);
        ModelServer inner = new ModelServer(model, new Limits(2 * 4096, 2), new Limits(4096, 1), null);
        java.util.concurrent.ConcurrentHashMap<Long, Integer> tries = new java.util.concurrent.ConcurrentHashMap<>();
        FaultyServer server = new FaultyServer(inner, (call, w, pos, count) -> {
            long sub = pos / (2 * 4096);
            int n = tries.merge(sub, 1, Integer::sum);
            if (sub == 0) {
                return n == 1 ? FaultyServer.Fault.shortBy(100) : FaultyServer.Fault.PASS;
            }
            if (sub == 1) {
                return n == 1 ? FaultyServer.Fault.shortBy(100) : FaultyServer.Fault.error();
            }
            return FaultyServer.Fault.PASS;
        });
        try (PageCache pc = new PageCache(pool)) {
            assertThrows(IOException.class, () -> new Netfs(server, null, ex, pool, 4).readBuffered(pc, 0, model.length, null, null));
            for (int i = 0; i < 8; i++) {
                Page p = pc.peek(i * 4096L);
                assertEquals(1, p.unlockCount(), "page " + i);
                assertEquals(i < 2, p.isUptodate(), "page " + i);
            }
        }
    }

    @Test
    void unlockingTwiceIsRejected() throws InterruptedException {
        try (PageCache pc = new PageCache(pool)) {
            Page p = pc.grab(0);
            p.lock();
            p.unlock(true);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.unlock(true));
            assertTrue(e.getMessage().contains("unlocked twice"), e.getMessage());
            assertEquals(1, p.unlockCount());
        }
    }
}
