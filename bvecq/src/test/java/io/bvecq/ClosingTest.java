package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** One handle to close: try-with-resources on nodes and positions, use after close, the do-nothing owner. */
class ClosingTest {
    @Test
    void tryWithResourcesReleasesANodeAndAPosition() {
        Bvecq kept;
        BvecqPos pos;
        try (Bvecq head = Bvecq.allocOne(4, Disposal.NONE)) {
            head.appendSlot(MemorySegment.ofArray(new byte[8]), 0, 8, null);
            kept = head;
            try (BvecqPos p = BvecqPos.at(head)) {
                pos = p;
                assertEquals(2, head.refCount());
                p.advance(3);
            }
            assertEquals(1, head.refCount(), "the position's reference went with close()");
        }
        assertTrue(kept.isReleased(), "the node's reference went with close()");
        assertTrue(pos.isClosed());
        assertFalse(pos.isSet());
        assertNull(pos.node());
        assertEquals("BvecqPos[closed]", pos.toString());
    }

    @Test
    void aClosedPositionRejectsEveryUseWithTheReleasedException() {
        Bvecq head = Bvecq.allocOne(4, Disposal.NONE);
        head.appendSlot(MemorySegment.ofArray(new byte[8]), 0, 8, null);
        BvecqPos p = BvecqPos.at(head);
        p.close();
        p.close(); // twice: nothing
        p.unset(); // after close: nothing
        assertEquals(1, head.refCount());
        BvecqPos other = BvecqPos.at(head);
        BvecqReleasedException e = assertThrows(BvecqReleasedException.class, p::nudge);
        assertTrue(e.getMessage().contains("after close") && e.getMessage().contains("nudge"), e.getMessage());
        assertThrows(BvecqReleasedException.class, () -> p.advance(1));
        assertThrows(BvecqReleasedException.class, () -> p.advanceAtMost(1));
        assertThrows(BvecqReleasedException.class, p::step);
        assertThrows(BvecqReleasedException.class, p::remaining);
        assertThrows(BvecqReleasedException.class, p::isAtEnd);
        assertThrows(BvecqReleasedException.class, () -> p.slice(8, 1));
        assertThrows(BvecqReleasedException.class, () -> p.extract(8, 1));
        assertThrows(BvecqReleasedException.class, () -> p.zero(1));
        assertThrows(BvecqReleasedException.class, () -> p.set(other));
        assertThrows(BvecqReleasedException.class, () -> p.set(head, 0, 0));
        assertThrows(BvecqReleasedException.class, () -> p.moveTo(head));
        assertThrows(BvecqReleasedException.class, () -> p.transfer(other));
        assertThrows(BvecqReleasedException.class, () -> other.transfer(p), "a closed source of a transfer");
        assertThrows(BvecqReleasedException.class, () -> other.set(p));
        assertEquals(2, head.refCount(), "no rejected call took or dropped a reference");
        other.close();
        head.close();
        assertTrue(head.isReleased());
    }

    @Test
    void anUnsetPositionMayBeSetAgainAClosedOneMayNot() {
        Bvecq head = Bvecq.allocOne(4, Disposal.NONE);
        BvecqPos p = BvecqPos.at(head);
        p.unset();
        p.moveTo(head);
        assertTrue(p.isSet());
        p.close();
        assertThrows(BvecqReleasedException.class, () -> p.moveTo(head));
        head.release();
    }

    @Test
    void closingANodeTwiceIsAnOverRelease() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        n.close();
        BvecqReleasedException e = assertThrows(BvecqReleasedException.class, n::close);
        assertTrue(e.getMessage().contains("over-release") || e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void callerKeepsAliveOwnerLetsAHeapHeaderSitInAPooledChain() {
        try (BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, 1 << 20, false)) {
            byte[] header = {1, 2, 3, 4};
            RegionOwner none = RegionOwner.callerKeepsAlive();
            assertSame(none, RegionOwner.callerKeepsAlive());
            assertEquals("RegionOwner.callerKeepsAlive()", none.toString());
            try (Bvecq head = BvecqBuffers.allocBuffer(pool, 4096, 1)) {
                head.fillEmptySlot(0, MemorySegment.ofArray(header), 0, 4, none);
                assertEquals(4096 + 4, BvecqBuffers.totalBytes(head));
            }
            assertEquals(0, pool.outstandingChunks(), "the pooled chunk went back; the header needed nothing");
            assertEquals(1, header[0]);
        }
    }
}
