package io.bvecq.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.PoolChunk;
import io.bvecq.PoolExhaustedException;
import io.bvecq.RegionOwner;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExtractorTest {
    private Arena arena;
    private BufferPool pool;

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
        pool = BufferPool.create();
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, pool.outstandingChunks(), "every copy chunk returned");
        pool.close();
        arena.close();
    }

    /** Counts pins and their releases, per pin. */
    static final class CountingPins implements PinSource {
        final List<AtomicInteger> releases = new ArrayList<>();
        int refuseAt = -1;

        @Override
        public RegionOwner pin(MemorySegment segment, long offset, long length) {
            if (releases.size() == refuseAt) {
                refuseAt = -1;
                throw new IllegalStateException("pin refused for test");
            }
            AtomicInteger count = new AtomicInteger();
            releases.add(count);
            return (kind, s, o, l) -> {
                assertEquals(Disposal.UNPIN, kind);
                count.incrementAndGet();
            };
        }

        void assertAllReleasedOnce() {
            for (int i = 0; i < releases.size(); i++) {
                assertEquals(1, releases.get(i).get(), "pin " + i + " released exactly once");
            }
        }
    }

    private MemorySegment nativeData(byte[] data) {
        MemorySegment m = arena.allocate(Math.max(1, data.length), 4096).asSlice(0, data.length);
        MemorySegment.copy(data, 0, m, ValueLayout.JAVA_BYTE, 0, data.length);
        return m;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<Disposal> kinds(Bvecq head) {
        List<Disposal> out = new ArrayList<>();
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            out.add(n.disposal());
        }
        return out;
    }

    private static int slotsWithData(Bvecq head) {
        int c = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                c += n.length(s) > 0 ? 1 : 0;
            }
        }
        return c;
    }

    @Test
    void nativeMemoryWithoutPinsIsReferencedZeroCopyAsNone() {
        byte[] data = random(10_000, 1);
        MemorySegment m = nativeData(data);
        try (IoIter it = IoIter.segment(Direction.SOURCE, m)) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 8, null, pool);
            assertEquals(10_000, x.bytes());
            assertNull(x.stoppedBy());
            assertEquals(List.of(Disposal.NONE), kinds(x.head()));
            assertEquals(m.address(), x.head().segment(0).address() + x.head().offset(0), "zero-copy");
            assertEquals(0, it.count());
            x.head().release();
        }
    }

    @Test
    void nativeMemoryWithPinsIsUnpinnedExactlyOncePerRegion() {
        byte[] data = random(9000, 2);
        MemorySegment a = nativeData(Arrays.copyOfRange(data, 0, 4000));
        MemorySegment b = nativeData(Arrays.copyOfRange(data, 4000, 9000));
        CountingPins pins = new CountingPins();
        try (IoIter it = IoIter.kvec(Direction.SOURCE, a, b)) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 8, pins, pool);
            assertEquals(List.of(Disposal.UNPIN), kinds(x.head()));
            assertEquals(2, pins.releases.size(), "one pin per region");
            assertArrayEquals(data, TestChains.bytes(x.head()));
            assertEquals(0, pins.releases.get(0).get(), "not released while the chain lives");
            x.head().release();
            pins.assertAllReleasedOnce();
        }
    }

    @Test
    void pooledChunkPinsKeepTheChunkOutOfThePool() {
        PoolChunk chunk = pool.take();
        chunk.segment().fill((byte) 9);
        try (IoIter it = IoIter.segment(Direction.SOURCE, chunk.segment(), 100, 1000)) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 4, PinSource.of(chunk), pool);
            assertEquals(2, chunk.holds());
            chunk.release(); // the owner lets go; the pin keeps it
            assertEquals(1, pool.outstandingChunks());
            assertEquals(1, chunk.holds());
            x.head().release();
            assertEquals(0, pool.outstandingChunks(), "the unpin returned the chunk");
        }
        PoolChunk other = pool.take();
        MemorySegment foreign = arena.allocate(64);
        try (IoIter it = IoIter.segment(Direction.SOURCE, foreign)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Extractor.extract(it, 64, 1, PinSource.of(other), pool));
            assertTrue(e.getMessage().contains("expected: inside PoolChunk"), e.getMessage());
            assertEquals(64, it.count(), "nothing extracted, iterator unchanged");
        }
        other.release();
    }

    @Test
    void heapMemoryIsCopiedIntoPooledMemoryNeverReferenced() {
        byte[] data = random(10_000, 3);
        try (IoIter it = IoIter.segment(Direction.SOURCE, MemorySegment.ofArray(data))) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 16, new CountingPins(), pool);
            assertEquals(List.of(Disposal.FREE), kinds(x.head()));
            assertEquals(3, slotsWithData(x.head()), "10000 bytes in 4 KiB chunks");
            for (int s = 0; s < x.head().nrSlotsAcquire(); s++) {
                assertTrue(x.head().segment(s).isNative(), "never a heap segment");
                assertEquals(0, x.head().segment(s).address() % BufferPool.PAGE_SIZE);
            }
            byte[] expect = data.clone();
            Arrays.fill(data, (byte) 0); // the caller reuses its array
            assertArrayEquals(expect, TestChains.bytes(x.head()));
            x.head().release();
        }
    }

    @Test
    void mixedSourcesGetOneNodePerRunOfKinds() {
        byte[] h1 = random(100, 4);
        byte[] n1 = random(200, 5);
        byte[] h2 = random(300, 6);
        MemorySegment[] segs = {MemorySegment.ofArray(h1), nativeData(n1), MemorySegment.ofArray(h2)};
        try (IoIter it = IoIter.kvec(Direction.SOURCE, segs)) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 8, null, pool);
            assertEquals(List.of(Disposal.FREE, Disposal.NONE, Disposal.FREE), kinds(x.head()));
            byte[] all = new byte[600];
            System.arraycopy(h1, 0, all, 0, 100);
            System.arraycopy(n1, 0, all, 100, 200);
            System.arraycopy(h2, 0, all, 300, 300);
            assertArrayEquals(all, TestChains.bytes(x.head()));
            assertEquals(100, x.head().nextAcquire().fpos(), "fpos runs on");
            x.head().release();
        }
    }

    @Test
    void bvecRegionsAreExtracted() {
        byte[] data = random(5000, 7);
        MemorySegment m = nativeData(data);
        try (IoIter it = IoIter.bvec(Direction.SOURCE, new MemorySegment[] {m, m}, new long[] {0, 2000},
                new long[] {2000, 3000})) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 8, null, pool);
            assertArrayEquals(data, TestChains.bytes(x.head()));
            assertEquals(2, slotsWithData(x.head()));
            x.head().release();
        }
    }

    @Test
    void chainSourcesAreSharedByReference() {
        byte[] data = random(20_000, 8);
        Bvecq src = TestChains.build(arena, data, List.of(5000, 0, 7000, 8000), 2);
        Bvecq second = src.nextAcquire();
        BvecqPos pos = BvecqPos.at(src);
        Extractor.Extraction x;
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, pos)) {
            it.advance(1000);
            x = Extractor.extract(it, 15_000, 8, new CountingPins(), pool);
            assertEquals(15_000, x.bytes());
            assertEquals(4000, it.count());
        }
        pos.unset();
        src.release();
        assertFalse(second.isReleased(), "the extraction keeps the source nodes alive");
        assertEquals(List.of(Disposal.NONE), kinds(x.head()));
        assertSame(second.segment(0), x.head().segment(1), "the same memory, not a copy");
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 16_000), TestChains.bytes(x.head()));
        x.head().release();
        assertTrue(second.isReleased());
    }

    @Test
    void limitsMakeShortExtractionsThatResumeExactly() {
        byte[] data = random(30_000, 9);
        byte[] got = new byte[30_000];
        int at = 0;
        int calls = 0;
        try (IoIter it = IoIter.segment(Direction.SOURCE, MemorySegment.ofArray(data))) {
            while (it.count() > 0) {
                Extractor.Extraction x = Extractor.extract(it, 7000, 2, null, pool);
                calls++;
                assertTrue(x.bytes() <= 7000 && slotsWithData(x.head()) <= 2, x.toString());
                assertNull(x.stoppedBy());
                byte[] b = TestChains.bytes(x.head());
                System.arraycopy(b, 0, got, at, b.length);
                at += b.length;
                assertEquals(30_000 - at, it.count(), "advanced by exactly the bytes returned");
                x.head().release();
            }
        }
        assertArrayEquals(data, got);
        assertEquals(5, calls, "7000 bytes (two 4 KiB chunks) a call, 30000 bytes");
    }

    @Test
    void nothingToExtractIsAReturnValue() {
        try (IoIter it = IoIter.segment(Direction.SOURCE, arena.allocate(0))) {
            Extractor.Extraction x = Extractor.extract(it, 100, 4, null, pool);
            assertNull(x.head());
            assertEquals(0, x.bytes());
        }
        try (IoIter it = IoIter.segment(Direction.SOURCE, arena.allocate(10))) {
            assertNull(Extractor.extract(it, 0, 4, null, pool).head());
            assertNull(Extractor.extract(it, 10, 0, null, pool).head());
            assertEquals(10, it.count());
        }
    }

    @Test
    void poolExhaustionWithNothingExtractedPropagatesAndChangesNothing() {
        try (BufferPool tiny = BufferPool.create(4096, 8192, false);
                IoIter it = IoIter.segment(Direction.SOURCE, MemorySegment.ofArray(new byte[20_000]))) {
            PoolChunk hog1 = tiny.take();
            PoolChunk hog2 = tiny.take();
            assertThrows(PoolExhaustedException.class, () -> Extractor.extract(it, Long.MAX_VALUE, 16, null, tiny));
            assertEquals(20_000, it.count());
            assertEquals(2, tiny.outstandingChunks());
            hog1.release();
            hog2.release();
        }
    }

    @Test
    void poolExhaustionAfterSomeBytesGivesAShortResultThatNamesTheCause() {
        byte[] data = random(20_000, 10);
        try (BufferPool tiny = BufferPool.create(4096, 8192, false);
                IoIter it = IoIter.segment(Direction.SOURCE, MemorySegment.ofArray(data))) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 16, null, tiny);
            assertEquals(8192, x.bytes());
            assertInstanceOf(PoolExhaustedException.class, x.stoppedBy());
            assertTrue(x.isShortByFailure());
            assertEquals(20_000 - 8192, it.count(), "the iterator stands after the last byte extracted");
            assertArrayEquals(Arrays.copyOf(data, 8192), TestChains.bytes(x.head()));
            // the next call fails loudly: nothing could be extracted
            assertThrows(PoolExhaustedException.class, () -> Extractor.extract(it, Long.MAX_VALUE, 16, null, tiny));
            x.head().release();
            assertEquals(0, tiny.outstandingChunks());
        }
    }

    @Test
    void refusedPinsFailOrShortenAndEveryTakenPinGoesOnce() {
        MemorySegment a = nativeData(random(100, 11));
        MemorySegment b = nativeData(random(100, 12));
        CountingPins first = new CountingPins();
        first.refuseAt = 0;
        try (IoIter it = IoIter.kvec(Direction.SOURCE, a, b)) {
            assertEquals("pin refused for test", assertThrows(IllegalStateException.class,
                    () -> Extractor.extract(it, Long.MAX_VALUE, 4, first, pool)).getMessage());
            assertEquals(200, it.count());
            assertEquals(0, first.releases.size());
        }
        CountingPins second = new CountingPins();
        second.refuseAt = 1;
        try (IoIter it = IoIter.kvec(Direction.SOURCE, a, b)) {
            Extractor.Extraction x = Extractor.extract(it, Long.MAX_VALUE, 4, second, pool);
            assertEquals(100, x.bytes());
            assertEquals("pin refused for test", x.stoppedBy().getMessage());
            assertEquals(100, it.count());
            x.head().release();
            assertEquals(1, second.releases.size());
            second.assertAllReleasedOnce();
        }
    }

    @Test
    void badArgumentsAreRejectedWithNoChange() {
        try (IoIter it = IoIter.segment(Direction.SOURCE, arena.allocate(10))) {
            assertEquals("maxSize: -1 (expected: maxSize >= 0)", assertThrows(IllegalArgumentException.class,
                    () -> Extractor.extract(it, -1, 1, null, pool)).getMessage());
            assertEquals("maxSegs: -1 (expected: maxSegs >= 0)", assertThrows(IllegalArgumentException.class,
                    () -> Extractor.extract(it, 1, -1, null, pool)).getMessage());
            assertThrows(NullPointerException.class, () -> Extractor.extract(null, 1, 1, null, pool));
            assertThrows(NullPointerException.class, () -> Extractor.extract(it, 1, 1, null, null));
            assertEquals(10, it.count());
        }
        try (IoIter d = IoIter.discard(10)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Extractor.extract(d, 10, 1, null, pool))
                    .getMessage().startsWith("iter: DISCARD"));
        }
        IoIter closed = IoIter.segment(Direction.SOURCE, arena.allocate(10));
        closed.close();
        assertThrows(IllegalStateException.class, () -> Extractor.extract(closed, 10, 1, null, pool));
        try (IoIter dest = IoIter.segment(Direction.DEST, MemorySegment.ofArray(new byte[10]))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Extractor.extract(dest, 10, 1, null, pool));
            assertTrue(e.getMessage().contains("heap memory in a DEST iterator"), e.getMessage());
            assertEquals(10, dest.count());
        }
    }

    @Test
    void randomLayoutsRoundTrip() {
        Random r = new Random(1234);
        for (int round = 0; round < 60; round++) {
            int nsegs = 1 + r.nextInt(8);
            MemorySegment[] segs = new MemorySegment[nsegs];
            byte[] all = new byte[0];
            for (int i = 0; i < nsegs; i++) {
                byte[] d = random(r.nextInt(3) == 0 ? r.nextInt(3) : r.nextInt(12_000), r.nextLong());
                segs[i] = r.nextBoolean() ? MemorySegment.ofArray(d) : nativeData(d);
                byte[] grown = Arrays.copyOf(all, all.length + d.length);
                System.arraycopy(d, 0, grown, all.length, d.length);
                all = grown;
            }
            CountingPins pins = r.nextBoolean() ? new CountingPins() : null;
            byte[] got = new byte[all.length];
            int at = 0;
            try (IoIter it = IoIter.kvec(Direction.SOURCE, segs)) {
                while (it.count() > 0) {
                    int maxSegs = 1 + r.nextInt(4);
                    long maxSize = 1 + r.nextInt(20_000);
                    Extractor.Extraction x = Extractor.extract(it, maxSize, maxSegs, pins, pool);
                    assertNotSame(null, x.head());
                    assertTrue(x.bytes() >= 1 && x.bytes() <= maxSize);
                    assertTrue(slotsWithData(x.head()) <= maxSegs);
                    byte[] b = TestChains.bytes(x.head());
                    assertEquals(x.bytes(), b.length);
                    System.arraycopy(b, 0, got, at, b.length);
                    at += b.length;
                    x.head().release();
                }
            }
            assertArrayEquals(all, got, "round " + round);
            if (pins != null) {
                pins.assertAllReleasedOnce();
            }
        }
    }
}
