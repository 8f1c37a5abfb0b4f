package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments to Bvecq: the exception names the value and the range, and the chain is unchanged. */
class NodeBadInputTest {
    private final Arena arena = Arena.ofConfined();
    private Bvecq head;
    private Bvecq second;
    private MemorySegment seg;

    @BeforeEach
    void build() {
        head = Chains.build(arena, new int[][] {{3, 0}, {4}});
        second = head.nextAcquire();
        seg = arena.allocate(8);
    }

    @AfterEach
    void close() {
        head.release();
        arena.close();
    }

    private <T extends Throwable> void rejects(Class<T> type, String message, Executable call) {
        Snapshot before = Snapshot.of(head);
        T e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(message),
                "message '" + e.getMessage() + "' should start with '" + message + "'");
        assertEquals(before, Snapshot.of(head), "a rejected call changes nothing");
    }

    @Test
    void allocOneRejectsSlotCountsOutOfRangeAndNullKind() {
        String range = " (expected: 1 <= maxSlots <= " + Bvecq.MAX_SLOTS + ")";
        rejects(IllegalArgumentException.class, "maxSlots: 0" + range, () -> Bvecq.allocOne(0, Disposal.NONE));
        rejects(IllegalArgumentException.class, "maxSlots: -1" + range, () -> Bvecq.allocOne(-1, Disposal.NONE));
        rejects(IllegalArgumentException.class, "maxSlots: " + (Bvecq.MAX_SLOTS + 1) + range,
                () -> Bvecq.allocOne(Bvecq.MAX_SLOTS + 1, Disposal.NONE));
        rejects(NullPointerException.class, "disposal", () -> Bvecq.allocOne(1, null));
        rejects(NullPointerException.class, "disposal", () -> Bvecq.allocOne(null));
    }

    @Test
    void allocChainRejectsNonPositiveCountsAndNullKind() {
        rejects(IllegalArgumentException.class, "nrSlots: 0 (expected: nrSlots >= 1)",
                () -> Bvecq.allocChain(0, Disposal.NONE));
        rejects(IllegalArgumentException.class, "nrSlots: -7 (expected: nrSlots >= 1)",
                () -> Bvecq.allocChain(-7, Disposal.NONE));
        rejects(NullPointerException.class, "disposal", () -> Bvecq.allocChain(3, null));
    }

    @Test
    void slotAccessorsRejectIndicesOutOfRange() {
        for (int bad : new int[] {-1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            String msg = "slot: " + bad + " (expected: 0 <= slot < 2) in Bvecq#" + head.id();
            rejects(IndexOutOfBoundsException.class, msg, () -> head.segment(bad));
            rejects(IndexOutOfBoundsException.class, msg, () -> head.offset(bad));
            rejects(IndexOutOfBoundsException.class, msg, () -> head.length(bad));
            rejects(IndexOutOfBoundsException.class, msg, () -> head.owner(bad));
        }
    }

    @Test
    void setFposRejectsNegatives() {
        rejects(IllegalArgumentException.class, "fpos: -1 (expected: fpos >= 0)", () -> head.setFpos(-1));
        rejects(IllegalArgumentException.class, "fpos: " + Long.MIN_VALUE + " (expected: fpos >= 0)",
                () -> head.setFpos(Long.MIN_VALUE));
    }

    /**
     * The region check folds its four range tests into one sign test: every pair of extremes (around 0, the
     * segment's size and the long range) is accepted exactly when {@code 0 <= offset <= size} and
     * {@code 0 <= length <= size - offset}, and a refusal names the parameter the plain tests name.
     */
    @Test
    void regionCheckAcceptsExactlyTheRegionsInsideTheSegment() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        second.linkNext(n); // in the chain under test, so every refusal is checked to change nothing
        for (MemorySegment s : new MemorySegment[] {seg, MemorySegment.NULL}) {
            long size = s.byteSize();
            long[] values = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -size - 1, -1, 0, 1, size - 1, size, size + 1,
                    Long.MAX_VALUE - size, Long.MAX_VALUE - 1, Long.MAX_VALUE};
            for (long offset : values) {
                for (long length : values) {
                    boolean inside = offset >= 0 && offset <= size && length >= 0 && length <= size - offset;
                    if (inside) {
                        assertEquals(0, n.appendSlot(s, offset, length, null), offset + "+" + length);
                        n.dropSlotsFrom(0);
                    } else if (offset < 0 || offset > size) {
                        rejects(IndexOutOfBoundsException.class, "offset: " + offset + " (expected: 0 <= offset <= "
                                + size + ")", () -> n.appendSlot(s, offset, length, null));
                    } else {
                        rejects(IndexOutOfBoundsException.class, "length: " + length + " (expected: 0 <= length <= "
                                + (size - offset) + ")", () -> n.appendSlot(s, offset, length, null));
                    }
                }
            }
        }
    }

    @Test
    void appendSlotRejectsBadRegionsEvenOnAFullNode() {
        Bvecq n = Bvecq.allocOne(2, Disposal.NONE);
        // linked into the chain under test so the snapshot covers it
        second.linkNext(n);
        rejects(NullPointerException.class, "segment", () -> n.appendSlot(null, 0, 1, null));
        rejects(IndexOutOfBoundsException.class, "offset: -1 (expected: 0 <= offset <= 8)",
                () -> n.appendSlot(seg, -1, 1, null));
        rejects(IndexOutOfBoundsException.class, "offset: 9 (expected: 0 <= offset <= 8)",
                () -> n.appendSlot(seg, 9, 0, null));
        rejects(IndexOutOfBoundsException.class, "length: -1 (expected: 0 <= length <= 6)",
                () -> n.appendSlot(seg, 2, -1, null));
        rejects(IndexOutOfBoundsException.class, "length: 7 (expected: 0 <= length <= 6)",
                () -> n.appendSlot(seg, 2, 7, null));
        rejects(IndexOutOfBoundsException.class, "length: " + Long.MAX_VALUE + " (expected: 0 <= length <= 0)",
                () -> n.appendSlot(seg, 8, Long.MAX_VALUE, null));
        rejects(IndexOutOfBoundsException.class, "length: 1 (expected: 0 <= length <= 0)",
                () -> n.appendSlot(MemorySegment.NULL, 0, 1, null));
        rejects(IllegalArgumentException.class, "owner: ", () -> n.appendSlot(seg, 0, 1, new CountingOwner()));
        n.appendSlot(seg, 0, 1, null);
        n.appendSlot(seg, 1, 1, null);
        rejects(IndexOutOfBoundsException.class, "length: 9", () -> n.appendSlot(seg, 0, 9, null));
        assertEquals(-1, n.appendSlot(seg, 0, 1, null), "full is a return value, not an exception");
    }

    @Test
    void appendSlotOnAnOwnedKindNeedsAnOwnerForData() {
        Bvecq n = Bvecq.allocOne(2, Disposal.UNPIN);
        second.linkNext(n);
        rejects(IllegalArgumentException.class, "owner: null (expected: an owner for a UNPIN node",
                () -> n.appendSlot(seg, 0, 1, null));
    }

    @Test
    void fillEmptySlotRejectsBadSlotsAndRegions() {
        // head: slot 0 has 3 bytes, slot 1 is empty
        rejects(IndexOutOfBoundsException.class, "slot: 2 (expected: 0 <= slot < 2)",
                () -> head.fillEmptySlot(2, seg, 0, 1, null));
        rejects(IndexOutOfBoundsException.class, "slot: -1 (expected: 0 <= slot < 2)",
                () -> head.fillEmptySlot(-1, seg, 0, 1, null));
        rejects(IllegalArgumentException.class, "slot: 0 (expected: an empty slot; it holds length=3)",
                () -> head.fillEmptySlot(0, seg, 0, 1, null));
        rejects(NullPointerException.class, "segment", () -> head.fillEmptySlot(1, null, 0, 1, null));
        rejects(IndexOutOfBoundsException.class, "offset: -3 (expected: 0 <= offset <= 8)",
                () -> head.fillEmptySlot(1, seg, -3, 1, null));
        rejects(IndexOutOfBoundsException.class, "length: 8 (expected: 0 <= length <= 7)",
                () -> head.fillEmptySlot(1, seg, 1, 8, null));
        rejects(IllegalArgumentException.class, "owner: ", () -> head.fillEmptySlot(1, seg, 0, 1, new CountingOwner()));
    }

    @Test
    void linkNextRejectsNullSelfLinkedAndLoops() {
        Bvecq loose = Bvecq.allocOne(1, Disposal.NONE);
        try {
            rejects(NullPointerException.class, "node", () -> second.linkNext(null));
            rejects(IllegalArgumentException.class, "node: Bvecq#" + second.id() + "[",
                    () -> second.linkNext(second));
            rejects(IllegalArgumentException.class, "this: Bvecq#" + head.id() + "[",
                    () -> head.linkNext(loose));
            rejects(IllegalArgumentException.class, "node: Bvecq#" + second.id() + "[",
                    () -> loose.linkNext(second)); // second already follows head
            rejects(IllegalArgumentException.class, "node: Bvecq#" + head.id() + "[",
                    () -> second.linkNext(head)); // head is followed by second: a loop
            assertEquals(null, loose.nextAcquire());
            assertEquals(1, loose.refCount());
        } finally {
            loose.release();
        }
    }

    @Test
    void attachSourceRejectsNullAndSelf() {
        rejects(NullPointerException.class, "source", () -> head.attachSource(null));
        rejects(IllegalArgumentException.class, "source: Bvecq#" + head.id() + "[", () -> head.attachSource(head));
    }
}
