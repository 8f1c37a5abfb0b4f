package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** nudge, step, advance, advanceAtMost, zero, remaining, isAtEnd; parking at the end and carrying on. */
class PositionMoveTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    private static void assertAt(BvecqPos p, Bvecq node, int slot, long offset) {
        assertSame(node, p.node(), "node of " + p);
        assertEquals(slot, p.slot(), "slot of " + p);
        assertEquals(offset, p.offset(), "offset of " + p);
    }

    @Test
    void nudgeSkipsEmptyAndZeroLengthSlotsAndNodes() {
        Bvecq head = Bvecq.allocOne(2, Disposal.NONE);
        head.appendSlot(MemorySegment.NULL, 0, 0, null);
        head.appendSlot(arena.allocate(4), 4, 0, null);
        Bvecq empty = Bvecq.allocOne(1, Disposal.NONE); // a node with no slots at all
        head.linkNext(empty);
        Bvecq data = Chains.build(arena, new int[][] {{0, 1}});
        empty.linkNext(data);
        BvecqPos p = BvecqPos.at(head);
        assertTrue(p.nudge());
        assertAt(p, data, 1, 0);
        assertTrue(p.nudge(), "nudging a normalised position leaves it");
        assertAt(p, data, 1, 0);
        p.unset();
        head.release();
    }

    @Test
    void nudgeParksPastTheLastSlotOfTheLastNode() {
        Bvecq head = Chains.build(arena, new int[][] {{3}, {0, 0}});
        Bvecq last = head.nextAcquire();
        BvecqPos p = BvecqPos.at(head);
        p.advanceAtMost(3);
        assertAt(p, last, 2, 0);
        assertFalse(p.nudge());
        assertTrue(p.isAtEnd());
        assertEquals(0, p.remaining());
        assertEquals(0, p.step());
        assertAt(p, last, 2, 0);
        p.unset();
        head.release();
    }

    @Test
    void stepSkipsTheRestOfTheSlot() {
        Bvecq head = Chains.build(arena, new int[][] {{1, 0, 5}, {7}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(1, p.step(), "single-byte slot");
        assertAt(p, head, 2, 0);
        p.advance(2);
        assertEquals(3, p.step(), "rest of a partly read slot");
        assertAt(p, head.nextAcquire(), 0, 0);
        assertEquals(7, p.step());
        assertTrue(p.isAtEnd());
        p.unset();
        head.release();
    }

    @Test
    void advanceMovesExactlyAcrossSlotsAndNodes() {
        Bvecq head = Chains.build(arena, new int[][] {{4, 0, 1}, {0}, {10, 3}});
        Bvecq last = Chains.nodeAt(head, 2);
        BvecqPos p = BvecqPos.at(head);
        p.advance(0);
        assertAt(p, head, 0, 0);
        p.advance(4);
        assertAt(p, head, 2, 0); // slot boundary: normalised onto the next byte, past the empty slot
        p.advance(1);
        assertAt(p, last, 0, 0); // node boundary, across an empty node
        p.advance(12);
        assertAt(p, last, 1, 2);
        assertEquals(1, p.remaining());
        assertArrayEquals(Chains.expected(17, 18), Chains.readFrom(p));
        p.advance(1);
        assertAt(p, last, 2, 0);
        assertTrue(p.isAtEnd());
        p.unset();
        head.release();
    }

    @Test
    void advanceLandsOnTheRightByteForEveryDistanceInsideALongNode() {
        // 32 slots in one node, every fourth one empty, then a second node: moves that end a few slots on (the
        // short scan) and many slots on (the binary search past it), from every start, at every distance
        int[] lens = new int[32];
        for (int i = 0; i < lens.length; i++) {
            lens[i] = i % 4 == 3 ? 0 : 1 + i % 5;
        }
        Bvecq head = Chains.build(arena, new int[][] {lens, {6}});
        long total = Chains.bytesOf(head).length;
        for (long from = 0; from < total; from += 3) {
            for (long n = 0; from + n <= total; n++) {
                BvecqPos p = BvecqPos.at(head);
                p.advance(from);
                p.advance(n);
                assertEquals(total - from - n, p.remaining(), "remaining after " + from + " + " + n);
                assertArrayEquals(Chains.expected(from + n, Math.min(total, from + n + 2)), Chains.readFrom(p, 2),
                        "bytes after " + from + " + " + n);
                p.unset();
            }
        }
        head.release();
    }

    @Test
    void advancePastTheEndIsRejectedAndChangesNothing() {
        Bvecq head = Chains.build(arena, new int[][] {{4}, {4}});
        BvecqPos p = BvecqPos.at(head);
        p.advance(1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> p.advance(8));
        assertEquals("n: 8 (expected: 0 <= n <= 7, the bytes remaining)", e.getMessage());
        assertAt(p, head, 0, 1);
        assertEquals(2, head.refCount());
        assertEquals(1, head.nextAcquire().refCount());
        p.unset();
        head.release();
    }

    @Test
    void advanceAtMostClampsAtTheEnd() {
        Bvecq head = Chains.build(arena, new int[][] {{4}, {4}});
        Bvecq last = head.nextAcquire();
        BvecqPos p = BvecqPos.at(head);
        assertEquals(3, p.advanceAtMost(3));
        assertEquals(5, p.advanceAtMost(Long.MAX_VALUE));
        assertAt(p, last, 1, 0);
        assertEquals(0, p.advanceAtMost(10));
        p.unset();
        head.release();
    }

    @Test
    void zeroClearsExactlyNBytesAndMovesPastThem() {
        Bvecq head = Chains.build(arena, new int[][] {{3, 0, 2}, {4}});
        BvecqPos p = BvecqPos.at(head);
        p.advance(1);
        p.zero(5);
        assertEquals(3, p.remaining());
        BvecqPos start = BvecqPos.at(head);
        byte[] all = Chains.readFrom(start);
        start.unset();
        byte[] want = Chains.expected(0, 9);
        for (int i = 1; i < 6; i++) {
            want[i] = 0;
        }
        assertArrayEquals(want, all);
        p.unset();
        head.release();
    }

    @Test
    void zeroPastTheEndWritesNothing() {
        Bvecq head = Chains.build(arena, new int[][] {{3}, {2}});
        BvecqPos p = BvecqPos.at(head);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> p.zero(6));
        assertEquals("n: 6 (expected: 0 <= n <= 5, the bytes remaining)", e.getMessage());
        assertArrayEquals(Chains.expected(0, 5), Chains.bytesOf(head));
        assertAt(p, head, 0, 0);
        p.unset();
        head.release();
    }

    @Test
    void aParkedPositionCarriesOnWhenSlotsAreAppended() {
        MemorySegment seg = arena.allocate(8);
        seg.set(ValueLayout.JAVA_BYTE, 5, (byte) 42);
        Bvecq n = Bvecq.allocOne(4, Disposal.NONE);
        n.appendSlot(seg, 0, 2, null);
        BvecqPos p = BvecqPos.at(n);
        p.advance(2);
        assertAt(p, n, 1, 0);
        assertTrue(p.isAtEnd());
        n.appendSlot(MemorySegment.NULL, 0, 0, null);
        assertFalse(p.nudge());
        assertAt(p, n, 2, 0);
        n.appendSlot(seg, 5, 3, null);
        assertFalse(p.isAtEnd());
        assertEquals(3, p.remaining());
        assertTrue(p.nudge());
        assertAt(p, n, 2, 0);
        assertEquals(42, p.node().segment(p.slot()).get(ValueLayout.JAVA_BYTE, p.node().offset(p.slot())));
        p.advance(3);
        assertAt(p, n, 3, 0);
        p.unset();
        n.release();
    }

    @Test
    void aParkedPositionCarriesOnIntoALinkedNode() {
        Bvecq n = Chains.build(arena, new int[][] {{2, 0}});
        BvecqPos p = BvecqPos.at(n);
        p.advanceAtMost(100);
        assertAt(p, n, 2, 0);
        Bvecq next = Bvecq.allocOne(2, Disposal.NONE);
        n.linkNext(next);
        assertFalse(p.nudge(), "the new node is still empty");
        assertAt(p, next, 0, 0);
        assertEquals(1, n.refCount(), "parking moved the reference to the new last node");
        MemorySegment seg = arena.allocate(5);
        next.appendSlot(seg, 1, 4, null);
        assertEquals(4, p.advanceAtMost(10));
        assertAt(p, next, 1, 0);
        p.unset();
        n.release();
    }

    @Test
    void appendRegionAfterParkingIsSeenByAdvance() {
        Bvecq n = Chains.build(arena, new int[][] {{3}}); // a full node: appendRegion must start a new one
        BvecqPos p = BvecqPos.at(n);
        p.advance(3);
        Bvecq tail = BvecqBuffers.appendRegion(n, Disposal.NONE, arena.allocate(6), 0, 6, null);
        assertTrue(tail != n);
        p.advance(6);
        assertAt(p, tail, 1, 0);
        p.unset();
        n.release();
    }

    @Test
    void isAtEndDoesNotMoveThePosition() {
        Bvecq head = Chains.build(arena, new int[][] {{0}, {1}});
        BvecqPos p = BvecqPos.at(head);
        assertFalse(p.isAtEnd());
        assertAt(p, head, 0, 0);
        p.unset();
        head.release();
    }

    @Test
    void rawPositionAtTheEndOfASlotIsTheStartOfTheNext() {
        Bvecq head = Chains.build(arena, new int[][] {{3, 2}});
        BvecqPos p = new BvecqPos();
        p.set(head, 0, 3);
        assertEquals(2, p.remaining());
        assertTrue(p.nudge());
        assertAt(p, head, 1, 0);
        p.unset();
        head.release();
    }

    @Test
    void zeroIntoAReadOnlySegmentWritesNothing() {
        MemorySegment rw = arena.allocate(4);
        rw.fill((byte) 7);
        MemorySegment ro = arena.allocate(4).fill((byte) 9).asReadOnly();
        Bvecq n = Bvecq.allocOne(2, Disposal.NONE);
        n.appendSlot(rw, 0, 4, null);
        n.appendSlot(ro, 0, 4, null);
        BvecqPos p = BvecqPos.at(n);
        p.zero(0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> p.zero(5));
        assertTrue(e.getMessage().startsWith("slot 1 of Bvecq#" + n.id()), e.getMessage());
        assertEquals(7, rw.get(ValueLayout.JAVA_BYTE, 0), "the writable slot before it was not touched");
        assertAt(p, n, 0, 0);
        p.zero(4);
        assertEquals(0, rw.get(ValueLayout.JAVA_BYTE, 3));
        assertThrows(UnsupportedOperationException.class, () -> p.zero(1));
        assertEquals(4, p.remaining(), "remaining() counts read-only bytes");
        p.unset();
        n.release();
    }
}
