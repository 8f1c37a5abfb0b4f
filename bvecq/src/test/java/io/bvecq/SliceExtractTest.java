package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** slice and extract: limits, empty slots, discontiguous nodes, fpos, and the source kept alive. */
class SliceExtractTest {
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
    void sliceSkipsEmptySlotsWithoutCountingThem() {
        Bvecq head = Chains.build(arena, new int[][] {{0, 2, 0, 0, 3, 0}, {0}, {4}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(9, p.slice(100, 3), "three data slots, however many empty ones lie between");
        assertTrue(p.isAtEnd());
        p.unset();
        head.release();
    }

    @Test
    void sliceStopsAtMaxSlotsOnTheNextDataByte() {
        Bvecq head = Chains.build(arena, new int[][] {{2, 0, 3, 0}, {0, 4}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(5, p.slice(100, 2));
        assertAt(p, head.nextAcquire(), 1, 0);
        assertEquals(4, p.slice(100, 2));
        assertEquals(0, p.slice(100, 2), "0 at the end");
        p.unset();
        head.release();
    }

    @Test
    void sliceStopsMidSlotAtMaxSizeAndAPartSlotCountsAsOne() {
        Bvecq head = Chains.build(arena, new int[][] {{10, 10}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(4, p.slice(4, 5));
        assertAt(p, head, 0, 4);
        assertEquals(6, p.slice(100, 1), "the rest of the partly used slot is one slot");
        assertAt(p, head, 1, 0);
        assertEquals(10, p.slice(10, 1), "maxSize exactly the slot");
        assertTrue(p.isAtEnd());
        p.unset();
        head.release();
    }

    @Test
    void sliceWithZeroLimitsMeasuresNothingButNormalises() {
        Bvecq head = Chains.build(arena, new int[][] {{0, 0}, {5}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(0, p.slice(0, 10));
        assertAt(p, head.nextAcquire(), 0, 0);
        assertEquals(0, p.slice(10, 0));
        assertAt(p, head.nextAcquire(), 0, 0);
        assertNull(p.extract(0, 10));
        assertNull(p.extract(10, 0));
        assertEquals(5, p.remaining());
        p.unset();
        head.release();
    }

    @Test
    void sliceStopsBeforeADiscontigNodeOnceItHoldsData() {
        Bvecq head = Chains.build(arena, new int[][] {{3}, {0, 4}, {5}});
        Bvecq second = head.nextAcquire();
        Bvecq third = second.nextAcquire();
        second.setDiscontig(true);
        third.setDiscontig(true);
        BvecqPos p = BvecqPos.at(head);
        assertEquals(3, p.slice(100, 100));
        assertAt(p, second, 1, 0);
        assertEquals(4, p.slice(100, 100), "a slice may start in a discontig node");
        assertAt(p, third, 0, 0);
        assertEquals(5, p.slice(100, 100));
        p.unset();
        head.release();
    }

    @Test
    void sliceStartingParkedBeforeADiscontigNodeEntersIt() {
        Bvecq head = Chains.build(arena, new int[][] {{3, 0}, {4}});
        Bvecq second = head.nextAcquire();
        second.setDiscontig(true);
        BvecqPos p = new BvecqPos();
        p.set(head, 2, 0);
        assertEquals(4, p.slice(100, 100));
        p.unset();
        head.release();
    }

    @Test
    void sliceContinuesThroughContiguousNodes() {
        Bvecq head = Chains.build(arena, new int[][] {{3}, {4}, {5}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(12, p.slice(100, 100));
        p.unset();
        head.release();
    }

    @Test
    void sliceEndingExactlyAtANodeEndMovesIntoTheNextNode() {
        Bvecq head = Chains.build(arena, new int[][] {{3, 3}, {5}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(6, p.slice(6, 100));
        assertAt(p, head.nextAcquire(), 0, 0);
        p.unset();
        BvecqPos q = BvecqPos.at(head);
        assertEquals(6, q.slice(100, 2));
        assertAt(q, head.nextAcquire(), 0, 0);
        q.unset();
        head.release();
    }

    @Test
    void sliceEndingWithTheLastNodeParksPastItsSlotsAndSeesLaterGrowth() {
        Bvecq head = Bvecq.allocOne(5, Disposal.NONE);
        head.appendSlot(arena.allocate(3), 0, 3, null);
        head.appendSlot(arena.allocate(3), 0, 3, null);
        head.appendSlot(java.lang.foreign.MemorySegment.NULL, 0, 0, null); // a trailing empty slot
        BvecqPos p = BvecqPos.at(head);
        assertEquals(2, p.slice(2, 100));
        assertEquals(4, p.slice(4, 100), "the rest of the node: the short slice");
        assertAt(p, head, 3, 0); // parked past the last slot, the empty one skipped, as the walk parks
        assertEquals(6, p.logicalOffset());
        assertEquals(0, p.remaining());
        assertEquals(0, p.slice(100, 100));
        head.appendSlot(arena.allocate(5), 0, 5, null); // the node has no successor: it may still grow
        assertEquals(5, p.remaining());
        assertEquals(5, p.slice(5, 100));
        assertEquals(11, p.logicalOffset());
        p.unset();
        head.release();
    }

    @Test
    void extractDescribesTheSameBytesAsTheSlice() {
        Bvecq head = Chains.build(arena, new int[][] {{0, 7, 1}, {0, 0}, {9, 0, 2}});
        BvecqPos s = BvecqPos.at(head);
        BvecqPos e = BvecqPos.at(head);
        s.advance(2);
        e.advance(2);
        long n = s.slice(12, 3);
        Bvecq ex = e.extract(12, 3);
        assertEquals(n, BvecqBuffers.totalBytes(ex));
        assertEquals(12, n);
        assertAt(e, s.node(), s.slot(), s.offset());
        assertArrayEquals(Chains.expected(2, 14), Chains.bytesOf(ex));
        assertEquals(3, slotsWithData(ex));
        assertEquals(Disposal.NONE, ex.disposal());
        ex.release();
        s.unset();
        e.unset();
        head.release();
    }

    @Test
    void extractStopsBeforeADiscontigNode() {
        Bvecq head = Chains.build(arena, new int[][] {{3}, {4}});
        head.nextAcquire().setDiscontig(true);
        BvecqPos p = BvecqPos.at(head);
        Bvecq ex = p.extract(100, 100);
        assertArrayEquals(Chains.expected(0, 3), Chains.bytesOf(ex));
        assertAt(p, head.nextAcquire(), 0, 0);
        ex.release();
        Bvecq ex2 = p.extract(100, 100);
        assertArrayEquals(Chains.expected(3, 7), Chains.bytesOf(ex2));
        ex2.release();
        assertNull(p.extract(100, 100), "nothing left");
        p.unset();
        head.release();
    }

    @Test
    void extractSetsFposOfEveryNewNode() {
        // fpos 1000: the extract starts 2 + 5 + 3 = 10 bytes into the node
        Bvecq head = Chains.build(arena, new int[][] {{2, 0, 5, 6, 1, 1, 1}});
        head.setFpos(1000);
        BvecqPos p = BvecqPos.at(head);
        p.advance(10);
        Bvecq ex = p.extract(100, 2); // node capacity min(maxSlots, 32) = 2 slots: the extract is 2 slots
        assertEquals(1010, ex.fpos());
        assertEquals(4, BvecqBuffers.totalBytes(ex));
        ex.release();
        Bvecq ex3 = p.extract(100, 100);
        assertEquals(1014, ex3.fpos());
        ex3.release();
        p.unset();
        head.release();
    }

    @Test
    void extractOfAFewSlotsIsOneNodeSizedToThem() {
        Bvecq head = Chains.build(arena, new int[][] {{3, 0, 3, 3, 3, 3}});
        BvecqPos p = BvecqPos.at(head);
        Bvecq ex = p.extract(Long.MAX_VALUE, 3);
        assertEquals(1, BvecqBuffers.nodeCount(ex));
        assertEquals(3, ex.maxSlots(), "three pieces, three slots: the empty slot is skipped, not allocated");
        assertArrayEquals(Chains.expected(0, 9), Chains.bytesOf(ex));
        ex.release();
        p.unset();
        head.release();
    }

    @Test
    void extractEndingInTheCurrentNodeGetsANodeOfTheSlotsUpToItsEnd() {
        Bvecq head = Chains.build(arena, new int[][] {{3, 3, 3, 3, 3, 3, 3, 3}});
        BvecqPos p = BvecqPos.at(head);
        p.advance(2);
        Bvecq ex = p.extract(5, 64); // bytes 2..6: the last byte of slot 0, slot 1, the first byte of slot 2
        assertEquals(3, ex.maxSlots(), "sized by the slots up to where the bytes end, not by maxSlots");
        assertEquals(3, ex.nrSlotsAcquire());
        assertArrayEquals(Chains.expected(2, 7), Chains.bytesOf(ex));
        ex.release();
        Bvecq rest = p.extract(1_000, 64); // runs to the end of the node and the chain: sized by maxSlots
        assertEquals(64, rest.maxSlots());
        assertArrayEquals(Chains.expected(7, 24), Chains.bytesOf(rest));
        rest.release();
        p.unset();
        head.release();
    }

    @Test
    void extractOfManySlotsChainsNodesWithRunningFpos() {
        int[] row = new int[600];
        java.util.Arrays.fill(row, 3);
        Bvecq head = Chains.build(arena, new int[][] {row});
        head.setFpos(50);
        BvecqPos p = BvecqPos.at(head);
        p.advance(1);
        Bvecq ex = p.extract(Long.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(3, BvecqBuffers.nodeCount(ex), "256 + 256 + 88 slots");
        assertEquals(256, ex.maxSlots(), "nodes sized to the slice, up to 256 slots");
        assertEquals(88, ex.nextAcquire().nextAcquire().nrSlotsAcquire());
        assertEquals(51, ex.fpos());
        assertEquals(51 + 2 + 255 * 3, ex.nextAcquire().fpos());
        assertEquals(51 + 2 + 511 * 3, ex.nextAcquire().nextAcquire().fpos());
        assertArrayEquals(Chains.expected(1, 1800), Chains.bytesOf(ex));
        ex.release();
        p.unset();
        head.release();
    }

    @Test
    void extractKeepsTheSourceMemoryAliveAfterTheSourceIsReleased() {
        CountingOwner owner = new CountingOwner();
        Bvecq head = Chains.build(arena, new int[][] {{4, 4}, {4}}, Disposal.FREE, owner);
        BvecqPos p = BvecqPos.at(head);
        Bvecq ex = p.extract(10, 10);
        p.unset();
        assertFalse(head.release(), "the source chain's owner lets go of its head; the extract still holds it");
        assertEquals(0, owner.calls(), "slot owners wait for the extract");
        assertArrayEquals(Chains.expected(0, 10), Chains.bytesOf(ex), "still readable");
        ex.release();
        assertEquals(3, owner.calls());
    }

    @Test
    void extractOfAnExtractKeepsBothAlive() {
        CountingOwner owner = new CountingOwner();
        Bvecq head = Chains.build(arena, new int[][] {{4, 4}}, Disposal.UNPIN, owner);
        BvecqPos p = BvecqPos.at(head);
        Bvecq ex = p.extract(8, 8);
        p.unset();
        BvecqPos q = BvecqPos.at(ex);
        q.advance(3);
        Bvecq ex2 = q.extract(3, 8);
        q.unset();
        head.release();
        ex.release();
        assertEquals(0, owner.calls());
        assertArrayEquals(Chains.expected(3, 6), Chains.bytesOf(ex2));
        ex2.release();
        assertEquals(2, owner.calls());
    }

    @Test
    void extractFailingOnAReleasedNodeLeaksNothingAndDoesNotMove() {
        Bvecq head = Chains.build(arena, new int[][] {{3}, {4}});
        Bvecq second = head.nextAcquire();
        BvecqPos p = BvecqPos.at(head);
        second.release(); // a caller bug: drops the link's reference
        BvecqReleasedException e = assertThrows(BvecqReleasedException.class, () -> p.extract(100, 100));
        assertTrue(e.getMessage().contains("Bvecq#" + second.id()), e.getMessage());
        assertEquals(2, head.refCount(), "the half-built extract let go of its source");
        assertAt(p, head, 0, 0);
        p.unset();
        assertThrows(BvecqReleasedException.class, head::release, "the cascade meets the over-released node");
        assertTrue(head.isReleased());
    }
}
