package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** allocBuffer, expandBuffer, shortenBuffer, appendRegion, tail, totalBytes, nodeCount. */
class BuffersTest {
    private final Arena arena = Arena.ofConfined();
    private final BufferPool pool = BufferPool.create(4096, 1 << 22, false);

    @AfterEach
    void close() {
        pool.close();
        arena.close();
    }

    @Test
    void allocBufferRoundsUpToWholeChunks() {
        Bvecq b = BvecqBuffers.allocBuffer(pool, 4097, 0);
        assertEquals(2, b.nrSlotsAcquire());
        assertEquals(8192, BvecqBuffers.totalBytes(b));
        assertEquals(Disposal.FREE, b.disposal());
        assertEquals(0, b.segment(0).address() % BufferPool.PAGE_SIZE, "page aligned");
        assertTrue(b.owner(0) instanceof PoolChunk);
        assertEquals(2, pool.outstandingChunks());
        b.release();
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void allocBufferOfZeroBytesHasOnlyThePreSlots() {
        Bvecq b = BvecqBuffers.allocBuffer(pool, 0, 2);
        assertEquals(2, b.nrSlotsAcquire());
        assertEquals(0, b.bytes());
        assertEquals(0, pool.outstandingChunks());
        b.release();
    }

    @Test
    void preSlotsAreLeftEmptyAtTheFrontAndCanTakeAHeader() {
        Bvecq b = BvecqBuffers.allocBuffer(pool, 3 * 4096, 2);
        assertEquals(5, b.nrSlotsAcquire());
        for (int i = 0; i < 2; i++) {
            assertEquals(MemorySegment.NULL, b.segment(i));
            assertEquals(0, b.length(i));
            assertNull(b.owner(i));
        }
        assertEquals(4096, b.length(2));
        BvecqPos p = BvecqPos.at(b);
        assertTrue(p.nudge());
        assertEquals(2, p.slot(), "readers skip the empty pre-slots");
        CountingOwner hdrOwner = new CountingOwner();
        b.fillEmptySlot(1, arena.allocate(16), 0, 16, hdrOwner);
        assertEquals(3 * 4096 + 16, BvecqBuffers.totalBytes(b));
        p.unset();
        b.release();
        assertEquals(1, hdrOwner.calls());
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void allocBufferSpillsIntoNodesSizedForWhatIsLeftWithRunningFpos() {
        int chunks = 256 + 256 + 3;
        Bvecq b = BvecqBuffers.allocBuffer(pool, chunks * 4096L, 1);
        assertEquals(3, BvecqBuffers.nodeCount(b));
        assertEquals(257, b.maxSlots(), "the first node fits the pre-slot and 256 chunks");
        assertEquals(257, b.nrSlotsAcquire());
        Bvecq second = b.nextAcquire();
        assertEquals(256, second.maxSlots(), "a later node holds what is left, up to 256 slots");
        assertEquals(256, second.nrSlotsAcquire());
        assertEquals(256 * 4096L, second.fpos());
        Bvecq third = second.nextAcquire();
        assertEquals(3, third.maxSlots(), "the last node has no slot it does not fill");
        assertEquals(512 * 4096L, third.fpos());
        assertEquals(3, third.nrSlotsAcquire());
        assertEquals(chunks * 4096L, BvecqBuffers.totalBytes(b));
        b.release();
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void smallBuffersKeepRoomAndExpandFillsTheTailFirst() {
        Bvecq b = BvecqBuffers.allocBuffer(pool, 4096, 0);
        assertEquals(Bvecq.DEFAULT_SLOTS, b.maxSlots(), "a small buffer's node keeps room to grow");
        assertEquals(40 * 4096L, BvecqBuffers.expandBuffer(b, pool, 40 * 4096L));
        assertEquals(Bvecq.DEFAULT_SLOTS, b.nrSlotsAcquire(), "the tail is filled before a node is added");
        Bvecq second = b.nextAcquire();
        assertEquals(8, second.maxSlots());
        assertEquals(8, second.nrSlotsAcquire());
        assertEquals(32 * 4096L, second.fpos());
        assertEquals(40, pool.outstandingChunks());
        b.release();
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void allocBufferRollsBackWhenThePoolRunsOut() {
        try (BufferPool tiny = BufferPool.create(4096, 3 * 4096, false)) {
            assertThrows(PoolExhaustedException.class, () -> BvecqBuffers.allocBuffer(tiny, 4 * 4096, 0));
            assertEquals(0, tiny.outstandingChunks());
            assertEquals(3, tiny.pooledChunks());
            assertThrows(PoolExhaustedException.class, () -> BvecqBuffers.allocBuffer(tiny, Long.MAX_VALUE, 0),
                    "a size near Long.MAX_VALUE must not wrap round to an empty buffer");
            assertEquals(0, tiny.outstandingChunks());
        }
    }

    @Test
    void expandBufferFillsTheTailThenNewNodes() {
        Bvecq b = BvecqBuffers.allocBuffer(pool, 4096, 0);
        assertEquals(4096, BvecqBuffers.expandBuffer(b, pool, 100), "already large enough: unchanged");
        assertEquals(1, b.nrSlotsAcquire());
        long cap = BvecqBuffers.expandBuffer(b, pool, 40 * 4096L + 1);
        assertEquals(41 * 4096L, cap);
        assertEquals(cap, BvecqBuffers.totalBytes(b));
        assertEquals(Bvecq.DEFAULT_SLOTS, b.nrSlotsAcquire(), "the tail was filled first");
        assertEquals(2, BvecqBuffers.nodeCount(b));
        assertEquals(32 * 4096L, b.nextAcquire().fpos());
        b.release();
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void expandBufferStartsANewNodeAfterATailOfAnotherKind() {
        Bvecq b = Bvecq.allocOne(4, Disposal.NONE);
        b.appendSlot(arena.allocate(10), 0, 10, null);
        long cap = BvecqBuffers.expandBuffer(b, pool, 10 + 4096);
        assertEquals(10 + 4096, cap);
        assertEquals(1, b.nrSlotsAcquire(), "a NONE tail is never given FREE chunks");
        Bvecq added = b.nextAcquire();
        assertEquals(Disposal.FREE, added.disposal());
        assertEquals(10, added.fpos());
        b.release();
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void expandBufferRollsBackOnExhaustion() {
        try (BufferPool tiny = BufferPool.create(4096, 4 * 4096, false)) {
            Bvecq b = BvecqBuffers.allocBuffer(tiny, 4096, 0);
            int[] slotsBefore = {b.nrSlotsAcquire()};
            assertThrows(PoolExhaustedException.class, () -> BvecqBuffers.expandBuffer(b, tiny, 40 * 4096L));
            assertEquals(slotsBefore[0], b.nrSlotsAcquire());
            assertEquals(4096, BvecqBuffers.totalBytes(b));
            assertNull(b.nextAcquire());
            assertEquals(1, tiny.outstandingChunks(), "only the buffer's own chunk is out");
            // a tail that was already full, so the expansion had started a second node
            Bvecq full = BvecqBuffers.allocBuffer(tiny, 0, 0);
            for (int i = 0; i < Bvecq.DEFAULT_SLOTS; i++) {
                full.appendSlot(MemorySegment.NULL, 0, 0, null);
            }
            assertThrows(PoolExhaustedException.class, () -> BvecqBuffers.expandBuffer(full, tiny, 4 * 4096L));
            assertNull(full.nextAcquire());
            assertEquals(1, tiny.outstandingChunks());
            assertThrows(PoolExhaustedException.class, () -> BvecqBuffers.expandBuffer(b, tiny, Long.MAX_VALUE));
            assertEquals(4096, BvecqBuffers.totalBytes(b));
            full.release();
            b.release();
            assertEquals(0, tiny.outstandingChunks());
        }
    }

    @Test
    void shortenToASlotBoundaryKeepsWholeSlots() {
        CountingOwner owner = new CountingOwner();
        Bvecq b = Chains.build(arena, new int[][] {{3, 4, 5}}, Disposal.UNPIN, owner);
        assertSame(b, BvecqBuffers.shortenBuffer(b, 0, 7));
        assertEquals(2, b.nrSlotsAcquire());
        assertEquals(4, b.length(1));
        assertEquals(1, owner.calls());
        assertArrayEquals(Chains.expected(0, 7), Chains.bytesOf(b));
        b.release();
    }

    @Test
    void shortenMidSlotTrimsThatSlot() {
        Bvecq b = Chains.build(arena, new int[][] {{3, 4, 5}});
        BvecqBuffers.shortenBuffer(b, 0, 5);
        assertEquals(2, b.nrSlotsAcquire());
        assertEquals(2, b.length(1));
        assertArrayEquals(Chains.expected(0, 5), Chains.bytesOf(b));
        b.release();
    }

    @Test
    void shortenToZeroDropsFromTheSlotOn() {
        Bvecq b = Chains.build(arena, new int[][] {{3, 4}, {5}});
        Bvecq second = b.nextAcquire();
        assertSame(b, BvecqBuffers.shortenBuffer(b, 1, 0));
        assertEquals(1, b.nrSlotsAcquire(), "slots before the start slot are untouched");
        assertNull(b.nextAcquire());
        assertTrue(second.isReleased());
        assertEquals(3, BvecqBuffers.totalBytes(b));
        b.release();
    }

    @Test
    void shortenToZeroAtTheEndSlotOnlyCutsLaterNodes() {
        Bvecq b = Chains.build(arena, new int[][] {{3, 4}, {5}});
        BvecqBuffers.shortenBuffer(b, 2, 0);
        assertEquals(2, b.nrSlotsAcquire());
        assertNull(b.nextAcquire());
        b.release();
    }

    @Test
    void shortenToTheWholeContentChangesNothing() {
        Bvecq b = Chains.build(arena, new int[][] {{3, 0, 4}, {0, 5}});
        Bvecq second = b.nextAcquire();
        assertSame(second, BvecqBuffers.shortenBuffer(b, 0, 12));
        assertEquals(12, BvecqBuffers.totalBytes(b));
        assertEquals(2, second.nrSlotsAcquire());
        assertArrayEquals(Chains.expected(0, 12), Chains.bytesOf(b));
        b.release();
    }

    @Test
    void shortenExactlyToANodeEndDropsTheFollowingNodes() {
        Bvecq b = Chains.build(arena, new int[][] {{3, 4}, {5}, {6}});
        Bvecq second = b.nextAcquire();
        Bvecq third = second.nextAcquire();
        assertSame(b, BvecqBuffers.shortenBuffer(b, 0, 7));
        assertEquals(2, b.nrSlotsAcquire());
        assertNull(b.nextAcquire());
        assertTrue(second.isReleased() && third.isReleased());
        b.release();
    }

    @Test
    void shortenAcrossNodesCutsInALaterNode() {
        Bvecq b = Chains.build(arena, new int[][] {{3}, {0, 4, 4}, {6}});
        Bvecq second = b.nextAcquire();
        Bvecq third = second.nextAcquire();
        assertSame(second, BvecqBuffers.shortenBuffer(b, 0, 9));
        assertEquals(3, second.nrSlotsAcquire());
        assertEquals(2, second.length(2));
        assertTrue(third.isReleased());
        assertArrayEquals(Chains.expected(0, 9), Chains.bytesOf(b));
        b.release();
    }

    @Test
    void shortenPastTheContentFailsAndChangesNothing() {
        CountingOwner owner = new CountingOwner();
        Bvecq b = Chains.build(arena, new int[][] {{3, 4}, {5}}, Disposal.UNLOCK, owner);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BvecqBuffers.shortenBuffer(b, 1, 10));
        assertTrue(e.getMessage().startsWith("size: 10 (expected: 0 <= size <= 9"), e.getMessage());
        assertEquals(2, b.nrSlotsAcquire());
        assertEquals(12, BvecqBuffers.totalBytes(b));
        assertArrayEquals(Chains.expected(0, 12), Chains.bytesOf(b));
        assertEquals(0, owner.calls());
        b.release();
        assertEquals(3, owner.calls());
    }

    @Test
    void shortenReleasesTheCutNodesEvenWhenAnOwnerThrows() {
        RuntimeException boom = new RuntimeException("boom");
        CountingOwner thrower = new CountingOwner(boom);
        CountingOwner owner = new CountingOwner();
        Bvecq b = Bvecq.allocOne(2, Disposal.UNLOCK);
        b.appendSlot(arena.allocate(4), 0, 4, owner);
        b.appendSlot(arena.allocate(4), 0, 4, thrower);
        Bvecq rest = Chains.build(arena, new int[][] {{4}}, Disposal.UNLOCK, owner);
        b.linkNext(rest);
        assertSame(boom, assertThrows(RuntimeException.class, () -> BvecqBuffers.shortenBuffer(b, 0, 4)));
        assertTrue(rest.isReleased(), "the detached rest must not leak");
        assertEquals(1, owner.calls());
        assertEquals(1, b.nrSlotsAcquire());
        b.release();
        assertEquals(2, owner.calls());
    }

    @Test
    void appendRegionFillsTheTailOfTheSameKind() {
        Bvecq t = Bvecq.allocOne(2, Disposal.NONE);
        MemorySegment seg = arena.allocate(8);
        assertSame(t, BvecqBuffers.appendRegion(t, Disposal.NONE, seg, 0, 8, null));
        assertEquals(1, t.nrSlotsAcquire());
        t.release();
    }

    @Test
    void appendRegionStartsANewNodeOnADifferentKind() {
        CountingOwner owner = new CountingOwner();
        Bvecq t = Bvecq.allocOne(4, Disposal.NONE);
        t.setFpos(100);
        t.appendSlot(arena.allocate(8), 0, 8, null);
        Bvecq n = BvecqBuffers.appendRegion(t, Disposal.UNLOCK, arena.allocate(5), 0, 5, owner);
        assertNotSame(t, n);
        assertEquals(Disposal.UNLOCK, n.disposal());
        assertEquals(108, n.fpos());
        assertSame(t, n.prev());
        assertEquals(Bvecq.DEFAULT_SLOTS, n.maxSlots());
        assertEquals(1, t.nrSlotsAcquire());
        t.release();
        assertEquals(1, owner.calls());
    }

    @Test
    void appendRegionStartsANewNodeOnAFullTail() {
        Bvecq t = Chains.build(arena, new int[][] {{3}});
        Bvecq n = BvecqBuffers.appendRegion(t, Disposal.NONE, arena.allocate(5), 1, 4, null);
        assertNotSame(t, n);
        assertEquals(3, n.fpos());
        assertEquals(4, n.length(0));
        assertSame(n, BvecqBuffers.tail(t));
        t.release();
    }

    @Test
    void appendRegionDoublesEachNewNodeUpTo256Slots() {
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        Bvecq tail = head;
        MemorySegment seg = arena.allocate(8);
        for (int i = 0; i < 32 + 64 + 128 + 256 + 256 + 1; i++) {
            tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, seg, 0, 8, null);
        }
        int[] expected = {32, 64, 128, 256, 256, 256};
        int i = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire(), i++) {
            assertEquals(expected[i], n.maxSlots(), "slots of node " + i);
        }
        assertEquals(expected.length, i);
        assertEquals(1, tail.nrSlotsAcquire());
        head.release();

        Bvecq small = Bvecq.allocOne(1, Disposal.NONE);
        small.appendSlot(seg, 0, 8, null);
        Bvecq next = BvecqBuffers.appendRegion(small, Disposal.NONE, seg, 0, 8, null);
        assertEquals(Bvecq.DEFAULT_SLOTS, next.maxSlots(), "never fewer than DEFAULT_SLOTS");
        small.release();
    }

    @Test
    void aRollingBufferKeepsItsNodeSize() {
        RollingBuffer rb = new RollingBuffer(4, Disposal.NONE);
        MemorySegment seg = arena.allocate(8);
        for (int i = 0; i < 40; i++) {
            rb.append(seg, 0, 8, null);
        }
        for (Bvecq n = rb.head(); n != null; n = n.nextAcquire()) {
            assertEquals(4, n.maxSlots(), "the slotsPerNode it was made with");
        }
        rb.close();
    }

    @Test
    void appendRegionWithABadRegionOnANewNodeLinksNothing() {
        Bvecq t = Chains.build(arena, new int[][] {{3}});
        MemorySegment seg = arena.allocate(5);
        assertThrows(IndexOutOfBoundsException.class, () -> BvecqBuffers.appendRegion(t, Disposal.NONE, seg, 2, 4, null));
        assertThrows(IllegalArgumentException.class,
                () -> BvecqBuffers.appendRegion(t, Disposal.FREE, seg, 0, 4, null));
        assertNull(t.nextAcquire());
        t.release();
    }

    @Test
    void tailTotalBytesAndNodeCountWalkTheChain() {
        Bvecq h = Chains.build(arena, new int[][] {{1, 0}, {0}, {7, 9}});
        assertSame(Chains.nodeAt(h, 2), BvecqBuffers.tail(h));
        assertSame(Chains.nodeAt(h, 2), BvecqBuffers.tail(Chains.nodeAt(h, 2)));
        assertEquals(17, BvecqBuffers.totalBytes(h));
        assertEquals(16, BvecqBuffers.totalBytes(h.nextAcquire()));
        assertEquals(3, BvecqBuffers.nodeCount(h));
        assertEquals(1, BvecqBuffers.nodeCount(Chains.nodeAt(h, 2)));
        h.release();
    }
}
