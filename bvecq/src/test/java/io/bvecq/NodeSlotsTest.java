package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Allocation of nodes and chains, slots (empty, zero-length, single-byte), links and sources. */
class NodeSlotsTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void allocOneStartsEmptyWithOneReference() {
        Bvecq n = Bvecq.allocOne(3, Disposal.UNPIN);
        assertEquals(3, n.maxSlots());
        assertEquals(0, n.nrSlotsAcquire());
        assertEquals(1, n.refCount());
        assertEquals(Disposal.UNPIN, n.disposal());
        assertEquals(0, n.fpos());
        assertFalse(n.discontig());
        assertNull(n.nextAcquire());
        assertNull(n.prev());
        assertFalse(n.isFull());
        assertEquals(0, n.bytes());
        assertTrue(n.release());
        assertTrue(n.isReleased());
    }

    @Test
    void allocOneDefaultHasDefaultSlots() {
        Bvecq n = Bvecq.allocOne(Disposal.NONE);
        assertEquals(Bvecq.DEFAULT_SLOTS, n.maxSlots());
        n.release();
    }

    @Test
    void allocOneAcceptsTheSlotLimits() {
        Bvecq one = Bvecq.allocOne(1, Disposal.NONE);
        Bvecq max = Bvecq.allocOne(Bvecq.MAX_SLOTS, Disposal.NONE);
        assertEquals(1, one.maxSlots());
        assertEquals(Bvecq.MAX_SLOTS, max.maxSlots());
        one.release();
        max.release();
    }

    @Test
    void allocChainCoversTheRequestedSlotsWithLinkedNodes() {
        int want = 2 * Bvecq.DEFAULT_SLOTS + 5;
        Bvecq head = Bvecq.allocChain(want, Disposal.FREE);
        assertEquals(3, BvecqBuffers.nodeCount(head));
        Bvecq second = head.nextAcquire();
        Bvecq third = second.nextAcquire();
        assertEquals(Bvecq.DEFAULT_SLOTS, head.maxSlots());
        assertEquals(Bvecq.DEFAULT_SLOTS, second.maxSlots());
        assertEquals(5, third.maxSlots());
        assertSame(head, second.prev());
        assertSame(second, third.prev());
        assertEquals(1, second.refCount(), "the link holds the only reference");
        assertEquals(Disposal.FREE, third.disposal());
        head.release();
        assertTrue(second.isReleased());
        assertTrue(third.isReleased());
    }

    @Test
    void allocChainOfOneSlotIsOneNodeOfOneSlot() {
        Bvecq head = Bvecq.allocChain(1, Disposal.NONE);
        assertEquals(1, head.maxSlots());
        assertNull(head.nextAcquire());
        head.release();
    }

    @Test
    void appendSlotPublishesSlotsInOrderAndReturnsMinusOneWhenFull() {
        MemorySegment seg = arena.allocate(16);
        Bvecq n = Bvecq.allocOne(2, Disposal.NONE);
        assertEquals(0, n.appendSlot(seg, 4, 8, null));
        assertEquals(1, n.appendSlot(seg, 0, 1, null));
        assertTrue(n.isFull());
        assertEquals(-1, n.appendSlot(seg, 0, 1, null));
        assertEquals(2, n.nrSlotsAcquire());
        assertSame(seg, n.segment(0));
        assertEquals(4, n.offset(0));
        assertEquals(8, n.length(0));
        assertEquals(1, n.length(1));
        assertEquals(9, n.bytes());
        n.release();
    }

    @Test
    void emptyAndZeroLengthSlotsCountAsSlotsButNoBytes() {
        MemorySegment seg = arena.allocate(8);
        Bvecq n = Bvecq.allocOne(3, Disposal.NONE);
        n.appendSlot(MemorySegment.NULL, 0, 0, null);
        n.appendSlot(seg, 8, 0, null); // zero-length at the very end of a segment
        n.appendSlot(seg, 7, 1, null); // single byte, the last of the segment
        assertEquals(3, n.nrSlotsAcquire());
        assertEquals(1, n.bytes());
        assertEquals(MemorySegment.NULL, n.segment(0));
        assertEquals(0, n.length(1));
        n.release();
    }

    @Test
    void emptySlotsOfOwnedKindsNeedNoOwner() {
        Bvecq n = Bvecq.allocOne(2, Disposal.FREE);
        assertEquals(0, n.appendSlot(MemorySegment.NULL, 0, 0, null));
        assertNull(n.owner(0));
        n.release();
    }

    @Test
    void fillEmptySlotReplacesAnEmptySlotInPlace() {
        MemorySegment hdr = arena.allocate(12);
        CountingOwner owner = new CountingOwner();
        Bvecq n = Bvecq.allocOne(2, Disposal.UNLOCK);
        n.appendSlot(MemorySegment.NULL, 0, 0, null);
        n.fillEmptySlot(0, hdr, 2, 10, owner);
        assertSame(hdr, n.segment(0));
        assertEquals(2, n.offset(0));
        assertEquals(10, n.length(0));
        assertSame(owner, n.owner(0));
        assertEquals(1, n.nrSlotsAcquire());
        n.release();
        assertEquals(1, owner.calls());
    }

    @Test
    void fillEmptySlotRejectsAFilledSlotAndChangesNothing() {
        MemorySegment seg = arena.allocate(4);
        Bvecq n = Bvecq.allocOne(2, Disposal.NONE);
        n.appendSlot(seg, 0, 4, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> n.fillEmptySlot(0, arena.allocate(2), 0, 2, null));
        assertTrue(e.getMessage().startsWith("slot: 0 (expected: an empty slot; it holds length=4)"), e.getMessage());
        assertSame(seg, n.segment(0));
        assertEquals(4, n.length(0));
        n.release();
    }

    @Test
    void linkNextSetsPrevAndTransfersTheReference() {
        Bvecq a = Bvecq.allocOne(1, Disposal.NONE);
        Bvecq b = Bvecq.allocOne(1, Disposal.NONE);
        a.linkNext(b);
        assertSame(b, a.nextAcquire());
        assertSame(a, b.prev());
        assertEquals(1, b.refCount());
        a.release();
        assertTrue(b.isReleased());
    }

    @Test
    void fposAndDiscontigAreKept() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        n.setFpos(1L << 40);
        n.setDiscontig(true);
        assertEquals(1L << 40, n.fpos());
        assertTrue(n.discontig());
        n.setDiscontig(false);
        assertFalse(n.discontig());
        n.release();
    }

    @Test
    void attachSourceKeepsTheSourceAliveUntilTheHolderGoes() {
        Bvecq src = Bvecq.allocOne(1, Disposal.NONE);
        Bvecq holder = Bvecq.allocOne(1, Disposal.NONE);
        holder.attachSource(src);
        assertEquals(2, src.refCount());
        assertFalse(src.release());
        assertFalse(src.isReleased());
        holder.release();
        assertTrue(src.isReleased());
    }

    @Test
    void attachSourceManyTimesReleasesEveryOne() {
        Bvecq holder = Bvecq.allocOne(1, Disposal.NONE);
        Bvecq[] srcs = new Bvecq[9]; // more than the initial source array
        for (int i = 0; i < srcs.length; i++) {
            srcs[i] = Bvecq.allocOne(1, Disposal.NONE);
            holder.attachSource(srcs[i]);
            srcs[i].release();
        }
        for (Bvecq s : srcs) {
            assertEquals(1, s.refCount());
        }
        holder.release();
        for (Bvecq s : srcs) {
            assertTrue(s.isReleased());
        }
    }

    @Test
    void idsAreUniqueAndNamedInToString() {
        Bvecq a = Bvecq.allocOne(1, Disposal.NONE);
        Bvecq b = Bvecq.allocOne(1, Disposal.NONE);
        assertTrue(a.id() != b.id());
        assertTrue(a.toString().startsWith("Bvecq#" + a.id() + "["), a.toString());
        a.release();
        b.release();
        assertTrue(a.toString().contains("ref=0"), "toString works after release: " + a);
    }

    @Test
    void bytesReadThroughSlotsMatchTheBuiltPattern() {
        Bvecq head = Chains.build(arena, new int[][] {{1, 0, 7}, {0}, {65536, 1}});
        assertArrayEquals(Chains.expected(0, 1 + 7 + 65536 + 1), Chains.bytesOf(head));
        assertEquals(1 + 7 + 65536 + 1, BvecqBuffers.totalBytes(head));
        head.release();
    }
}
