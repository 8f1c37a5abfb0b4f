package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Disposal happens exactly once per slot, for every kind, however the chain is shared. */
class DisposalTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    @ParameterizedTest
    @EnumSource(value = Disposal.class, names = {"UNLOCK", "UNPIN", "FREE"})
    void eachOwnedSlotIsDisposedOnceWithItsKindAndRegion(Disposal kind) {
        CountingOwner owner = new CountingOwner();
        MemorySegment seg = arena.allocate(32);
        Bvecq n = Bvecq.allocOne(4, kind);
        n.appendSlot(seg, 0, 10, owner);
        n.appendSlot(MemorySegment.NULL, 0, 0, null); // empty slot: no owner, nothing to call
        n.appendSlot(seg, 10, 1, owner);
        n.retain();
        assertFalse(n.release());
        assertEquals(0, owner.calls(), "nothing disposed while a reference remains");
        assertTrue(n.release());
        assertEquals(2, owner.calls());
        assertEquals(new CountingOwner.Call(kind, seg, 0, 10), owner.log.get(0));
        assertEquals(new CountingOwner.Call(kind, seg, 10, 1), owner.log.get(1));
        assertThrows(BvecqReleasedException.class, n::release);
        assertEquals(2, owner.calls(), "over-release disposes nothing again");
    }

    @Test
    void noneNodesRefuseOwnersAndDisposeNothing() {
        CountingOwner owner = new CountingOwner();
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        assertThrows(IllegalArgumentException.class, () -> n.appendSlot(arena.allocate(1), 0, 1, owner));
        n.appendSlot(arena.allocate(1), 0, 1, null);
        assertEquals(null, n.owner(0));
        n.release();
        assertEquals(0, owner.calls());
        assertFalse(Disposal.NONE.needsOwner());
        assertTrue(Disposal.FREE.needsOwner() && Disposal.UNPIN.needsOwner() && Disposal.UNLOCK.needsOwner());
    }

    @ParameterizedTest
    @EnumSource(value = Disposal.class, names = {"UNLOCK", "UNPIN", "FREE"})
    void chainSharedByAnExtractIsDisposedOnceAfterBoth(Disposal kind) {
        CountingOwner owner = new CountingOwner();
        Bvecq head = Chains.build(arena, new int[][] {{5, 5}, {5, 5}, {5}}, kind, owner);
        BvecqPos p = BvecqPos.at(head);
        p.advance(3);
        Bvecq ex1 = p.extract(9, 10);   // bytes 3..11: the rest of node 0 and part of node 1
        Bvecq ex2 = p.extract(20, 10);  // bytes 12..24: the rest of node 1 and node 2
        p.unset();
        head.release();
        assertEquals(0, owner.calls(), "the extracts keep every source node alive");
        assertArrayEquals(Chains.expected(3, 12), Chains.bytesOf(ex1));
        ex1.release();
        assertEquals(2, owner.calls(), "node 0 goes with ex1; node 1 is still a source of ex2");
        assertArrayEquals(Chains.expected(12, 25), Chains.bytesOf(ex2));
        ex2.release();
        assertEquals(5, owner.calls(), "every slot exactly once");
    }

    @ParameterizedTest
    @EnumSource(value = Disposal.class, names = {"UNLOCK", "UNPIN", "FREE"})
    void chainSharedByPositionsIsDisposedOnceWhenTheLastGoes(Disposal kind) {
        CountingOwner owner = new CountingOwner();
        Bvecq head = Chains.build(arena, new int[][] {{4}, {4}, {4}}, kind, owner);
        BvecqPos a = BvecqPos.at(head);
        BvecqPos b = BvecqPos.at(head);
        b.advance(5); // node 1
        BvecqPos c = new BvecqPos();
        c.set(b);
        head.release();
        assertEquals(0, owner.calls());
        a.unset();
        assertEquals(1, owner.calls(), "node 0 goes with its last position");
        b.advance(4); // b moves to node 2; c still holds node 1
        assertEquals(1, owner.calls());
        c.unset();
        assertEquals(2, owner.calls(), "node 1 goes with c");
        b.unset();
        assertEquals(3, owner.calls());
    }

    @Test
    void aThrowingOwnerDoesNotStopTheOthersAndTheFirstFailureIsRethrown() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        CountingOwner t1 = new CountingOwner(first);
        CountingOwner ok = new CountingOwner();
        CountingOwner t2 = new CountingOwner(second);
        Bvecq head = Bvecq.allocOne(3, Disposal.UNLOCK);
        head.appendSlot(arena.allocate(1), 0, 1, t1);
        head.appendSlot(arena.allocate(1), 0, 1, ok);
        Bvecq next = Bvecq.allocOne(2, Disposal.UNLOCK);
        next.appendSlot(arena.allocate(1), 0, 1, t2);
        next.appendSlot(arena.allocate(1), 0, 1, ok);
        head.linkNext(next);
        IllegalStateException e = assertThrows(IllegalStateException.class, head::release);
        assertSame(first, e);
        assertEquals(1, e.getSuppressed().length);
        assertSame(second, e.getSuppressed()[0]);
        assertEquals(1, t1.calls());
        assertEquals(2, ok.calls(), "the cascade went on to the next node");
        assertEquals(1, t2.calls());
        assertTrue(head.isReleased());
        assertTrue(next.isReleased());
    }

    @Test
    void ownerNamedBySeveralSlotsIsCalledOncePerSlot() {
        CountingOwner owner = new CountingOwner();
        MemorySegment seg = arena.allocate(8);
        Bvecq n = Bvecq.allocOne(8, Disposal.UNPIN);
        for (int i = 0; i < 8; i++) {
            n.appendSlot(seg, i, 1, owner);
        }
        n.release();
        assertEquals(8, owner.calls());
    }

    @Test
    void poolChunksReturnWhenTheirFreeNodeGoes() {
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false)) {
            Bvecq buf = BvecqBuffers.allocBuffer(pool, 3 * 4096 + 1, 0);
            assertEquals(4, pool.outstandingChunks());
            BvecqPos p = BvecqPos.at(buf);
            buf.release();
            assertEquals(4, pool.outstandingChunks(), "the position keeps the node");
            p.unset();
            assertEquals(0, pool.outstandingChunks());
        }
    }

    @Test
    void shortenDisposesDroppedSlotsOnceAndTheRestOnRelease() {
        CountingOwner owner = new CountingOwner();
        Bvecq head = Chains.build(arena, new int[][] {{4, 4}, {4, 4}}, Disposal.FREE, owner);
        BvecqBuffers.shortenBuffer(head, 0, 3);
        assertEquals(3, owner.calls(), "slot 1 of node 0 and both slots of node 1");
        head.release();
        assertEquals(4, owner.calls());
        CountingOwner.Call trimmed = owner.log.get(3);
        assertEquals(3, trimmed.length(), "the trimmed slot is disposed with its new length");
        assertNotNull(trimmed.segment());
    }
}
