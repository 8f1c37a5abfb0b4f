package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments to BvecqPos: named value and range; the chain and the positions are unchanged. */
class PositionBadInputTest {
    private final Arena arena = Arena.ofConfined();
    private Bvecq head;
    private BvecqPos pos;
    private BvecqPos other;
    private final BvecqPos unset = new BvecqPos();

    @BeforeEach
    void build() {
        head = Chains.build(arena, new int[][] {{3, 0, 2}, {4}});
        pos = BvecqPos.at(head);
        pos.advance(1);
        other = BvecqPos.at(head.nextAcquire());
    }

    @AfterEach
    void close() {
        pos.unset();
        other.unset();
        head.release();
        arena.close();
    }

    private <T extends Throwable> void rejects(Class<T> type, String message, Executable call) {
        Snapshot before = Snapshot.of(head, pos, other, unset);
        T e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(message),
                "message '" + e.getMessage() + "' should start with '" + message + "'");
        assertEquals(before, Snapshot.of(head, pos, other, unset), "a rejected call changes nothing");
    }

    @Test
    void atRejectsNull() {
        rejects(NullPointerException.class, "node", () -> BvecqPos.at(null));
    }

    @Test
    void setRejectsNullUnsetAndOutOfRangePlaces() {
        rejects(NullPointerException.class, "other", () -> pos.set(null));
        rejects(IllegalStateException.class, "BvecqPos is unset: set(other)", () -> pos.set(unset));
        rejects(NullPointerException.class, "node", () -> pos.set(null, 0, 0));
        String slotRange = " (expected: 0 <= slot <= 3) in Bvecq#" + head.id();
        rejects(IndexOutOfBoundsException.class, "slot: -1" + slotRange, () -> pos.set(head, -1, 0));
        rejects(IndexOutOfBoundsException.class, "slot: 4" + slotRange, () -> pos.set(head, 4, 0));
        rejects(IndexOutOfBoundsException.class, "offset: -1 (expected: 0 <= offset <= 3) in slot 0",
                () -> pos.set(head, 0, -1));
        rejects(IndexOutOfBoundsException.class, "offset: 4 (expected: 0 <= offset <= 3) in slot 0",
                () -> pos.set(head, 0, 4));
        rejects(IndexOutOfBoundsException.class, "offset: 1 (expected: 0 <= offset <= 0) in slot 1",
                () -> pos.set(head, 1, 1));
        rejects(IndexOutOfBoundsException.class, "offset: 1 (expected: 0 <= offset <= 0) in slot 3",
                () -> pos.set(head, 3, 1));
        rejects(IndexOutOfBoundsException.class, "slot: 5" + slotRange, () -> unset.set(head, 5, 0));
    }

    @Test
    void transferRejectsNullSelfAndUnset() {
        rejects(NullPointerException.class, "from", () -> pos.transfer(null));
        rejects(IllegalArgumentException.class, "from: BvecqPos[Bvecq#" + head.id(), () -> pos.transfer(pos));
        rejects(IllegalStateException.class, "BvecqPos is unset: transfer(from)", () -> pos.transfer(unset));
    }

    @Test
    void moveToRejectsNull() {
        rejects(NullPointerException.class, "to", () -> pos.moveTo(null));
    }

    @Test
    void movesRejectNegativeCounts() {
        for (long bad : new long[] {-1, Long.MIN_VALUE}) {
            String msg = "n: " + bad + " (expected: n >= 0)";
            rejects(IllegalArgumentException.class, msg, () -> pos.advance(bad));
            rejects(IllegalArgumentException.class, msg, () -> pos.advanceAtMost(bad));
            rejects(IllegalArgumentException.class, msg, () -> pos.zero(bad));
        }
    }

    @Test
    void movesPastTheEndAreRejected() {
        rejects(IndexOutOfBoundsException.class, "n: 9 (expected: 0 <= n <= 8, the bytes remaining)", () -> pos.advance(9));
        rejects(IndexOutOfBoundsException.class, "n: " + Long.MAX_VALUE + " (expected: 0 <= n <= 8",
                () -> pos.advance(Long.MAX_VALUE));
        rejects(IndexOutOfBoundsException.class, "n: 9 (expected: 0 <= n <= 8, the bytes remaining)", () -> pos.zero(9));
    }

    @Test
    void sliceAndExtractRejectNegativeLimits() {
        rejects(IllegalArgumentException.class, "maxSize: -1 (expected: maxSize >= 0)", () -> pos.slice(-1, 1));
        rejects(IllegalArgumentException.class, "maxSlots: -1 (expected: maxSlots >= 0)", () -> pos.slice(1, -1));
        rejects(IllegalArgumentException.class, "maxSize: " + Long.MIN_VALUE, () -> pos.extract(Long.MIN_VALUE, 1));
        rejects(IllegalArgumentException.class, "maxSlots: " + Integer.MIN_VALUE,
                () -> pos.extract(1, Integer.MIN_VALUE));
    }

    @Test
    void unsetPositionsRejectEveryMove() {
        List<Executable> calls = List.of(unset::nudge, unset::step, () -> unset.advance(0), () -> unset.advanceAtMost(0),
                () -> unset.zero(0), unset::remaining, unset::isAtEnd, () -> unset.slice(1, 1), () -> unset.extract(1, 1));
        for (Executable c : calls) {
            rejects(IllegalStateException.class, "BvecqPos is unset: ", c);
        }
        assertEquals("BvecqPos[unset]", unset.toString());
    }
}
