package io.bvecq.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import io.bvecq.PoolExhaustedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlignedDupTest {
    private static final int B = 4096;
    // 20000 bytes over three nodes of uneven slots, including an empty one
    private static final List<Integer> LAYOUT = List.of(3000, 1096, 0, 5000, 1, 4095, 6808);
    private static final int TOTAL = 20_000;

    private Arena arena;
    private BufferPool pool;
    private byte[] data;
    private Bvecq src;

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
        pool = BufferPool.create();
        data = new byte[TOTAL];
        new Random(42).nextBytes(data);
        src = TestChains.build(arena, data, LAYOUT, 3);
    }

    @AfterEach
    void tearDown() {
        if (!src.isReleased()) {
            src.release();
        }
        assertEquals(0, pool.outstandingChunks(), "every zero chunk returned");
        pool.close();
        arena.close();
    }

    @ParameterizedTest(name = "start={0} length={1} -> lower={2} upper={3}")
    @CsvSource({
        "4096, 4096,  0,    0",     // aligned both ends
        "4097, 4096,  1,    4095",  // one byte over at the start
        "4096, 4097,  0,    4095",  // one byte over at the end
        "4095, 4096,  4095, 1",     // one byte under at the start
        "4096, 4095,  0,    1",     // one byte under at the end
        "0,    20000, 0,    480",   // the whole chain
        "0,    1,     0,    4095",  // the first byte
        "19999, 1,    3615, 480",   // the last byte
        "8191, 2,     4095, 4095",  // two bytes across a block boundary
    })
    void roundsOutAtEveryBoundary(long start, long length, long lower, long upper) {
        try (AlignedDup d = AlignedDup.duplicate(src, start, length, B, pool)) {
            assertEquals(lower, d.lowerGap());
            assertEquals(upper, d.upperGap());
            assertEquals(length, d.dataLength());
            assertEquals(0, d.length() % B);
            assertEquals(start - lower, d.fpos());
            assertEquals(d.fpos(), d.head().fpos());
            byte[] expect = new byte[(int) d.length()];
            System.arraycopy(data, (int) (start - lower), expect, 0, (int) (lower + length));
            assertArrayEquals(expect, TestChains.bytes(d.head()), "lower gap and data from the source, upper gap zero");
            assertEquals(upper > 0 ? 1 : 0, pool.outstandingChunks());
        }
    }

    @Test
    void middleRefersToSourceMemoryAndKeepsItAlive() {
        AlignedDup d = AlignedDup.duplicate(src, 100, 5000, B, pool);
        Bvecq first = d.head();
        assertEquals(Disposal.NONE, first.disposal());
        assertEquals(src.segment(0).address() + src.offset(0), first.segment(0).address() + first.offset(0),
                "zero-copy: the duplicate's first slot is the source's memory");
        Bvecq tail = BvecqBuffers.tail(first);
        assertEquals(Disposal.FREE, tail.disposal(), "the upper gap is a pool chunk");
        assertEquals(5100, tail.fpos());
        src.release();
        assertFalse(src.isReleased(), "the duplicate keeps the source node alive");
        byte[] expect = Arrays.copyOf(Arrays.copyOfRange(data, 0, 5100), 8192);
        assertArrayEquals(expect, TestChains.bytes(d.head()));
        d.close();
        assertTrue(src.isReleased(), "the source goes with the duplicate's references");
        d.close(); // twice is harmless
        assertThrows(IllegalStateException.class, d::head);
    }

    @Test
    void upperGapIsZeroEvenIfThePoolHandsOutDirtyChunks() {
        // dirty a chunk and give it back, so the next take reuses it
        var c = pool.take();
        c.segment().fill((byte) 0x7f);
        c.release();
        try (AlignedDup d = AlignedDup.duplicate(src, 0, 10, B, pool)) {
            byte[] got = TestChains.bytes(d.head());
            for (int i = 10; i < B; i++) {
                assertEquals(0, got[i], "byte " + i);
            }
        }
    }

    @Test
    void lowerGapWithoutDataIsRejected() {
        Bvecq shifted = TestChains.build(arena, data, LAYOUT, 3);
        shifted.setFpos(100); // the chain's data starts 100 bytes into a block
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AlignedDup.duplicate(shifted, 50, 1000, B, pool));
            assertTrue(e.getMessage().startsWith("lower gap:") && e.getMessage().contains("must hold real data"),
                    e.getMessage());
            // 3996 bytes in, the region starts on a block boundary: fine
            try (AlignedDup d = AlignedDup.duplicate(shifted, 3996, 100, B, pool)) {
                assertEquals(0, d.lowerGap());
                assertEquals(4096, d.fpos());
            }
            assertEquals(1, shifted.refCount());
        } finally {
            shifted.release();
        }
    }

    @Test
    void badArgumentsAreRejectedWithNoChange() {
        List<Integer> refsBefore = refCounts(src);
        assertEquals("start: -1 (expected: 0 <= start <= 20000)",
                assertThrows(IndexOutOfBoundsException.class, () -> AlignedDup.duplicate(src, -1, 10, B, pool)).getMessage());
        assertEquals("start: 20001 (expected: 0 <= start <= 20000)",
                assertThrows(IndexOutOfBoundsException.class, () -> AlignedDup.duplicate(src, 20001, 1, B, pool)).getMessage());
        assertEquals("length: 20001 (expected: 1 <= length <= 20000)",
                assertThrows(IndexOutOfBoundsException.class, () -> AlignedDup.duplicate(src, 0, 20001, B, pool)).getMessage());
        assertEquals("length: 0 (expected: 1 <= length <= 19000)",
                assertThrows(IndexOutOfBoundsException.class, () -> AlignedDup.duplicate(src, 1000, 0, B, pool)).getMessage());
        for (long bs : new long[] {0, 3, 4097, 1L << 31}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AlignedDup.duplicate(src, 0, 10, bs, pool));
            assertTrue(e.getMessage().startsWith("blockSize: " + bs + " (expected: a power of two"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> AlignedDup.duplicate(null, 0, 10, B, pool));
        assertThrows(NullPointerException.class, () -> AlignedDup.duplicate(src, 0, 10, B, null));
        assertEquals(refsBefore, refCounts(src));
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void discontiguousNodeInsideTheRangeIsRejected() {
        Bvecq a = Bvecq.allocOne(4, Disposal.NONE);
        MemorySegment m = arena.allocate(8192, B);
        a.appendSlot(m, 0, 4096, null);
        Bvecq b = Bvecq.allocOne(4, Disposal.NONE);
        b.appendSlot(m, 4096, 4096, null);
        b.setFpos(1 << 20);
        b.setDiscontig(true);
        a.linkNext(b);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AlignedDup.duplicate(a, 4000, 200, B, pool));
            assertTrue(e.getMessage().contains("discontiguous"), e.getMessage());
            assertEquals(1, a.refCount());
            assertEquals(1, b.refCount());
            assertEquals(0, pool.outstandingChunks());
        } finally {
            a.release();
        }
    }

    @Test
    void rangeAtOrPastADiscontiguousNodeIsRejectedRatherThanMisplaced() {
        // a covers fpos [0, 4096), b jumps to fpos 1 MiB: byte index 4096 is NOT fpos 4096
        Bvecq a = Bvecq.allocOne(4, Disposal.NONE);
        MemorySegment m = arena.allocate(8192, B);
        a.appendSlot(m, 0, 4096, null);
        Bvecq b = Bvecq.allocOne(4, Disposal.NONE);
        b.appendSlot(m, 4096, 4096, null);
        b.setFpos(1 << 20);
        b.setDiscontig(true);
        a.linkNext(b);
        try {
            for (long[] c : new long[][] {{4096, 4096}, {4196, 50}, {8000, 100}}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> AlignedDup.duplicate(a, c[0], c[1], B, pool), "start=" + c[0]);
                assertTrue(e.getMessage().contains("discontiguous"), e.getMessage());
            }
            // wholly before the discontiguous node is fine, and placed at its true file position
            try (AlignedDup d = AlignedDup.duplicate(a, 100, 50, B, pool)) {
                assertEquals(0, d.fpos());
            }
            assertEquals(1, a.refCount());
            assertEquals(1, b.refCount());
            assertEquals(0, pool.outstandingChunks());
        } finally {
            a.release();
        }
    }

    @Test
    void poolExhaustionLeavesNothingBehind() {
        try (BufferPool tiny = BufferPool.create(B, B, false)) {
            var hog = tiny.take();
            List<Integer> refsBefore = refCounts(src);
            assertThrows(PoolExhaustedException.class, () -> AlignedDup.duplicate(src, 0, 10, B, tiny));
            assertEquals(refsBefore, refCounts(src));
            hog.release();
        }
    }

    @Test
    void headerAndTrailerFormOneCompoundWithoutTouchingTheSource() {
        List<Integer> refsBefore = refCounts(src);
        Bvecq srcTail = BvecqBuffers.tail(src);
        AlignedDup d = AlignedDup.duplicate(src, 4096, 100, B, pool);
        MemorySegment hdr = arena.allocate(16);
        hdr.fill((byte) 'H');
        MemorySegment trl = arena.allocate(8);
        trl.fill((byte) 'T');
        Bvecq header = Bvecq.allocOne(2, Disposal.NONE);
        header.appendSlot(hdr, 0, 16, null);
        Bvecq trailer = Bvecq.allocOne(2, Disposal.NONE);
        trailer.appendSlot(trl, 0, 8, null);
        Bvecq compound = d.attach(header, trailer);
        assertSame(header, compound);
        byte[] got = TestChains.bytes(compound);
        assertEquals(16 + B + 8, got.length);
        byte[] expect = new byte[got.length];
        Arrays.fill(expect, 0, 16, (byte) 'H');
        System.arraycopy(data, 4096, expect, 16, 100);
        Arrays.fill(expect, 16 + B, expect.length, (byte) 'T');
        assertArrayEquals(expect, got);
        // the source: same bytes, same tail, nothing linked after it
        assertNull(srcTail.nextAcquire());
        assertSame(srcTail, BvecqBuffers.tail(src));
        assertArrayEquals(data, TestChains.bytes(src));
        assertThrows(IllegalStateException.class, () -> d.attach(null, null), "spent after attach");
        compound.release();
        assertEquals(refsBefore, refCounts(src));
        assertTrue(trailer.isReleased());
    }

    @Test
    void attachWithoutHeaderReturnsTheDuplicate() {
        AlignedDup d = AlignedDup.duplicate(src, 0, 4096, B, pool);
        Bvecq h = d.head();
        Bvecq trailer = Bvecq.allocOne(1, Disposal.NONE);
        assertSame(h, d.attach(null, trailer));
        assertSame(trailer, BvecqBuffers.tail(h));
        h.release();
    }

    @Test
    void badAttachmentsAreRejectedWithNoChange() {
        AlignedDup d = AlignedDup.duplicate(src, 0, 100, B, pool);
        Bvecq dupTail = BvecqBuffers.tail(d.head());
        Bvecq chain = Bvecq.allocChain(40, Disposal.NONE); // two nodes
        Bvecq second = chain.nextAcquire();
        Bvecq released = Bvecq.allocOne(1, Disposal.NONE);
        released.release();
        try {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.attach(second, null)).getMessage()
                    .startsWith("header: "));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.attach(null, second)).getMessage()
                    .startsWith("trailer: "));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.attach(chain, chain)).getMessage()
                    .startsWith("header and trailer"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.attach(src, null)).getMessage()
                    .contains("is the source chain"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.attach(null, src)).getMessage()
                    .contains("is the source chain"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.attach(d.head(), null)).getMessage()
                    .contains("part of this duplicate"));
            assertThrows(io.bvecq.BvecqReleasedException.class, () -> d.attach(released, null));
            assertThrows(io.bvecq.BvecqReleasedException.class, () -> d.attach(chain, released));
            assertNull(dupTail.nextAcquire(), "nothing linked");
            assertNull(BvecqBuffers.tail(chain).nextAcquire());
            assertNull(d.head().prev());
            assertEquals(1, chain.refCount());
        } finally {
            d.close();
            chain.release();
        }
    }

    private static List<Integer> refCounts(Bvecq head) {
        List<Integer> out = new ArrayList<>();
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            out.add(n.refCount());
        }
        return out;
    }
}
