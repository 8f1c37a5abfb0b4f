package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link IoIter} type shares, run once per type by a subclass. The layout has
 * empty and one-byte pieces, heap and native memory, and (for BVECQ) several nodes; DISCARD has no
 * memory and checks only what it can.
 */
abstract class IoIterContract {
    private Layout layout;

    abstract IterType type();

    /** The memory under test; SEGMENT overrides with one piece. */
    Layout newLayout() {
        return Layout.simple(2, 5, 0, 7, 1, 16, 0, 3, 4100);
    }

    private boolean hasMemory() {
        return type() != IterType.DISCARD;
    }

    /** A fresh layout filled with 1, 2, 3, ... and an iterator over all of it. */
    IoIter make(Direction dir) {
        if (layout != null) {
            layout.close();
        }
        layout = newLayout();
        byte[] init = new byte[(int) layout.total()];
        for (int i = 0; i < init.length; i++) {
            init[i] = (byte) (i + 1);
        }
        layout.write(init);
        return layout.make(type(), type() == IterType.DISCARD ? Direction.DEST : dir, 0, layout.total());
    }

    Model model() {
        return new Model(layout, 0, layout.total(), !hasMemory());
    }

    @AfterEach
    void closeLayout() {
        if (layout != null) {
            layout.close();
        }
    }

