package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.internal.NodeAccess;
import io.bvecq.internal.SlotCursor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-node summaries (prefix sums {@code ends}, the read-only marker) across every slot mutation, and
 * {@link SlotCursor#skip}, which jumps nodes by them, against the slot-by-slot walk of {@link SlotCursor#forward}.
 */
class SlotSumsTest {
    private static final NodeAccess A = NodeAccess.get();
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    /** Checks ends[i] == sum of the lengths of slots 0..i, bytes() == their total, and the read-only marker. */
    private static void assertSummaries(Bvecq n) {
        int k = n.nrSlotsAcquire();
        long sum = 0;
        int firstRo = n.maxSlots();
        for (int i = 0; i < k; i++) {
            sum += n.length(i);
            assertEquals(sum, A.endsOf(n)[i], "ends[" + i + "] of " + n);
            if (firstRo == n.maxSlots() && n.length(i) > 0 && n.segment(i).isReadOnly()) {
                firstRo = i;
            }
        }
        assertEquals(sum, n.bytes(), "bytes() of " + n);
        int firstPart = n.maxSlots();
        for (int i = 0; i < k && firstPart == n.maxSlots(); i++) {
            MemorySegment seg = n.segment(i);
            if (n.offset(i) != 0 || n.length(i) != seg.byteSize()) {
                firstPart = i;
            }
        }
        // the copy loop takes slots [0, j) as whole segments when firstPartAt >= j: it must never say more
        assertTrue(A.firstPartAt(n) <= firstPart, "part marker " + A.firstPartAt(n) + " of " + n + " (expected: <= "
                + firstPart + ")");
        assertEquals(firstRo < k, A.firstReadOnlyAt(n) < k, "read-only marker of " + n);
        if (firstRo < k) {
            assertEquals(firstRo, A.firstReadOnlyAt(n), "read-only marker of " + n);
        }
    }

    /**
     * The slice walk's per-node store ({@code ChainBuilder.addSharedRun}): each piece with bytes of the run
     * becomes one slot, a full tail continues in a new node, a run inside one slot keeps its start offset,
     * and every new node keeps its summaries (sums and both markers).
     */
    @Test
    void sharedRunStoresEachPieceWithBytesAcrossFullTails() {
        Bvecq src = Bvecq.allocOne(6, Disposal.NONE);
        MemorySegment whole = arena.allocate(30);
        src.appendSlot(arena.allocate(10), 0, 10, null);
        src.appendSlot(arena.allocate(10), 0, 0, null);               // empty: no slot
        src.appendSlot(whole, 0, 30, null);
        src.appendSlot(arena.allocate(40).asReadOnly(), 5, 30, null);
        src.setFpos(1000);
        io.bvecq.internal.ChainBuilder b = new io.bvecq.internal.ChainBuilder(2, 1003);
        b.addSharedRun(src, 0, 3, 3, 5);   // 7 of slot 0, slot 2 whole, 5 of slot 3: three pieces, tail of 2
        b.addSharedRun(src, 3, 9, 3, 14);  // inside slot 3 (the tail has src): bytes 9..14, offset kept
        assertEquals(7 + 30 + 5 + 5, b.bytes());
        Bvecq h = b.head();
        long[][] want = {{3, 7}, {0, 30}, {5, 5}, {14, 5}}; // {offset in its segment, length}
        int i = 0;
        for (Bvecq n = h; n != null; n = n.nextAcquire()) {
            assertSummaries(n);
            for (int s = 0; s < n.nrSlotsAcquire(); s++, i++) {
                assertEquals(want[i][0], n.offset(s), "offset of piece " + i);
                assertEquals(want[i][1], n.length(s), "length of piece " + i);
            }
        }
        assertEquals(want.length, i, "pieces");
        assertEquals(2, h.maxSlots());
        assertEquals(1003 + 37, h.nextAcquire().fpos(), "the second node's fpos runs on from the first's");
        assertTrue(h.nextAcquire().segment(0) == whole || h.segment(1) == whole, "the whole slot shares the segment");
        src.release(); // the extract keeps it alive
        assertEquals(5, h.nextAcquire().length(1));
        h.release();
    }

    @Test
    void appendKeepsTheSums() {
        Bvecq n = Bvecq.allocOne(5, Disposal.NONE);
        assertSummaries(n);
        n.appendSlot(arena.allocate(10), 0, 10, null);
        assertSummaries(n);
        n.appendSlot(arena.allocate(10), 2, 0, null);
        assertSummaries(n);
        n.appendSlot(arena.allocate(10), 3, 7, null);
        assertSummaries(n);
        assertEquals(17, n.bytes());
        n.appendSlot(arena.allocate(4).asReadOnly(), 0, 4, null);
        assertSummaries(n);
        assertEquals(3, A.firstReadOnlyAt(n));
        n.release();
    }

    @Test
    void thePartMarkerNamesTheFirstSlotThatIsNotAWholeSegment() {
        Bvecq n = Bvecq.allocOne(6, Disposal.NONE);
        n.appendSlot(arena.allocate(10), 0, 10, null);
        n.appendSlot(arena.allocate(4).asReadOnly(), 0, 4, null);
        assertEquals(6, A.firstPartAt(n), "whole segments only");
        n.appendSlot(arena.allocate(10), 0, 9, null); // short of the end
        assertSummaries(n);
        assertEquals(2, A.firstPartAt(n));
        n.appendSlot(arena.allocate(10), 1, 9, null); // from an offset
        assertSummaries(n);
        assertEquals(2, A.firstPartAt(n), "the lowest stays");
        n.release();

        Bvecq m = Bvecq.allocOne(3, Disposal.NONE);
        m.appendSlot(arena.allocate(10), 3, 7, null);
        assertEquals(0, A.firstPartAt(m));
        m.release();
    }

    @Test
    void trimmingOrDroppingMovesThePartMarker() {
        Bvecq n = Bvecq.allocOne(4, Disposal.NONE);
        n.appendSlot(arena.allocate(8), 0, 8, null);
        n.appendSlot(arena.allocate(8), 0, 8, null);
        n.appendSlot(arena.allocate(8), 2, 6, null);
        assertEquals(2, A.firstPartAt(n));
        BvecqBuffers.shortenBuffer(n, 0, 16); // drops the part slot: whole segments only again
        assertSummaries(n);
        assertEquals(4, A.firstPartAt(n));
        BvecqBuffers.shortenBuffer(n, 0, 12); // trims slot 1 to 4 of its 8 bytes
        assertSummaries(n);
        assertEquals(1, A.firstPartAt(n));
        n.release();
    }

    @Test
    void copiesMatchAFlatModelWithWholeAndPartSlots() {
        Random r = new Random(23);
        for (int round = 0; round < 300; round++) {
            Bvecq head = Bvecq.allocOne(1 + r.nextInt(6), Disposal.NONE);
            Bvecq tail = head;
            java.io.ByteArrayOutputStream flat = new java.io.ByteArrayOutputStream();
            int slots = 1 + r.nextInt(40);
            for (int i = 0; i < slots; i++) {
                if (tail.isFull()) {
                    Bvecq next = Bvecq.allocOne(1 + r.nextInt(6), Disposal.NONE);
                    tail.linkNext(next);
                    tail = next;
                }
                MemorySegment seg;
                long off;
                long len;
                if (r.nextInt(4) != 0) { // mostly whole segments, some empty
                    seg = arena.allocate(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(24));
                    off = 0;
                    len = seg.byteSize();
                } else {                 // a part of a larger segment
                    seg = arena.allocate(128);
                    off = r.nextInt(100);
                    len = r.nextInt(24);
                }
                for (long b = 0; b < seg.byteSize(); b++) {
                    seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, b, (byte) r.nextInt());
                }
                tail.appendSlot(seg, off, len, null);
                byte[] bytes = seg.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                flat.writeBytes(bytes);
            }
            byte[] model = flat.toByteArray();
            int from = r.nextInt(model.length + 1);
            int count = r.nextInt(model.length - from + 1);
            String what = "round " + round + ": bytes [" + from + ", " + (from + count) + ") of " + model.length;

            MemorySegment out = arena.allocate(count + 2);
            SlotCursor c = new SlotCursor().start(head, 0, 0);
            assertEquals(from, c.skip(from), what);
            assertEquals(count, c.forward(count, SlotCursor.OUT, out, 1), what);
            assertArrayEquals(java.util.Arrays.copyOfRange(model, from, from + count),
                    out.asSlice(1, count).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), "out, " + what);
            assertEquals(0, out.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0), "nothing before, " + what);
            assertEquals(0, out.get(java.lang.foreign.ValueLayout.JAVA_BYTE, count + 1), "nothing after, " + what);

            byte[] fresh = new byte[count];
            r.nextBytes(fresh);
            MemorySegment in = arena.allocate(count + 1);
            MemorySegment.copy(fresh, 0, in, java.lang.foreign.ValueLayout.JAVA_BYTE, 1, count);
            c.start(head, 0, 0).skip(from);
            assertEquals(count, c.forward(count, SlotCursor.IN, in, 1), what);
            System.arraycopy(fresh, 0, model, from, count);
            MemorySegment all = arena.allocate(model.length);
            assertEquals(model.length, new SlotCursor().start(head, 0, 0).forward(model.length, SlotCursor.OUT, all, 0));
            assertArrayEquals(model, all.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), "in, " + what);
            head.release();
        }
    }

    @Test
    void aZeroLengthReadOnlySlotIsNotMarked() {
        Bvecq n = Bvecq.allocOne(2, Disposal.NONE);
        n.appendSlot(arena.allocate(4).asReadOnly(), 0, 0, null);
        assertSummaries(n);
        assertEquals(2, A.firstReadOnlyAt(n));
        n.release();
    }

    @Test
    void emptySlotsAndFillingThemKeepTheSums() {
        try (BufferPool pool = BufferPool.create()) {
            Bvecq head = BvecqBuffers.allocBuffer(pool, 3 * pool.chunkSize(), 2);
            assertSummaries(head);
            assertEquals(3L * pool.chunkSize(), head.bytes());
            head.fillEmptySlot(1, arena.allocate(9), 1, 8, new CountingOwner());
            assertSummaries(head);
            assertEquals(3L * pool.chunkSize() + 8, head.bytes());
            head.fillEmptySlot(0, arena.allocate(5).asReadOnly(), 0, 5, new CountingOwner());
            assertSummaries(head);
            assertEquals(0, A.firstReadOnlyAt(head));
            head.release();
        }
    }

    @Test
    void shortenTrimsAndDropsWithTheSums() {
        try (BufferPool pool = BufferPool.create()) {
            int c = pool.chunkSize();
            Bvecq head = BvecqBuffers.allocBuffer(pool, 4L * c, 0);
            Bvecq end = BvecqBuffers.shortenBuffer(head, 0, 2L * c + 10); // trim slot 2, drop slot 3
            assertEquals(3, end.nrSlotsAcquire());
            assertSummaries(end);
            assertEquals(2L * c + 10, end.bytes());
            BvecqBuffers.shortenBuffer(head, 0, c); // drop slots 1 and 2: the cut is right after slot 0
            assertSummaries(head);
            assertEquals(c, head.bytes());
            assertEquals(c, BvecqBuffers.expandBuffer(head, pool, c)); // nothing to add
            BvecqBuffers.expandBuffer(head, pool, 3L * c);
            for (Bvecq n = head; n != null; n = n.nextAcquire()) {
                assertSummaries(n);
            }
            assertEquals(3L * c, BvecqBuffers.totalBytes(head));
            head.release();
        }
    }

    @Test
    void droppingTheReadOnlySlotClearsTheMarker() {
        Bvecq n = Bvecq.allocOne(4, Disposal.NONE);
        n.appendSlot(arena.allocate(8), 0, 8, null);
        n.appendSlot(arena.allocate(8).asReadOnly(), 0, 8, null);
        assertEquals(1, A.firstReadOnlyAt(n));
        BvecqBuffers.shortenBuffer(n, 0, 8);
        assertSummaries(n);
        assertEquals(4, A.firstReadOnlyAt(n), "no read-only slot is left");
        n.release();
    }

    @Test
    void skipStopsWhereTheSlotBySlotWalkStops() {
        Random r = new Random(11);
        MemorySegment mem = arena.allocate(64);
        MemorySegment scratch = arena.allocate(64 * 40 * 8);
        for (int round = 0; round < 300; round++) {
            Bvecq head = Bvecq.allocOne(1 + r.nextInt(4), Disposal.NONE);
            Bvecq tail = head;
            long total = 0;
            int slots = 1 + r.nextInt(30);
            for (int i = 0; i < slots; i++) {
                if (tail.isFull() || r.nextInt(8) == 0) {
                    Bvecq next = Bvecq.allocOne(1 + r.nextInt(4), Disposal.NONE);
                    tail.linkNext(next);
                    tail = next;
                }
                long len = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(20);
                MemorySegment seg = r.nextInt(5) == 0 ? mem.asReadOnly() : mem;
                tail.appendSlot(seg, 0, len, null);
                total += len;
            }
            int startSlot = r.nextInt(head.nrSlotsAcquire() + 1);
            long startOff = startSlot == head.nrSlotsAcquire() ? 0 : r.nextInt((int) head.length(startSlot) + 1);
            long n = r.nextInt(3) == 0 ? Long.MAX_VALUE : r.nextInt((int) total + 2);
            SlotCursor fast = new SlotCursor().start(head, startSlot, startOff);
            SlotCursor slow = new SlotCursor().start(head, startSlot, startOff);
            long a = fast.skip(n);
            long b = slow.forward(Math.min(n, scratch.byteSize()), SlotCursor.OUT, scratch, 0);
            String what = "round " + round + ": skip(" + n + ") from slot " + startSlot + " offset " + startOff;
            assertEquals(b, a, what);
            assertEquals(slow.node(), fast.node(), what);
            assertEquals(slow.slot(), fast.slot(), what);
            assertEquals(slow.offset(), fast.offset(), what);
            assertEquals(SlotCursor.filePosition(slow.node(), slow.slot(), slow.offset()),
                    SlotCursor.filePosition(fast.node(), fast.slot(), fast.offset()), what);
            head.release();
        }
    }

    @Test
    void skipNotesReadOnlyMemoryOfTheNodesItStandsIn() {
        Bvecq head = Bvecq.allocOne(2, Disposal.NONE);
        head.appendSlot(arena.allocate(8), 0, 8, null);
        head.appendSlot(arena.allocate(8), 0, 8, null);
        Bvecq second = Bvecq.allocOne(2, Disposal.NONE);
        second.appendSlot(arena.allocate(8).asReadOnly(), 0, 8, null);
        head.linkNext(second);
        SlotCursor c = new SlotCursor().start(head, 0, 0);
        assertEquals(16, c.skip(16));
        assertFalse(c.metReadOnly(), "the range ends before the read-only node");
        assertEquals(4, c.skip(4));
        assertTrue(c.metReadOnly());
        assertFalse(c.start(head, 0, 0).metReadOnly(), "start forgets it");
        head.release();
    }
}
