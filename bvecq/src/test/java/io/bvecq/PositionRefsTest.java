package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reference a position holds: at, set, unset, transfer, moveTo, and the moves between nodes. */
class PositionRefsTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void atTakesAReferenceAndUnsetDropsIt() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        BvecqPos p = BvecqPos.at(n);
        assertTrue(p.isSet());
        assertSame(n, p.node());
        assertEquals(2, n.refCount());
        p.unset();
        assertFalse(p.isSet());
        assertNull(p.node());
        assertEquals(1, n.refCount());
        p.unset(); // unsetting twice does nothing
        assertEquals(1, n.refCount());
        n.release();
    }

    @Test
    void setCopiesThePlaceAndTakesItsOwnReference() {
        Bvecq head = Chains.build(arena, new int[][] {{3, 3}, {3}});
        Bvecq second = head.nextAcquire();
        BvecqPos a = BvecqPos.at(head);
        a.advance(7);
        BvecqPos b = BvecqPos.at(head);
        assertEquals(2, head.refCount());
        b.set(a);
        assertSame(second, b.node());
        assertEquals(0, b.slot());
        assertEquals(1, b.offset());
        assertEquals(1, head.refCount(), "b's old reference on head was dropped");
        assertEquals(3, second.refCount(), "link + a + b");
        b.set(b); // to itself: nothing
        assertEquals(3, second.refCount());
        a.unset();
        b.unset();
        assertEquals(1, second.refCount());
        head.release();
    }

    @Test
    void setRawTakesTheNewReferenceBeforeDroppingTheOld() {
        Bvecq n = Chains.build(arena, new int[][] {{4, 4}});
        BvecqPos p = BvecqPos.at(n);
        n.release(); // p holds the only reference
        p.set(n, 1, 2); // same node: must not free it in between
        assertFalse(n.isReleased());
        assertEquals(1, n.refCount());
        assertEquals(1, p.slot());
        assertEquals(2, p.offset());
        p.set(n, 2, 0); // parked form is accepted
        assertEquals(2, p.slot());
        p.unset();
        assertTrue(n.isReleased());
    }

    @Test
    void transferMovesTheReferenceAndUnsetsTheSource() {
        Bvecq a = Bvecq.allocOne(1, Disposal.NONE);
        Bvecq b = Bvecq.allocOne(1, Disposal.NONE);
        BvecqPos from = BvecqPos.at(a);
        BvecqPos to = BvecqPos.at(b);
        to.transfer(from);
        assertFalse(from.isSet());
        assertSame(a, to.node());
        assertEquals(2, a.refCount(), "unchanged: the reference moved");
        assertEquals(1, b.refCount(), "to's old reference dropped");
        to.unset();
        a.release();
        b.release();
    }

    @Test
    void transferIntoAnUnsetPositionSetsIt() {
        Bvecq a = Bvecq.allocOne(1, Disposal.NONE);
        BvecqPos from = BvecqPos.at(a);
        BvecqPos to = new BvecqPos();
        to.transfer(from);
        assertSame(a, to.node());
        assertEquals(2, a.refCount());
        to.unset();
        a.release();
    }

    @Test
    void moveToTakesTheNewNodeAndDropsTheOld() {
        Bvecq a = Chains.build(arena, new int[][] {{2, 2}});
        Bvecq b = Bvecq.allocOne(1, Disposal.NONE);
        BvecqPos p = BvecqPos.at(a);
        p.advance(3);
        p.moveTo(b);
        assertSame(b, p.node());
        assertEquals(0, p.slot());
        assertEquals(0, p.offset());
        assertEquals(1, a.refCount());
        assertEquals(2, b.refCount());
        p.moveTo(b); // same node: refcount unchanged, place reset
        assertEquals(2, b.refCount());
        p.unset();
        a.release();
        b.release();
    }

    @Test
    void moveToOnAnUnsetPositionSetsIt() {
        Bvecq b = Bvecq.allocOne(1, Disposal.NONE);
        BvecqPos p = new BvecqPos();
        p.moveTo(b);
        assertSame(b, p.node());
        assertEquals(2, b.refCount());
        p.unset();
        b.release();
    }

    @Test
    void movesAcrossNodesHandTheReferenceAlong() {
        Bvecq head = Chains.build(arena, new int[][] {{2}, {2}, {2}, {2}});
        Bvecq n1 = Chains.nodeAt(head, 1);
        Bvecq n2 = Chains.nodeAt(head, 2);
        Bvecq n3 = Chains.nodeAt(head, 3);
        BvecqPos p = BvecqPos.at(head);
        head.release(); // the position is the consumer: it frees spent nodes as it goes
        assertEquals(2, p.step());
        assertTrue(head.isReleased());
        assertSame(n1, p.node());
        assertEquals(1, n1.refCount());
        p.advance(2);
        assertTrue(n1.isReleased());
        assertSame(n2, p.node());
        p.advanceAtMost(1);
        assertSame(n2, p.node());
        p.zero(1);
        assertTrue(n2.isReleased());
        assertSame(n3, p.node());
        assertEquals(2, p.remaining());
        p.slice(2, 1);
        assertSame(n3, p.node(), "parked on the last node");
        assertEquals(1, n3.refCount());
        p.unset();
        assertTrue(n3.isReleased());
    }

    @Test
    void remainingAndIsAtEndTakeNoReferences() {
        Bvecq head = Chains.build(arena, new int[][] {{2}, {2}});
        BvecqPos p = BvecqPos.at(head);
        assertEquals(4, p.remaining());
        assertFalse(p.isAtEnd());
        assertEquals(2, head.refCount());
        assertEquals(1, head.nextAcquire().refCount());
        p.unset();
        head.release();
    }
}
