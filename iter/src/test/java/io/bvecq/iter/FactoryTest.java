package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The factories and {@link Regions}: bad input names the value and the range; arrays are copied. */
class FactoryTest {
    private static final MemorySegment EIGHT = MemorySegment.ofArray(new byte[8]);

    private static void rejects(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable t = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(t.getMessage() != null && t.getMessage().contains(f), "\"" + t.getMessage() + "\" should name \"" + f + "\"");
        }
    }

    @Test
    void segmentRejectsBadRegionsAndReadOnlyDestinations() {
        rejects(IndexOutOfBoundsException.class, () -> IoIter.segment(Direction.SOURCE, EIGHT, 9, 0), "offset: 9", "0 <= offset <= 8");
        rejects(IndexOutOfBoundsException.class, () -> IoIter.segment(Direction.SOURCE, EIGHT, 2, 7), "length: 7", "0 <= length <= 6");
        rejects(IndexOutOfBoundsException.class, () -> IoIter.segment(Direction.SOURCE, EIGHT, -1, 1), "offset: -1");
        rejects(IllegalArgumentException.class, () -> IoIter.segment(Direction.DEST, EIGHT.asReadOnly()), "read-only");
        assertThrows(NullPointerException.class, () -> IoIter.segment(Direction.SOURCE, null));
        assertThrows(NullPointerException.class, () -> IoIter.segment(null, EIGHT));
        try (IoIter it = IoIter.segment(Direction.SOURCE, EIGHT.asReadOnly(), 2, 5)) {
            assertEquals(IterType.SEGMENT, it.type());
            assertEquals(5, it.count());
        }
    }

    @Test
    void kvecRejectsNullsBadCountsAndReadOnlyDestinations() {
        assertThrows(NullPointerException.class, () -> IoIter.kvec(Direction.SOURCE, (MemorySegment[]) null));
        rejects(NullPointerException.class, () -> IoIter.kvec(Direction.SOURCE, EIGHT, null), "segments[1]");
        rejects(IndexOutOfBoundsException.class, () -> IoIter.kvec(Direction.SOURCE, new MemorySegment[] {EIGHT, EIGHT}, 17),
                "count: 17", "0 <= count <= 16");
        rejects(IndexOutOfBoundsException.class, () -> IoIter.kvec(Direction.SOURCE, new MemorySegment[] {EIGHT}, -1), "count: -1");
        rejects(IllegalArgumentException.class, () -> IoIter.kvec(Direction.DEST, EIGHT, EIGHT.asReadOnly()), "segments[1]", "read-only");
        try (IoIter it = IoIter.kvec(Direction.SOURCE)) {
            assertEquals(0, it.count());
            assertEquals(0, it.limit(0, 10, 10));
        }
    }

    @Test
    void bvecRejectsMismatchedArraysAndBadRegions() {
        MemorySegment[] s = {EIGHT, EIGHT};
        rejects(IllegalArgumentException.class, () -> IoIter.bvec(Direction.SOURCE, s, new long[1], new long[2]),
                "offsets.length: 1", "segments.length == 2");
        rejects(IndexOutOfBoundsException.class, () -> IoIter.bvec(Direction.SOURCE, s, new long[] {0, 9}, new long[] {1, 0}),
                "segments[1] offset: 9");
        rejects(IndexOutOfBoundsException.class, () -> IoIter.bvec(Direction.SOURCE, s, new long[] {3, 0}, new long[] {6, 0}),
                "segments[0] length: 6", "0 <= length <= 5");
        rejects(IndexOutOfBoundsException.class, () -> IoIter.bvec(Direction.SOURCE, s, new long[2], new long[] {1, 1}, 3),
                "count: 3", "0 <= count <= 2");
    }

    @Test
    void factoriesCopyTheCallersArrays() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        MemorySegment[] segs = {MemorySegment.ofArray(a), MemorySegment.ofArray(b)};
        long[] offs = {0, 1};
        long[] lens = {3, 2};
        try (IoIter k = IoIter.kvec(Direction.SOURCE, segs); IoIter v = IoIter.bvec(Direction.SOURCE, segs, offs, lens)) {
            segs[0] = MemorySegment.ofArray(new byte[3]);
            offs[1] = 0;
            lens[1] = 3;
            MemorySegment dst = MemorySegment.ofArray(new byte[6]);
            assertEquals(6, k.copyFromIter(dst, 0, 6));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, dst.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment dst2 = MemorySegment.ofArray(new byte[5]);
            assertEquals(5, v.copyFromIter(dst2, 0, 5));
            assertArrayEquals(new byte[] {1, 2, 3, 5, 6}, dst2.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void discardCountsAndDropsAndRejectsNegativeCounts() {
        rejects(IllegalArgumentException.class, () -> IoIter.discard(-1), "count: -1", "count >= 0");
        try (IoIter it = IoIter.discard(10)) {
            assertEquals(Direction.DEST, it.direction());
            assertEquals(10, it.singleSegCount());
            assertEquals(7, it.limit(3, 100, 1));
            assertEquals(0, it.limit(3, 100, 0));
            assertEquals(10, it.copyToIter(EIGHT, 0, 8) + it.zero(5));
            assertEquals(0, it.count());
            assertEquals(0, it.alignment());
        }
    }

    @Test
    void aClosedArenaIsReportedByTheIteratorAndMovesNothing() {
        java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined();
        MemorySegment mem = arena.allocate(16);
        try (IoIter src = IoIter.kvec(Direction.SOURCE, MemorySegment.ofArray(new byte[4]), mem);
                IoIter dst = IoIter.segment(Direction.DEST, mem)) {
            arena.close();
            MemorySegment buf = MemorySegment.ofArray(new byte[20]);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> src.copyFromIter(buf, 0, 20));
            assertTrue(e.getMessage().contains("KVEC") && e.getMessage().contains("bytes 0..20")
                    && e.getMessage().contains("no longer accessible"), e.getMessage());
            assertEquals(20, src.count());
            assertEquals(0, src.consumed());
            e = assertThrows(IllegalStateException.class, () -> dst.zero(3));
            assertTrue(e.getMessage().contains("SEGMENT"), e.getMessage());
            assertEquals(16, dst.count());
        }
    }

    @Test
    void checksumReadsEveryKindOfMemoryInPlace() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment nat = arena.allocate(300);
            for (int i = 0; i < 300; i++) {
                nat.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7));
            }
            long[] longs = {0x0102030405060708L, -1L, 42L};
            MemorySegment[] kinds = {
                nat, MemorySegment.ofArray(new byte[] {9, 8, 7}), MemorySegment.ofArray(new byte[] {1, 2}).asReadOnly(),
                MemorySegment.ofArray(longs), nat.asSlice(5, 20).asReadOnly(),
            };
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (MemorySegment k : kinds) {
                all.writeBytes(k.toArray(ValueLayout.JAVA_BYTE));
            }
            byte[] bytes = all.toByteArray();
            try (IoIter it = IoIter.kvec(Direction.SOURCE, kinds)) {
                for (int start = 0; start < bytes.length; start += 37) {
                    java.util.zip.CRC32C want = new java.util.zip.CRC32C();
                    want.update(bytes, start, bytes.length - start);
                    assertEquals((int) want.getValue(), it.crc32c(start, bytes.length - start), "start " + start);
                }
                rejects(UnsupportedOperationException.class, () -> it.byteBuffers(0, bytes.length), "long[]", "byte[]");
                assertEquals(3, it.byteBuffers(0, 305).length, "native, byte[] and read-only byte[] can be viewed");
            }
        }
    }

    @Test
    void regionsRejectBadCapacityAndIndexes() {
        rejects(IllegalArgumentException.class, () -> new Regions(0), "capacity: 0", "capacity >= 1");
        Regions r = new Regions(2);
        rejects(IndexOutOfBoundsException.class, () -> r.segment(0), "i: 0", "0 <= i < 0");
        try (IoIter it = IoIter.segment(Direction.SOURCE, EIGHT)) {
            assertEquals(8, it.extract(100, 2, r));
            assertEquals(1, r.size());
            assertEquals(8, r.length(0));
            assertNull(r.node(0));
            rejects(IndexOutOfBoundsException.class, () -> r.offset(1), "i: 1", "0 <= i < 1");
            rejects(IndexOutOfBoundsException.class, () -> r.length(-1), "i: -1");
            r.clear();
            assertEquals(0, r.size());
            assertEquals(0, r.bytes());
        }
    }
}
