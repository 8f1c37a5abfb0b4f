package io.bvecq.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.PoolExhaustedException;
import io.bvecq.testing.LeakCheckHook;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(LeakCheckHook.class)
class BounceTest {
    @Property
    void copyEqualsSourceAndCrcMatchesJdk(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 9000) Integer> sizes,
            @ForAll @IntRange(min = 1, max = 5) int nodeSlots, @ForAll long seed) {
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        byte[] data = new byte[total];
        Random r = new Random(seed);
        r.nextBytes(data);
        int start = total == 0 ? 0 : r.nextInt(total + 1);
        int length = r.nextInt(total - start + 1);
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create()) {
            Bvecq src = TestChains.build(arena, data, sizes, nodeSlots);
            BvecqPos pos = BvecqPos.at(src);
            try {
                pos.advance(start);
                Bounce.Copy c = Bounce.copy(pos, length, pool);
                try {
                    assertEquals(length, c.length());
                    byte[] got = TestChains.bytes(c.head());
                    assertArrayEquals(Arrays.copyOfRange(data, start, start + length), got);
                    assertEquals(TestChains.crc(data, start, length), c.crc32c());
                    assertEquals(total - start - length, pos.remaining(), "the position moved past the copy");
                    for (Bvecq n = c.head(); n != null; n = n.nextAcquire()) {
                        assertEquals(Disposal.FREE, n.disposal());
                        for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                            assertEquals(0, n.segment(s).address() % BufferPool.PAGE_SIZE, "slot memory page-aligned");
                            assertEquals(0, n.offset(s));
                        }
                    }
                } finally {
                    c.head().release();
                }
                assertEquals(0, pool.outstandingChunks(), "releasing the copy returns every chunk");
            } finally {
                pos.unset();
                src.release();
            }
        }
    }

    @Property(tries = 20)
    void largeCopiesSpanManyBlocksWithBigChunks(@ForAll @IntRange(min = 1, max = 300_000) int length, @ForAll long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create(1 << 16, 1 << 22, false)) {
            Bvecq src = TestChains.build(arena, data, List.of(length), 1);
            BvecqPos pos = BvecqPos.at(src);
            Bounce.Copy c = Bounce.copy(pos, length, pool);
            try {
                assertArrayEquals(data, TestChains.bytes(c.head()));
                assertEquals(TestChains.crc(data, 0, length), c.crc32c());
                assertTrue(pos.isAtEnd());
            } finally {
                c.head().release();
                pos.unset();
                src.release();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void zeroLengthGivesAnEmptyCopy() {
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create()) {
            Bvecq src = TestChains.build(arena, new byte[10], List.of(10), 4);
            BvecqPos pos = BvecqPos.at(src);
            Bounce.Copy c = Bounce.copy(pos, 0, pool);
            assertEquals(0, c.length());
            assertEquals(0, c.crc32c());
            assertEquals(0, c.head().bytes());
            assertEquals(10, pos.remaining());
            c.head().release();
            pos.unset();
            src.release();
        }
    }

    @org.junit.jupiter.api.Test
    void badArgumentsChangeNothing() {
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create()) {
            Bvecq src = TestChains.build(arena, new byte[100], List.of(40, 0, 60), 2);
            BvecqPos pos = BvecqPos.at(src);
            pos.advance(30);
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Bounce.copy(pos, 71, pool));
            assertTrue(e.getMessage().startsWith("length: 71 (expected: 0 <= length <= 70"), e.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Bounce.copy(pos, -1, pool));
            assertEquals("length: -1 (expected: length >= 0)", e2.getMessage());
            assertThrows(NullPointerException.class, () -> Bounce.copy(pos, 1, null));
            assertThrows(IllegalStateException.class, () -> Bounce.copy(new BvecqPos(), 1, pool));
            assertEquals(70, pos.remaining());
            assertEquals(0, pool.outstandingChunks());
            assertEquals(2, src.refCount(), "the caller's and the position's references, no more");
            pos.unset();
            src.release();
        }
    }

    @org.junit.jupiter.api.Test
    void poolExhaustionPropagatesAfterRollback() {
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create(4096, 8192, false)) {
            Bvecq src = TestChains.build(arena, new byte[10_000], List.of(5000, 5000), 4);
            BvecqPos pos = BvecqPos.at(src);
            assertThrows(PoolExhaustedException.class, () -> Bounce.copy(pos, 10_000, pool));
            assertEquals(0, pool.outstandingChunks(), "every chunk taken was given back");
            assertEquals(10_000, pos.remaining(), "the position did not move");
            Bounce.Copy ok = Bounce.copy(pos, 8192, pool);
            assertEquals(2, pool.outstandingChunks());
            ok.head().release();
            pos.unset();
            src.release();
        }
    }

    @org.junit.jupiter.api.Test
    void checksumDescribesTheCopyNotTheLaterSource() {
        byte[] data = new byte[20_000];
        new Random(7).nextBytes(data);
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create()) {
            Bvecq src = TestChains.build(arena, data, List.of(20_000), 1);
            BvecqPos pos = BvecqPos.at(src);
            Bounce.Copy c = Bounce.copy(pos, 20_000, pool);
            // the caller rewrites its memory after the copy: the copy and its checksum stay as they were
            src.segment(0).fill((byte) 0x5a);
            assertArrayEquals(data, TestChains.bytes(c.head()));
            assertEquals(TestChains.crc(data, 0, data.length), c.crc32c());
            c.head().release();
            pos.unset();
            src.release();
        }
    }
}
