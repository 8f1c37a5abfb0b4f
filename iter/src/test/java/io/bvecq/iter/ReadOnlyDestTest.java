package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.Bvecq;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** One rule for read-only memory under a DEST iterator: check the whole range, then write. */
class ReadOnlyDestTest {
    /** A chain [writable 5][read-only 7][writable 3], all bytes 0x55; runs {@code write} on a DEST iterator over it. */
    private static void rejectedWriteChangesNothing(ToLongFunction<IoIter> write) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment w1 = a.allocate(5).fill((byte) 0x55);
            MemorySegment ro = a.allocate(7).fill((byte) 0x55).asReadOnly();
            MemorySegment w2 = a.allocate(3).fill((byte) 0x55);
            Bvecq head = Bvecq.allocOne(3, Disposal.NONE);
            head.appendSlot(w1, 0, 5, null);
            head.appendSlot(ro, 0, 7, null);
            head.appendSlot(w2, 0, 3, null);
            try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 2, 13)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write.applyAsLong(it));
                assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
                assertEquals(13, it.count(), "a rejected write does not move");
                assertEquals(0, it.consumed());
                byte[] expect = {0x55, 0x55, 0x55, 0x55, 0x55};
                assertArrayEquals(expect, w1.toArray(ValueLayout.JAVA_BYTE), "the writable prefix was not written");
                // a write that ends before the read-only slot is fine
                assertEquals(3, it.zero(3));
                assertArrayEquals(new byte[] {0x55, 0x55, 0, 0, 0}, w1.toArray(ValueLayout.JAVA_BYTE));
                assertThrows(IllegalArgumentException.class, () -> it.zero(1), "the next byte is read-only");
                it.revert(3);
                assertEquals(3, it.zero(3), "bytes already checked are written again");
                assertThrows(IllegalArgumentException.class, () -> write.applyAsLong(it));
                assertEquals(3, it.consumed());
            } finally {
                head.release();
            }
        }
    }

    @Test
    void copyToIterIntoAReadOnlySlotWritesNothing() {
        MemorySegment src = MemorySegment.ofArray(new byte[20]);
        rejectedWriteChangesNothing(it -> it.copyToIter(src, 0, 10));
    }

    @Test
    void zeroIntoAReadOnlySlotWritesNothing() {
        rejectedWriteChangesNothing(it -> it.zero(10));
    }

    @Test
    void arrayDestIteratorsRejectAReadOnlySegmentEvenWhenEmpty() {
        MemorySegment ro = MemorySegment.ofArray(new byte[8]).asReadOnly();
        MemorySegment empty = ro.asSlice(0, 0);
        MemorySegment ok = MemorySegment.ofArray(new byte[8]);
        assertThrows(IllegalArgumentException.class, () -> IoIter.segment(Direction.DEST, empty));
        assertThrows(IllegalArgumentException.class, () -> IoIter.kvec(Direction.DEST, ok, empty));
        assertThrows(IllegalArgumentException.class, () -> IoIter.bvec(Direction.DEST, new MemorySegment[] {ok, ro},
                new long[] {0, 3}, new long[] {8, 0}));
        // SOURCE iterators read only: read-only memory is fine
        try (IoIter it = IoIter.kvec(Direction.SOURCE, ok, empty)) {
            assertEquals(8, it.count());
        }
    }

    @Test
    void closeReportsAnOverReleasedStartNodeAndStaysClosed() {
        Bvecq head = Bvecq.allocOne(1, Disposal.NONE);
        head.appendSlot(MemorySegment.ofArray(new byte[4]), 0, 4, null);
        IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, 4);
        head.release(); // the caller's reference
        head.release(); // an over-release elsewhere drops the iterator's reference too
        assertThrows(BvecqReleasedException.class, it::close);
        assertTrue(it.isClosed());
        it.close(); // idempotent: nothing more happens
    }
}
