package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a node with a successor grows no more, and a position whose walk meets a node released ahead of
 * it (by a holder that over-released it) fails before it moves: a rejected call changes nothing.
 */
class ReleasedAheadAndGrowthTest {

    @Test
    void appendSlotOnANodeWithASuccessorIsRejectedAndChangesNothing() {
        try (Arena arena = Arena.ofConfined()) {
            Bvecq a = Chains.build(arena, new int[][] {{10, 10}, {10}});
            try {
                Bvecq grown = Bvecq.allocOne(4, Disposal.NONE);
                grown.appendSlot(arena.allocate(4), 0, 4, null);
                Bvecq big = Bvecq.allocOne(3, Disposal.NONE);
                big.appendSlot(arena.allocate(10), 0, 10, null);
                grown.linkNext(big);
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> grown.appendSlot(arena.allocate(7), 0, 7, null));
                assertTrue(e.getMessage().contains(grown.toString()), e.getMessage());
                assertEquals(1, grown.nrSlotsAcquire());
                assertEquals(4, grown.bytes());
                assertEquals(1, big.appendSlot(arena.allocate(7), 0, 7, null)); // the tail still grows
                grown.release();
            } finally {
                a.release();
            }
        }
    }

    @Test
    void appendRegionAfterTheTailStartsANewNodeWhenTheTailIsFull() {
        try (Arena arena = Arena.ofConfined()) {
            Bvecq a = Chains.build(arena, new int[][] {{10, 10}});
            try {
                Bvecq n = BvecqBuffers.appendRegion(a, Disposal.NONE, arena.allocate(7), 0, 7, null);
                assertEquals(2, BvecqBuffers.nodeCount(a));
                assertEquals(20, n.fpos());
                assertThrows(IllegalArgumentException.class,
                        () -> BvecqBuffers.appendRegion(a, Disposal.NONE, arena.allocate(7), 0, 7, null));
                assertEquals(27, BvecqBuffers.totalBytes(a));
            } finally {
                a.release();
            }
        }
    }

    private static byte[] nodeBytes(Bvecq n) {
        byte[] s0 = Chains.slotBytes(n, 0, 0);
        byte[] s1 = Chains.slotBytes(n, 1, 0);
        byte[] all = java.util.Arrays.copyOf(s0, s0.length + s1.length);
        System.arraycopy(s1, 0, all, s0.length, s1.length);
        return all;
    }

    /** Builds A=[10,10] -> B=[10], releases B's link reference (B is disposed), runs {@code op}, checks nothing moved. */
    private static void releasedAhead(long advanceFirst, Consumer<BvecqPos> op) {
        try (Arena arena = Arena.ofConfined()) {
            Bvecq a = Chains.build(arena, new int[][] {{10, 10}, {10}});
            Bvecq b = a.nextAcquire();
            BvecqPos pos = BvecqPos.at(a);
            try {
                pos.advance(advanceFirst);
                byte[] before = nodeBytes(a);
                int slot = pos.slot();
                long offset = pos.offset();
                long logical = pos.logicalOffset();
                b.release(); // over-release: the link's reference, so B is disposed while A still links to it
                BvecqReleasedException e = assertThrows(BvecqReleasedException.class, () -> op.accept(pos));
                assertTrue(e.getMessage().contains("Bvecq#" + b.id()), e.getMessage());
                assertEquals(a, pos.node());
                assertEquals(slot, pos.slot());
                assertEquals(offset, pos.offset());
                assertEquals(logical, pos.logicalOffset());
                assertArrayEquals(before, nodeBytes(a));
            } finally {
                pos.unset();
                assertThrows(BvecqReleasedException.class, a::release); // the cascade meets the over-released B
            }
        }
    }

    @Test
    void advanceIntoAReleasedNodeFailsBeforeMoving() {
        releasedAhead(5, p -> p.advance(15));
    }

    @Test
    void advanceAtMostIntoAReleasedNodeFailsBeforeMoving() {
        releasedAhead(5, p -> p.advanceAtMost(15)); // ends at the end of A: the normalisation enters B
    }

    @Test
    void stepIntoAReleasedNodeFailsBeforeMoving() {
        releasedAhead(12, BvecqPos::step);
    }

    @Test
    void zeroUpToAReleasedNodeWritesNothing() {
        releasedAhead(5, p -> p.zero(15));
    }

    @Test
    void sliceAndExtractIntoAReleasedNodeFailBeforeMoving() {
        releasedAhead(5, p -> p.slice(100, 100));
        releasedAhead(5, p -> p.extract(100, 100));
    }

    @Test
    void logicalOffsetCountsFromTheAnchorNodeAndComparesPositions() {
        try (Arena arena = Arena.ofConfined()) {
            Bvecq a = Chains.build(arena, new int[][] {{10, 0, 10}, {0}, {10}});
            BvecqPos p = BvecqPos.at(a);
            BvecqPos q = new BvecqPos();
            try {
                assertEquals(0, p.logicalOffset());
                p.advance(15);
                assertEquals(15, p.logicalOffset());
                q.set(p);
                q.step();
                assertEquals(20, q.logicalOffset());
                assertTrue(q.logicalOffset() > p.logicalOffset());
                q.advanceAtMost(100);
                assertEquals(30, q.logicalOffset());
                p.set(a, 2, 4);
                assertEquals(14, p.logicalOffset());
                assertEquals(6, p.slice(6, 10));
                assertEquals(20, p.logicalOffset());
                p.moveTo(Chains.nodeAt(a, 2));
                assertEquals(0, p.logicalOffset());
                q.unset();
                assertEquals(0, q.logicalOffset());
            } finally {
                p.unset();
                q.unset();
                a.release();
            }
        }
    }

    @Test
    void shortenToZeroFromSlotZeroDropsThePreSlotsAsDocumented() {
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false)) {
            Bvecq b = BvecqBuffers.allocBuffer(pool, 4096, 2);
            try {
                BvecqBuffers.shortenBuffer(b, 2, 0);
                assertEquals(2, b.nrSlotsAcquire()); // counting from the preSlots keeps them
                BvecqBuffers.shortenBuffer(b, 0, 0);
                assertEquals(0, b.nrSlotsAcquire());
            } finally {
                b.release();
            }
        }
    }

    @Test
    void extractFirstNodeFposIsTheSourceFilePosition() {
        try (Arena arena = Arena.ofConfined()) {
            Bvecq a = Chains.build(arena, new int[][] {{10, 10}, {10}});
            BvecqPos p = BvecqPos.at(a);
            try {
                p.advance(13);
                Bvecq e = p.extract(100, 100);
                assertEquals(13, e.fpos());
                e.release();
                assertNull(p.extract(100, 100));
            } finally {
                p.unset();
                a.release();
            }
        }
    }
}
