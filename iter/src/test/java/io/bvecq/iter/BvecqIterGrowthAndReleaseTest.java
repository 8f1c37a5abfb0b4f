package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Issue 11: a node the iterator has passed grows no more; moving back into a released prefix names it. */
class BvecqIterGrowthAndReleaseTest {

    private static Bvecq node(int... sizes) {
        Bvecq n = Bvecq.allocOne(sizes.length, Disposal.NONE);
        for (int s : sizes) {
            n.appendSlot(MemorySegment.ofArray(new byte[s]), 0, s, null);
        }
        return n;
    }

    @Test
    void appendToAPassedNodeIsRejectedAndRevertLandsWhereTheBytesWere() {
        Bvecq a = Bvecq.allocOne(4, Disposal.NONE); // room to grow, so only the successor can refuse
        a.appendSlot(MemorySegment.ofArray(new byte[10]), 0, 10, null);
        a.appendSlot(MemorySegment.ofArray(new byte[10]), 0, 10, null);
        a.linkNext(node(10));
        BvecqPos into = new BvecqPos();
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, a, 0, 0, 30)) {
            it.advance(25);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> a.appendSlot(MemorySegment.ofArray(new byte[7]), 0, 7, null));
            assertTrue(e.getMessage().contains("Bvecq#" + a.id()), e.getMessage());
            assertEquals(2, a.nrSlotsAcquire());
            it.revert(10);
            assertEquals(15, it.consumed());
            it.position(into);
            assertEquals(a, into.node());
            assertEquals(1, into.slot());
            assertEquals(5, into.offset());
        } finally {
            into.unset();
            a.release();
        }
    }

    @Test
    void revertAndRestoreIntoAReleasedPrefixNameTheReleasedNode() {
        Bvecq a = node(10);
        Bvecq b = node(10);
        Bvecq c = node(10);
        a.linkNext(b);
        b.linkNext(c);
        c.retain(); // a holder of c, so the iterator's current node outlives the over-release below
        IoIter it = IoIter.bvecq(Direction.SOURCE, a, 0, 0, 30);
        try {
            IterState early = it.save();
            it.advance(25);
            b.release(); // over-release: b's only reference is a's link; b is disposed under the iterator
            BvecqReleasedException e = assertThrows(BvecqReleasedException.class, () -> it.revert(10));
            assertTrue(e.getMessage().contains("Bvecq#" + b.id()), e.getMessage());
            assertEquals(25, it.consumed()); // nothing changed
            e = assertThrows(BvecqReleasedException.class, () -> it.restore(early));
            assertTrue(e.getMessage().contains("Bvecq#" + b.id()), e.getMessage());
            assertEquals(25, it.consumed());
            it.revert(5); // within the live node still works
            assertEquals(20, it.consumed());
        } finally {
            it.close();
            assertThrows(BvecqReleasedException.class, a::release); // the cascade meets the over-released b
            c.release();
        }
    }
}
