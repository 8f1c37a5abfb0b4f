package io.bvecq.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bvecq.BufferPool;
import io.bvecq.PoolExhaustedException;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BounceIterTest {
    @Test
    void copiesAnyIteratorWithTheJdkChecksum() {
        Random r = new Random(99);
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create()) {
            for (int round = 0; round < 40; round++) {
                int nsegs = 1 + r.nextInt(6);
                MemorySegment[] segs = new MemorySegment[nsegs];
                byte[] all = new byte[0];
                for (int i = 0; i < nsegs; i++) {
                    byte[] d = new byte[r.nextInt(4) == 0 ? r.nextInt(2) : r.nextInt(70_000)];
                    r.nextBytes(d);
                    segs[i] = r.nextBoolean() ? MemorySegment.ofArray(d) : arena.allocate(Math.max(1, d.length)).asSlice(0, d.length)
                            .copyFrom(MemorySegment.ofArray(d));
                    byte[] g = Arrays.copyOf(all, all.length + d.length);
                    System.arraycopy(d, 0, g, all.length, d.length);
                    all = g;
                }
                try (IoIter it = IoIter.kvec(Direction.SOURCE, segs)) {
                    int skip = all.length == 0 ? 0 : r.nextInt(all.length + 1);
                    it.advance(skip);
                    int len = r.nextInt(all.length - skip + 1);
                    Bounce.Copy c = Bounce.copy(it, len, pool);
                    assertArrayEquals(Arrays.copyOfRange(all, skip, skip + len), TestChains.bytes(c.head()));
                    assertEquals(TestChains.crc(all, skip, len), c.crc32c());
                    assertEquals(all.length - skip - len, it.count());
                    c.head().release();
                }
            }
            assertEquals(0, pool.outstandingChunks());
        }
    }

    /**
     * Windows copied into one destination at offsets other than 0, the checksum running over them: each
     * window lands at its offset, the bytes around it stay as they were, and the running CRC is the JDK's over
     * the bytes copied, in both the native and the heap destination (the loop views the whole destination and
     * checksums from the window's offset).
     */
    @Test
    void copyIntoChecksumsEachWindowWhereItLands() {
        Random r = new Random(7);
        byte[] src = new byte[3 * Bounce.BLOCK + 123];
        r.nextBytes(src);
        try (Arena arena = Arena.ofConfined()) {
            for (MemorySegment dst : new MemorySegment[] {arena.allocate(src.length + 40), MemorySegment.ofArray(new byte[src.length + 40])}) {
                dst.fill((byte) 0x5a);
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                try (IoIter it = IoIter.segment(Direction.SOURCE, MemorySegment.ofArray(src))) {
                    int first = Bounce.BLOCK + 17; // more than one block: the second starts inside the view
                    Bounce.copyInto(it, dst, 11, first, crc);
                    Bounce.copyInto(it, dst, 11 + first + 9, src.length - first, crc); // 9 bytes left between
                    assertEquals(0, it.count());
                }
                assertEquals(TestChains.crc(src, 0, src.length), crc.getValue());
                byte[] out = dst.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                int first = Bounce.BLOCK + 17;
                assertArrayEquals(Arrays.copyOfRange(src, 0, first), Arrays.copyOfRange(out, 11, 11 + first));
                assertArrayEquals(Arrays.copyOfRange(src, first, src.length),
                        Arrays.copyOfRange(out, 11 + first + 9, 11 + 9 + src.length));
                byte[] gap = new byte[9];
                Arrays.fill(gap, (byte) 0x5a);
                assertArrayEquals(gap, Arrays.copyOfRange(out, 11 + first, 11 + first + 9));
                assertEquals((byte) 0x5a, out[10]);
                assertEquals((byte) 0x5a, out[11 + 9 + src.length]);
            }
        }
    }

    @Test
    void failuresChangeNothing() {
        try (BufferPool tiny = BufferPool.create(4096, 8192, false)) {
            byte[] data = new byte[10_000];
            try (IoIter it = IoIter.segment(Direction.SOURCE, MemorySegment.ofArray(data))) {
                assertThrows(PoolExhaustedException.class, () -> Bounce.copy(it, 10_000, tiny));
                assertEquals(10_000, it.count());
                assertEquals("length: 10001 (expected: 0 <= length <= 10000, the iterator's count)",
                        assertThrows(IndexOutOfBoundsException.class, () -> Bounce.copy(it, 10_001, tiny)).getMessage());
                assertThrows(IllegalArgumentException.class, () -> Bounce.copy(it, -1, tiny));
                assertEquals(0, tiny.outstandingChunks());
            }
            try (IoIter dest = IoIter.segment(Direction.DEST, MemorySegment.ofArray(new byte[10]))) {
                assertThrows(IllegalArgumentException.class, () -> Bounce.copy(dest, 10, tiny));
            }
        }
    }
}
