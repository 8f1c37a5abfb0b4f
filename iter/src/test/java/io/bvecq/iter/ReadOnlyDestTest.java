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

    /** Chain [w 4][w 4] -> [w 4][ro 4] -> [w 4][w 4]: the read-only slot is bytes 12..16. */
    private static Bvecq threeNodes(Arena a, MemorySegment... out) {
        Bvecq head = null;
        Bvecq tail = null;
        for (int n = 0; n < 3; n++) {
            Bvecq node = Bvecq.allocOne(2, Disposal.NONE);
            for (int s = 0; s < 2; s++) {
                MemorySegment m = a.allocate(4).fill((byte) 0x55);
                out[2 * n + s] = m;
                node.appendSlot(n == 1 && s == 1 ? m.asReadOnly() : m, 0, 4, null);
            }
            if (head == null) {
                head = node;
            } else {
                tail.linkNext(node);
            }
            tail = node;
        }
        return head;
    }

    @Test
    void aReadOnlySlotInALaterNodeOfTheRangeRejectsTheWholeWrite() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment[] mem = new MemorySegment[6];
            Bvecq head = threeNodes(a, mem);
            try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, 24)) {
                assertThrows(IllegalArgumentException.class, () -> it.copyToIter(MemorySegment.ofArray(new byte[24]), 0, 24));
                assertEquals(0, it.consumed());
                for (int i = 0; i < 3; i++) {
                    assertEquals(0x55, mem[i].get(ValueLayout.JAVA_BYTE, 0), "slot " + i + " was not written");
                }
                assertEquals(12, it.zero(12), "up to the read-only slot is writable");
                assertThrows(IllegalArgumentException.class, () -> it.zero(1));
            } finally {
                head.release();
            }
        }
    }

    @Test
    void readOnlyMemoryOutsideTheRangeDoesNotStopAWrite() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment[] mem = new MemorySegment[6];
            Bvecq head = threeNodes(a, mem);
            Bvecq second = head.nextAcquire();
            // the range ends before the read-only slot's node: no walk needed
            try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, 8)) {
                assertTrue(((IterMemory) it).writableWhenMade());
                assertEquals(8, it.zero(8));
            }
            // the range starts after it: its node is not in the range
            try (IoIter it = IoIter.bvecq(Direction.DEST, second.nextAcquire(), 0, 0, 8)) {
                assertTrue(((IterMemory) it).writableWhenMade());
                assertEquals(8, it.zero(8));
            }
            // the range ends inside the read-only slot's node, before the slot: the exact walk lets it through
            try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, 12)) {
                assertEquals(12, it.zero(12));
                assertEquals(0, mem[2].get(ValueLayout.JAVA_BYTE, 3));
            }
            // the range starts right after the read-only slot (its node's end)
            try (IoIter it = IoIter.bvecq(Direction.DEST, second, 2, 0, 8)) {
                assertEquals(8, it.copyToIter(MemorySegment.ofArray(new byte[8]), 0, 8));
                assertEquals(0, mem[5].get(ValueLayout.JAVA_BYTE, 3));
            }
            assertEquals(0x55, mem[3].get(ValueLayout.JAVA_BYTE, 0), "the read-only slot was never written");
            head.release();
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