    private static MemorySegment counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (100 + i);
        }
        return MemorySegment.ofArray(b);
    }

    /** The bytes ahead of the iterator, read without moving it: its logical place. */
    private static byte[] ahead(IoIter it) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : it.byteBuffers(0, it.count())) {
            byte[] x = new byte[b.remaining()];
            b.get(x);
            out.writeBytes(x);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void copyToIterWritesInOrderAdvancesAndIsShortAtTheEnd() {
        try (IoIter it = make(Direction.DEST)) {
            Model m = model();
            long total = it.count();
            MemorySegment src = counting((int) total + 9);
            assertEquals(10, it.copyToIter(src, 0, 10));
            assertEquals(total - 10, it.count());
            assertEquals(10, it.consumed());
            assertEquals(total - 10, it.copyToIter(src, 10, total + 9 - 10));
            assertEquals(0, it.count());
            assertEquals(0, it.copyToIter(src, 0, 5));
            if (hasMemory()) {
                assertArrayEquals(Model.segBytes(src, 0, total), layout.read());
            }
            assertEquals(total, m.count);
        }
    }

    @Test
    void copyFromIterReadsInOrderAdvancesAndIsShortAtTheEnd() {
        assumeTrue(hasMemory());
        try (IoIter it = make(Direction.SOURCE)) {
            byte[] mem = layout.read();
            MemorySegment dst = MemorySegment.ofArray(new byte[mem.length + 10]);
            assertEquals(3, it.copyFromIter(dst, 0, 3));
            assertEquals(mem.length - 3, it.copyFromIter(dst, 3, mem.length + 7));
            assertEquals(0, it.copyFromIter(dst, 0, 1));
            assertArrayEquals(mem, Model.segBytes(dst, 0, mem.length));
            assertArrayEquals(mem, layout.read(), "a SOURCE iterator never writes");
        }
    }

    @Test
    void advanceThenRevertReturnsToTheSameLogicalPlaceForEveryN() {
        try (IoIter it = make(Direction.SOURCE)) {
            long total = it.count();
            byte[] mem = hasMemory() ? layout.read() : null;
            long[] starts = {0, 1, 5, 6, 12, 13, total / 2, total - 1, total};
            for (long k : starts) {
                it.revert(it.consumed());
                it.advance(k);
                byte[] want = hasMemory() ? Arrays.copyOfRange(mem, (int) k, mem.length) : null;
                long single = it.singleSegCount();
                for (long n = 0; n <= total - k; n++) {
                    it.advance(n);
                    assertEquals(k + n, it.consumed());
                    it.revert(n);
                    // the logical place: bytes consumed, count, and the bytes ahead, not a raw (slot, offset)
                    assertEquals(k, it.consumed());
                    assertEquals(total - k, it.count());
                    assertEquals(single, it.singleSegCount(), "k=" + k + " n=" + n);
                    if (hasMemory() && (n < 24 || n % 97 == 0 || n == total - k)) {
                        assertArrayEquals(want, ahead(it), "k=" + k + " n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void advancePastTheEndIsRejectedAndChangesNothing() {
        try (IoIter it = make(Direction.SOURCE)) {
            it.advance(4);
            long c = it.count();
            rejected(it, IndexOutOfBoundsException.class, () -> it.advance(c + 1), "n: " + (c + 1), "0 <= n <= " + c);
            rejected(it, IndexOutOfBoundsException.class, () -> it.advance(-1), "n: -1", "0 <= n <= " + c);
            rejected(it, IndexOutOfBoundsException.class, () -> it.revert(5), "n: 5", "0 <= n <= 4");
            rejected(it, IndexOutOfBoundsException.class, () -> it.revert(-2), "n: -2", "0 <= n <= 4");
            it.advance(c);
            assertEquals(0, it.count());
            it.revert(c + 4);
            assertEquals(0, it.consumed());
        }
    }

    @Test
    void zeroClearsTheNextBytesAndIsShortAtTheEnd() {
        try (IoIter it = make(Direction.DEST)) {
            Model m = model();
            long total = it.count();
            it.advance(2);
            assertEquals(6, it.zero(6));
            assertEquals(total - 8, it.count());
            if (hasMemory()) {
                Arrays.fill(m.mem, 2, 8, (byte) 0);
                assertArrayEquals(m.mem, layout.read());
            }
            assertEquals(total - 8, it.zero(total));
            assertEquals(0, it.count());
            if (hasMemory()) {
                Arrays.fill(m.mem, 2, m.mem.length, (byte) 0);
                assertArrayEquals(m.mem, layout.read());
            }
        }
    }

    @Test
    void truncateHidesBytesAndReexpandGivesThemBack() {
        try (IoIter it = make(Direction.DEST)) {
            long total = it.count();
            assertEquals(total - 10, it.truncate(10));
            assertEquals(0, it.truncate(50), "a larger limit changes nothing");
            assertEquals(10, it.count());
            MemorySegment src = counting((int) total);
            assertEquals(10, it.copyToIter(src, 0, total));
            assertEquals(0, it.count());
            assertEquals(total - 10, it.truncated());
            it.reexpand(total - 10);
            assertEquals(total - 10, it.copyToIter(src, 10, total - 10));
            if (hasMemory()) {
                assertArrayEquals(Model.segBytes(src, 0, total), layout.read());
            }
        }
    }

    @Test
    void saveAndRestoreReturnToTheSavedPlaceCountAndTruncation() {
        try (IoIter it = make(Direction.SOURCE)) {
            long total = it.count();
            it.advance(3);
            it.truncate(total - 6);
            IterState s = it.save();
            assertTrue(s.isFrom(it));
            it.advance(7);
            it.reexpand(it.count() + 2);
            it.restore(s);
            assertEquals(3, it.consumed());
            assertEquals(total - 6, it.count());
            assertEquals(3, it.truncated());
            it.revert(3);
            IterState back = new IterState();
            it.save(back);
            it.restore(s);
            it.restore(back);
            assertEquals(0, it.consumed());
            if (hasMemory()) {
                assertArrayEquals(Arrays.copyOf(layout.read(), (int) it.count()), ahead(it));
            }
            try (IoIter other = layout.make(type(), it.direction(), 0, 1)) {
                rejected(it, IllegalArgumentException.class, () -> it.restore(other.save()), "another iterator");
            }
            rejected(it, IllegalArgumentException.class, () -> it.restore(new IterState()), "no iterator");
        }
    }

    @Test
    void extractDescribesTheNextBytesAndAdvances() {
        assumeTrue(hasMemory());
        try (IoIter it = make(Direction.SOURCE)) {
            byte[] mem = layout.read();
            Regions out = new Regions(3);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (it.count() > 0) {
                long before = it.count();
                long n = it.extract(7, 2, out);
                assertTrue(n > 0 && n <= 7 && out.size() <= 2, "n=" + n + " " + out);
                assertEquals(it.limit(0, 7, 2), it.limit(0, 7, 2));
                assertEquals(before - n, it.count());
                for (int i = 0; i < out.size(); i++) {
                    got.writeBytes(Model.segBytes(out.segment(i), out.offset(i), out.length(i)));
                    assertEquals(type() == IterType.BVECQ, out.node(i) != null);
                }
            }
            assertArrayEquals(mem, got.toByteArray());
            assertEquals(0, it.extract(7, 2, out));
            assertEquals(0, out.size());
        }
    }

    @Test
    void limitCountsOnlySegmentsWithBytesAndReturnsExactSpans() {
        try (IoIter it = make(Direction.SOURCE)) {
            Model m = model();
            long total = it.count();
            for (long start = 0; start <= total; start += (start < 40 ? 1 : 503)) {
                for (int segs = 0; segs <= 3; segs++) {
                    assertEquals(m.limit(start, Long.MAX_VALUE, segs), it.limit(start, Long.MAX_VALUE, segs),
                            "start=" + start + " segs=" + segs);
                    assertEquals(m.limit(start, 6, segs), it.limit(start, 6, segs));
                }
            }
            if (hasMemory() && type() != IterType.SEGMENT) {
                assertEquals(5, it.limit(0, 100, 1));
                assertEquals(3, it.limit(2, 100, 1), "a partial first segment gives its exact rest");
                assertEquals(5 + 7, it.limit(0, 100, 2), "the empty piece between does not count");
            }
            assertEquals(0, it.limit(total, 100, 5));
            rejected(it, IndexOutOfBoundsException.class, () -> it.limit(total + 1, 1, 1), "start: " + (total + 1),
                    "0 <= start <= " + total);
            rejected(it, IllegalArgumentException.class, () -> it.limit(0, -1, 1), "maxSize: -1");
            rejected(it, IllegalArgumentException.class, () -> it.limit(0, 1, -1), "maxSegs: -1");
        }
    }

    @Test
    void checksumAndViewsReadTheRangeInPlace() {
        assumeTrue(hasMemory());
        try (IoIter it = make(Direction.SOURCE)) {
            byte[] mem = layout.read();
            it.advance(1);
            CRC32C want = new CRC32C();
            want.update(mem, 3, 4103);
            assertEquals((int) want.getValue(), it.crc32c(2, 4103));
            CRC32C sum = new CRC32C();
            it.checksum(sum, 2, 4103);
            assertEquals(want.getValue(), sum.getValue());
            ByteBuffer[] views = it.byteBuffers(2, 4103);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (ByteBuffer b : views) {
                assertTrue(b.isReadOnly());
                byte[] x = new byte[b.remaining()];
                b.get(x);
                got.writeBytes(x);
            }
            assertArrayEquals(Arrays.copyOfRange(mem, 3, 3 + 4103), got.toByteArray());
            assertEquals(1, it.consumed(), "nothing moved");
            assertEquals(0, it.byteBuffers(0, 0).length);
        }
        try (IoIter it = make(Direction.DEST)) {
            ByteBuffer[] views = it.byteBuffers(0, it.count());
            for (ByteBuffer b : views) {
                assertFalse(b.isReadOnly());
                while (b.hasRemaining()) {
                    b.put((byte) 7);
                }
            }
            byte[] all7 = new byte[(int) layout.total()];
            Arrays.fill(all7, (byte) 7);
            assertArrayEquals(all7, layout.read(), "DEST views write the iterator's memory");
        }
    }

    @Test
    void measuresMatchThePieces() {
        try (IoIter it = make(Direction.SOURCE)) {
            Model m = model();
            for (int k = 0; k < 6; k++) {
                assertEquals(m.singleSegCount(), it.singleSegCount(), "singleSegCount at " + k);
                assertEquals(m.alignment(), it.alignment(), "alignment at " + k);
                assertEquals(m.gapAlignment(), it.gapAlignment(), "gapAlignment at " + k);
                assertEquals(m.npages(1000), it.npages(1000), "npages at " + k);
                assertEquals(Math.min(1, m.npages(1000)), it.npages(1), "npages capped at " + k);
                assertEquals(0, it.npages(0));
                it.advance(1);
                m.consumed++;
                m.count--;
            }
            it.truncate(0);
            assertEquals(0, it.singleSegCount());
            assertEquals(0, it.alignment());
            assertEquals(0, it.npages(10));
        }
    }

    @Test
    void directionIsChecked() {
        try (IoIter it = make(Direction.SOURCE)) {
            MemorySegment buf = MemorySegment.ofArray(new byte[4]);
            if (it.direction() == Direction.SOURCE) {
                rejected(it, IllegalStateException.class, () -> it.copyToIter(buf, 0, 4), "needs a DEST", "direction=SOURCE");
                rejected(it, IllegalStateException.class, () -> it.zero(1), "needs a DEST", "direction=SOURCE");
            } else {
                rejected(it, IllegalStateException.class, () -> it.copyFromIter(buf, 0, 4), "needs a SOURCE", "direction=DEST");
            }
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseIsRejected() {
        IoIter it = make(Direction.SOURCE);
        it.close();
        it.close();
        assertTrue(it.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> it.advance(0));
        assertTrue(e.getMessage().contains("after close()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> it.limit(0, 1, 1));
        assertThrows(IllegalStateException.class, () -> it.save());
        assertThrows(IllegalStateException.class, () -> it.alignment());
    }

    @Test
    void badArgumentsAreRejectedWithTheValueAndRangeAndChangeNothing() {
        try (IoIter it = make(Direction.DEST)) {
            it.advance(2);
            long c = it.count();
            MemorySegment buf = MemorySegment.ofArray(new byte[8]);
            rejected(it, NullPointerException.class, () -> it.copyToIter(null, 0, 1));
            rejected(it, IndexOutOfBoundsException.class, () -> it.copyToIter(buf, 9, 0), "src offset: 9", "0 <= offset <= 8");
            rejected(it, IndexOutOfBoundsException.class, () -> it.copyToIter(buf, 2, 7), "src length: 7", "0 <= length <= 6");
            rejected(it, IndexOutOfBoundsException.class, () -> it.copyToIter(buf, -1, 1), "src offset: -1");
            rejected(it, IllegalArgumentException.class, () -> it.zero(-3), "n: -3", "n >= 0");
            rejected(it, IllegalArgumentException.class, () -> it.truncate(-1), "maxCount: -1", "maxCount >= 0");
            rejected(it, IndexOutOfBoundsException.class, () -> it.reexpand(c + 1), "newCount: " + (c + 1),
                    c + " <= newCount <= " + c);
            rejected(it, IndexOutOfBoundsException.class, () -> it.reexpand(c - 1), "newCount: " + (c - 1));
            rejected(it, NullPointerException.class, () -> it.save(null));
            rejected(it, NullPointerException.class, () -> it.restore(null));
            rejected(it, IllegalArgumentException.class, () -> it.npages(-1), "maxPages: -1", "maxPages >= 0");
            rejected(it, NullPointerException.class, () -> it.checksum(null, 0, 0));
            Regions out = new Regions(2);
            rejected(it, NullPointerException.class, () -> it.extract(1, 1, null));
            rejected(it, IllegalArgumentException.class, () -> it.extract(-1, 1, out), "maxSize: -1", "maxSize >= 0");
            rejected(it, IllegalArgumentException.class, () -> it.extractPages(1, -1, out), "maxPages: -1");
            rejected(it, IndexOutOfBoundsException.class, () -> it.extract(1, 3, out), "maxSegs: 3", "0 <= maxSegs <= 2");
            rejected(it, IndexOutOfBoundsException.class, () -> it.extractPages(1, 3, out), "maxPages: 3");
            if (hasMemory()) {
                rejected(it, IndexOutOfBoundsException.class, () -> it.crc32c(c + 1, 0), "start: " + (c + 1), "0 <= start <= " + c);
                rejected(it, IndexOutOfBoundsException.class, () -> it.crc32c(1, c), "len: " + c, "0 <= len <= " + (c - 1));
                rejected(it, IndexOutOfBoundsException.class, () -> it.byteBuffers(-1, 0), "start: -1");
                rejected(it, IndexOutOfBoundsException.class, () -> it.byteBuffers(0, c + 1), "len: " + (c + 1));
            } else {
                rejected(it, UnsupportedOperationException.class, () -> it.crc32c(0, 0), "DISCARD");
                rejected(it, UnsupportedOperationException.class, () -> it.byteBuffers(0, 0), "DISCARD");
                rejected(it, UnsupportedOperationException.class, () -> it.extract(1, 1, out), "DISCARD");
                rejected(it, UnsupportedOperationException.class, () -> it.extractPages(1, 1, out), "DISCARD");
            }
            if (type() != IterType.BVECQ) {
                rejected(it, UnsupportedOperationException.class, () -> it.position(new io.bvecq.BvecqPos()), "BVECQ");
            }
        }
        try (IoIter it = make(Direction.SOURCE)) {
            if (it.direction() == Direction.SOURCE) {
                rejected(it, IllegalArgumentException.class,
                        () -> it.copyFromIter(MemorySegment.ofArray(new byte[4]).asReadOnly(), 0, 4), "read-only");
                rejected(it, IndexOutOfBoundsException.class,
                        () -> it.copyFromIter(MemorySegment.ofArray(new byte[4]), 0, 5), "dst length: 5", "0 <= length <= 4");
            }
        }
    }

    /** Asserts that {@code call} throws {@code type} naming every fragment, and that nothing changed. */
    final void rejected(IoIter it, Class<? extends Throwable> type, Executable call, String... fragments) {
        long count = it.count();
        long consumed = it.consumed();
        long truncated = it.truncated();
        byte[] mem = hasMemory() ? layout.read() : null;
        byte[] ahead = hasMemory() && !it.isClosed() ? ahead(it) : null;
        Throwable t = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(t.getMessage() != null && t.getMessage().contains(f),
                    "message \"" + t.getMessage() + "\" should name \"" + f + "\"");
        }
        assertEquals(count, it.count(), "count unchanged");
        assertEquals(consumed, it.consumed(), "consumed unchanged");
        assertEquals(truncated, it.truncated(), "truncated unchanged");
        if (mem != null) {
            assertArrayEquals(mem, layout.read(), "memory unchanged");
            assertArrayEquals(ahead, ahead(it), "place unchanged");
        }
    }
}
