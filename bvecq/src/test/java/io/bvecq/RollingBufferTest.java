package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One producer appending, one consumer reading and deleting spent nodes; never the last node. */
class RollingBufferTest {
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment bytes(long from, int len) {
        MemorySegment s = arena.allocate(Math.max(1, len));
        for (int i = 0; i < len; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, Chains.pattern(from + i));
        }
        return s;
    }

    @Test
    void appendFillsNodesAndStartsNewOnesWithRunningFpos() {
        try (RollingBuffer rb = new RollingBuffer(2, Disposal.NONE)) {
            Bvecq first = rb.head();
            rb.append(bytes(0, 3), 0, 3, null);
            rb.append(bytes(3, 4), 0, 4, null);
            assertSame(first, rb.tail());
            rb.append(bytes(7, 5), 0, 5, null);
            Bvecq second = rb.tail();
            assertSame(second, first.nextAcquire());
            assertEquals(7, second.fpos());
            assertEquals(12, rb.appended());
            assertArrayEquals(Chains.expected(0, 12), Chains.bytesOf(rb.head()));
        }
    }

    @Test
    void deleteSpentReleasesFullyReadNodesButNeverTheLast() {
        CountingOwner owner = new CountingOwner();
        try (RollingBuffer rb = new RollingBuffer(1, Disposal.UNLOCK)) {
            Bvecq n0 = rb.head();
            for (int i = 0; i < 3; i++) {
                rb.append(bytes(i * 2, 2), 0, 2, owner);
            }
            Bvecq n2 = rb.tail();
            BvecqPos r = rb.openReader();
            assertEquals(0, rb.deleteSpent(r), "nothing read yet");
            r.advance(2);
            assertEquals(1, rb.deleteSpent(r));
            assertTrue(n0.isReleased());
            assertEquals(1, owner.calls());
            r.advance(4);
            assertTrue(r.isAtEnd());
            assertEquals(1, rb.deleteSpent(r), "the last node stays, read or not");
            assertSame(n2, rb.head());
            assertFalse(n2.isReleased());
            assertEquals(2, owner.calls());
            assertEquals(0, rb.deleteSpent(r));
            // the producer carries on; the parked reader sees it
            rb.append(bytes(6, 1), 0, 1, owner);
            assertEquals(1, r.remaining());
            r.advance(1);
            assertEquals(1, rb.deleteSpent(r));
            assertEquals(3, owner.calls());
            r.unset();
        }
        assertEquals(4, owner.calls(), "close disposes the rest");
    }

    @Test
    void deleteSpentOnAPositionAtANodeEndDeletesThatNodeOnceASuccessorExists() {
        try (RollingBuffer rb = new RollingBuffer(1, Disposal.NONE)) {
            rb.append(bytes(0, 2), 0, 2, null);
            BvecqPos r = rb.openReader();
            Bvecq first = rb.head();
            r.set(first, 0, 2); // raw: the end of the only slot
            assertEquals(0, rb.deleteSpent(r), "no successor yet: the last node stays");
            rb.append(bytes(2, 2), 0, 2, null);
            assertEquals(1, rb.deleteSpent(r));
            assertTrue(first.isReleased());
            r.unset();
        }
    }

    @Test
    void deleteSpentKeepsNodesOtherPositionsHold() {
        try (RollingBuffer rb = new RollingBuffer(1, Disposal.NONE)) {
            for (int i = 0; i < 3; i++) {
                rb.append(bytes(0, 1), 0, 1, null);
            }
            Bvecq n0 = rb.head();
            BvecqPos other = rb.openReader();
            BvecqPos r = rb.openReader();
            r.advance(2);
            assertEquals(2, rb.deleteSpent(r));
            assertFalse(n0.isReleased(), "other still holds it");
            assertEquals(3, other.remaining());
            other.unset();
            assertTrue(n0.isReleased());
            r.unset();
        }
    }

    @Test
    void deleteSpentRejectsAPositionOfAnotherChainWithoutMovingIt() {
        try (RollingBuffer rb = new RollingBuffer(2, Disposal.NONE)) {
            rb.append(bytes(0, 2), 0, 2, null);
            Bvecq foreign = Chains.build(arena, new int[][] {{0, 3}});
            BvecqPos p = BvecqPos.at(foreign);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rb.deleteSpent(p));
            assertTrue(e.getMessage().startsWith("consumer: BvecqPos[") && e.getMessage().contains("expected:"),
                    e.getMessage());
            assertEquals(0, p.slot(), "not nudged");
            assertSame(foreign, p.node());
            p.unset();
            foreign.release();
            assertThrows(IllegalStateException.class, () -> rb.deleteSpent(new BvecqPos()));
            assertThrows(NullPointerException.class, () -> rb.deleteSpent(null));
        }
    }

    @Test
    void useAfterCloseIsRejected() {
        RollingBuffer rb = new RollingBuffer(2, Disposal.NONE);
        Bvecq head = rb.head();
        rb.close();
        assertTrue(head.isReleased());
        MemorySegment s = bytes(0, 1);
        for (var c : new org.junit.jupiter.api.function.Executable[] {() -> rb.append(s, 0, 1, null),
                rb::openReader, rb::head, rb::tail, () -> rb.deleteSpent(new BvecqPos())}) {
            BvecqReleasedException e = assertThrows(BvecqReleasedException.class, c);
            assertTrue(e.getMessage().startsWith("RollingBuffer used after close"), e.getMessage());
        }
        rb.close(); // twice: nothing
    }

    @Test
    void aBadAppendChangesNothing() {
        try (RollingBuffer rb = new RollingBuffer(1, Disposal.FREE)) {
            MemorySegment s = bytes(0, 4);
            assertThrows(IllegalArgumentException.class, () -> rb.append(s, 0, 4, null));
            rb.append(MemorySegment.NULL, 0, 0, null); // an empty slot needs no owner; fills the node
            assertThrows(IndexOutOfBoundsException.class, () -> rb.append(s, 0, 5, new CountingOwner()));
            assertNull(rb.head().nextAcquire(), "the rejected append on a full tail linked nothing");
            assertEquals(0, rb.appended());
        }
    }

    @Test
    void consumerOnAnotherThreadSeesEveryByteOnceInOrder() throws Exception {
        final int slots = 20_000;
        CountingOwner owner = new CountingOwner();
        MemorySegment data = arena.allocate(1 << 16);
        for (int i = 0; i < data.byteSize(); i++) {
            data.set(ValueLayout.JAVA_BYTE, i, Chains.pattern(i));
        }
        try (RollingBuffer rb = new RollingBuffer(7, Disposal.UNLOCK)) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] total = {0};
            // the producer appends slots of 0..63 bytes (0 = an empty slot) cut from a patterned segment
            Thread producer = new Thread(() -> {
                try {
                    long at = 0;
                    for (int i = 0; i < slots; i++) {
                        int len = (i * 37) % 64;
                        long off = at % (data.byteSize() - 64);
                        if (len == 0) {
                            rb.append(MemorySegment.NULL, 0, 0, null);
                        } else {
                            rb.append(data, off, len, owner);
                            at += len;
                        }
                    }
                    total[0] = at;
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    done.set(true);
                }
            }, "producer");
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            BvecqPos r = rb.openReader();
            producer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int deleted = 0;
            for (;;) {
                boolean finished = done.get(); // read before looking, so nothing appended after is missed
                while (r.nudge()) {
                    Bvecq n = r.node();
                    int s = r.slot();
                    long off = r.offset();
                    seen.writeBytes(n.segment(s).asSlice(n.offset(s) + off, n.length(s) - off)
                            .toArray(ValueLayout.JAVA_BYTE));
                    r.step();
                    deleted += rb.deleteSpent(r);
                }
                if (finished || System.nanoTime() > deadline) {
                    break;
                }
                Thread.onSpinWait();
            }
            producer.join();
            assertNull(failure.get());
            deleted += rb.deleteSpent(r); // the last nudge may have parked on a later, empty-slotted node
            byte[] got = seen.toByteArray();
            assertEquals(total[0], got.length);
            // rebuild what the producer appended
            long at = 0;
            int k = 0;
            for (int i = 0; i < slots; i++) {
                int len = (i * 37) % 64;
                if (len == 0) {
                    continue;
                }
                long off = at % (data.byteSize() - 64);
                for (int j = 0; j < len; j++) {
                    if (got[k] != Chains.pattern(off + j)) {
                        throw new AssertionError("byte " + k + " (slot " + i + ") differs");
                    }
                    k++;
                }
                at += len;
            }
            assertTrue(deleted > 0);
            assertEquals(1, BvecqBuffers.nodeCount(rb.head()), "everything but the last node deleted");
            r.unset();
        }
        int withData = 0;
        for (int i = 0; i < slots; i++) {
            withData += (i * 37) % 64 == 0 ? 0 : 1;
        }
        assertEquals(withData, owner.calls(), "each appended slot disposed once");
    }

    @Test
    void consumerExtractingOnAnotherThreadSeesEveryByteOnceInOrder() throws Exception {
        final int slots = 20_000;
        MemorySegment data = arena.allocate(1 << 16);
        for (int i = 0; i < data.byteSize(); i++) {
            data.set(ValueLayout.JAVA_BYTE, i, Chains.pattern(i));
        }
        CountingOwner owner = new CountingOwner();
        long total;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (RollingBuffer rb = new RollingBuffer(5, Disposal.UNPIN)) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] appended = {0};
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < slots; i++) {
                        int len = (i * 13) % 50; // 0 makes a zero-length slot with an owner
                        rb.append(data, appended[0] % (data.byteSize() - 64), len, owner);
                        appended[0] += len;
                    }
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    done.set(true);
                }
            }, "producer");
            BvecqPos r = rb.openReader();
            producer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int round = 0;
            for (;;) {
                boolean finished = done.get();
                Bvecq ex;
                // limits vary so extracts end mid-slot, at slot ends and at node ends
                while ((ex = r.extract(1 + (round * 7919L) % 300, 1 + round % 9)) != null) {
                    round++;
                    seen.writeBytes(Chains.bytesOf(ex));
                    rb.deleteSpent(r);
                    ex.release();
                }
                if (finished || System.nanoTime() > deadline) {
                    break;
                }
                Thread.onSpinWait();
            }
            producer.join();
            assertNull(failure.get());
            total = appended[0];
            rb.deleteSpent(r);
            r.unset();
        }
        byte[] got = seen.toByteArray();
        assertEquals(total, got.length);
        long at = 0;
        int k = 0;
        for (int i = 0; i < slots; i++) {
            int len = (i * 13) % 50;
            long off = at % (data.byteSize() - 64);
            for (int j = 0; j < len; j++, k++) {
                if (got[k] != Chains.pattern(off + j)) {
                    throw new AssertionError("byte " + k + " (slot " + i + ") differs");
                }
            }
            at += len;
        }
        assertEquals(slots, owner.calls(), "every slot, zero-length ones included, disposed once");
    }
}
