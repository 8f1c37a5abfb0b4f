package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** {@link IoIter#fillIovecs} and {@link IoIter#allNative} give the same description for every type with memory. */
class IovecsTest {
    /** Native pieces only, with empty ones, over several BVECQ nodes. */
    private static Layout nativeLayout() {
        long[] lens = {7, 0, 4096, 1, 0, 300, 5};
        return Layout.of(lens, new boolean[lens.length], new long[] {0, 0, 3, 1, 0, 2, 0}, new int[] {2, 3, 2});
    }

    @ParameterizedTest
    @EnumSource(value = IterType.class, names = {"KVEC", "BVEC", "BVECQ"})
    void entriesAreTheNonEmptyPiecesFromTheCurrentPlaceAndNothingMoves(IterType type) {
        try (Layout l = nativeLayout(); IoIter it = l.make(type, Direction.SOURCE, 3, l.total() - 3)) {
            assertTrue(it.allNative());
            long before = it.consumed(); // 3, or 0 for BVECQ, which is made at the raw place
            Iovecs iov = new Iovecs(3);
            long n = it.fillIovecs(Long.MAX_VALUE, iov);
            assertEquals(3, iov.size(), "capped at the capacity");
            assertEquals(4 + 4096 + 1, n);
            assertEquals(n, iov.bytes());
            assertEquals(l.segs.get(0).address() + 3, iov.address(0), "the first entry starts at the current byte");
            assertEquals(4, iov.length(0));
            assertEquals(l.segs.get(2).address() + 3, iov.address(1), "empty pieces are skipped");
            assertEquals(4096, iov.length(1));
            assertEquals(1, iov.length(2));
            assertEquals(before, it.consumed(), "fillIovecs moves nothing");
            assertEquals(l.total() - 3, it.count());
            it.advance(n);
            assertEquals(300 + 5, it.fillIovecs(Long.MAX_VALUE, iov));
            assertEquals(2, iov.size());
            assertEquals(100, it.fillIovecs(100, iov), "capped at maxSize, the last entry cut");
            assertEquals(1, iov.size());
            assertEquals(100, iov.length(0));
        }
    }

    @Test
    void aSegmentIsOneEntryAndDiscardHasNone() {
        try (Layout l = Layout.of(new long[] {64}, new boolean[1], new long[1], new int[] {1});
                IoIter it = l.make(IterType.SEGMENT, Direction.DEST, 0, 64)) {
            Iovecs iov = new Iovecs(8);
            assertEquals(64, it.fillIovecs(1000, iov));
            assertEquals(1, iov.size());
            assertEquals(l.segs.get(0).address(), iov.address(0));
        }
        try (IoIter d = IoIter.discard(10)) {
            assertTrue(d.allNative(), "no segments at all");
            assertThrows(UnsupportedOperationException.class, () -> d.fillIovecs(10, new Iovecs(1)));
        }
    }

    @Test
    void aReadOnlySlotIsNeverHandedToTheKernelToWriteInto() {
        try (Arena a = Arena.ofConfined()) {
            io.bvecq.Bvecq head = io.bvecq.Bvecq.allocOne(2, io.bvecq.Disposal.NONE);
            head.appendSlot(a.allocate(16), 0, 16, null);
            head.appendSlot(a.allocate(16).asReadOnly(), 0, 16, null);
            try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, 32)) {
                Iovecs iov = new Iovecs(4);
                assertEquals(16, it.fillIovecs(16, iov), "the writable slot alone is fine");
                assertThrows(IllegalArgumentException.class, () -> it.fillIovecs(32, iov));
                assertEquals(0, iov.size());
            } finally {
                head.release();
            }
        }
    }

    @Test
    void heapMemoryHasNoAddressForTheKernelAndLeavesTheArrayEmpty() {
        MemorySegment heap = MemorySegment.ofArray(new byte[16]);
        try (IoIter it = IoIter.kvec(Direction.SOURCE, MemorySegment.ofArray(new byte[0]), heap)) {
            assertFalse(it.allNative());
            Iovecs iov = new Iovecs(4);
            assertThrows(UnsupportedOperationException.class, () -> it.fillIovecs(16, iov));
            assertEquals(0, iov.size());
            assertEquals(0, it.consumed());
            it.close();
            assertThrows(IllegalStateException.class, () -> it.fillIovecs(16, iov));
            assertThrows(IllegalArgumentException.class, () -> new Iovecs(0));
        }
    }
}
