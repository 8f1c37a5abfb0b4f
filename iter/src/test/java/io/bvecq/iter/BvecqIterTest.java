package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What only the BVECQ type does: references, raw places, walking back through prev, a growing chain. */
class BvecqIterTest {

    private static MemorySegment bytes(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return MemorySegment.ofArray(b);
    }

    /** Three nodes of two slots, 4 bytes a slot, values 0..23; an empty slot in the middle node. */
    private static Bvecq chain() {
        Bvecq a = Bvecq.allocOne(2, Disposal.NONE);
        a.appendSlot(bytes(4, 0), 0, 4, null);
        a.appendSlot(bytes(4, 4), 0, 4, null);
        Bvecq b = Bvecq.allocOne(3, Disposal.NONE);
        b.appendSlot(bytes(4, 8), 0, 4, null);
        b.appendSlot(MemorySegment.NULL, 0, 0, null);
        b.appendSlot(bytes(4, 12), 0, 4, null);
        Bvecq c = Bvecq.allocOne(2, Disposal.NONE);
        c.appendSlot(bytes(4, 16), 0, 4, null);
        c.appendSlot(bytes(4, 20), 0, 4, null);
        a.linkNext(b);
        b.linkNext(c);
        return a;
    }

    @Test
    void iteratorHoldsOneReferenceOnItsStartNodeUntilClose() {
        Bvecq head = chain();
        IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, 24);
        assertEquals(2, head.refCount());
        it.advance(20);
        assertEquals(2, head.refCount(), "moving across nodes takes no references");
        it.close();
        assertEquals(1, head.refCount());
        it.close();
        assertEquals(1, head.refCount(), "close is idempotent");
        head.release();
    }

    @Test
    void iteratorKeepsTheChainAliveAfterTheOwnerLetsGo() {
        AtomicInteger disposed = new AtomicInteger();
        Bvecq head = Bvecq.allocOne(4, Disposal.FREE);
        head.appendSlot(bytes(8, 1), 0, 8, (k, s, o, l) -> disposed.incrementAndGet());
        IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, 8);
        head.release();
        assertEquals(0, disposed.get());
        MemorySegment dst = MemorySegment.ofArray(new byte[8]);
        assertEquals(8, it.copyFromIter(dst, 0, 8));
        assertArrayEquals(bytes(8, 1).toArray(ValueLayout.JAVA_BYTE), dst.toArray(ValueLayout.JAVA_BYTE));
        it.close();
        assertEquals(1, disposed.get(), "disposed when the iterator's reference went");
        assertTrue(head.isReleased());
    }

    @Test
    void survivesTheConsumerDeletingItsStartNode() {
        RollingBuffer rb = new RollingBuffer(2, Disposal.NONE);
        for (int i = 0; i < 6; i++) {
            rb.append(bytes(4, 4 * i), 0, 4, null);
        }
        BvecqPos reader = rb.openReader();
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, reader)) {
            Bvecq start = reader.node();
            reader.advance(20);
            assertEquals(2, rb.deleteSpent(reader), "the two spent nodes leave the buffer");
            assertFalse(start.isReleased(), "the iterator's reference keeps its start node");
            it.advance(24);
            it.revert(24);
            MemorySegment dst = MemorySegment.ofArray(new byte[24]);
            assertEquals(24, it.copyFromIter(dst, 0, 24));
            assertArrayEquals(bytes(24, 0).toArray(ValueLayout.JAVA_BYTE), dst.toArray(ValueLayout.JAVA_BYTE));
        } finally {
            reader.unset();
            rb.close();
        }
    }

    @Test
    void revertWalksBackAcrossNodesThroughPrev() {
        Bvecq head = chain();
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 1, 23)) {
            MemorySegment dst = MemorySegment.ofArray(new byte[23]);
            assertEquals(23, it.copyFromIter(dst, 0, 23));
            for (int n = 1; n <= 23; n++) {
                it.revert(n);
                MemorySegment one = MemorySegment.ofArray(new byte[1]);
                assertEquals(1, it.copyFromIter(one, 0, 1));
                assertEquals((byte) (24 - n), one.get(ValueLayout.JAVA_BYTE, 0), "after revert(" + n + ")");
                it.advance(n - 1);
            }
            it.revert(23);
            assertEquals(23, it.count());
            assertThrows(IndexOutOfBoundsException.class, () -> it.revert(1), "not before the start place");
        } finally {
            head.release();
        }
    }

    @Test
    void rawPlacesAtTheEndOfASlotOrNodeAreTheSameLogicalPlace() {
        Bvecq head = chain();
        Bvecq mid = head.nextAcquire();
        try (IoIter endOfNode = IoIter.bvecq(Direction.SOURCE, head, 2, 0, 16);
                IoIter endOfSlot = IoIter.bvecq(Direction.SOURCE, head, 1, 4, 16);
                IoIter startOfNext = IoIter.bvecq(Direction.SOURCE, mid, 0, 0, 16)) {
            for (IoIter it : new IoIter[] {endOfNode, endOfSlot, startOfNext}) {
                assertEquals(4, it.singleSegCount());
                MemorySegment one = MemorySegment.ofArray(new byte[1]);
                it.copyFromIter(one, 0, 1);
                assertEquals(8, one.get(ValueLayout.JAVA_BYTE, 0));
                it.revert(1);
                // heap slots: addresses are array offsets (0 here), every length is 4
                assertEquals(4, it.alignment());
                assertEquals(4, it.npages(10), "one page per slot piece");
            }
        } finally {
            head.release();
        }
    }

    @Test
    void positionPointsAtTheCurrentPlaceWithItsOwnReference() {
        Bvecq head = chain();
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, 24)) {
            it.advance(10);
            BvecqPos pos = new BvecqPos();
            it.position(pos);
            assertEquals(14, pos.remaining());
            Bvecq extract = pos.extract(100, 10);
            assertEquals(14, io.bvecq.BvecqBuffers.totalBytes(extract));
            extract.release();
            pos.unset();
        } finally {
            head.release();
        }
    }

    @Test
    void badPlacesAndCountsAreRejected() {
        Bvecq head = chain();
        try {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> IoIter.bvecq(Direction.SOURCE, head, 3, 0, 0));
            assertTrue(e.getMessage().contains("slot: 3 (expected: 0 <= slot <= 2)"), e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> IoIter.bvecq(Direction.SOURCE, head, 1, 5, 0));
            assertTrue(e.getMessage().contains("offset: 5 (expected: 0 <= offset <= 4)"), e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> IoIter.bvecq(Direction.SOURCE, head, 2, 1, 0));
            assertTrue(e.getMessage().contains("offset: 1 (expected: 0 <= offset <= 0)"), e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> IoIter.bvecq(Direction.SOURCE, head, 0, 1, 24));
            assertTrue(e.getMessage().contains("count: 24 (expected: 0 <= count <= 23"), e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> IoIter.bvecq(Direction.SOURCE, head, 0, 0, -1));
            assertTrue(e.getMessage().contains("count: -1"), e.getMessage());
            assertThrows(NullPointerException.class, () -> IoIter.bvecq(Direction.SOURCE, null, 0, 0, 0));
            assertThrows(NullPointerException.class, () -> IoIter.bvecq(null, head, 0, 0, 0));
            IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                    () -> IoIter.bvecq(Direction.SOURCE, new BvecqPos(), 0));
            assertTrue(u.getMessage().contains("expected: a set position"), u.getMessage());
            assertEquals(1, head.refCount(), "a rejected factory call takes no reference");
        } finally {
            head.release();
        }
    }

    @Test
    void aReleasedChainIsReportedNotRead() {
        Bvecq head = chain();
        head.release();
        assertThrows(io.bvecq.BvecqReleasedException.class, () -> IoIter.bvecq(Direction.SOURCE, head, 0, 0, 0));
    }

    @Test
    void writingIntoAReadOnlySlotFailsAndLeavesThePlace() {
        Bvecq head = Bvecq.allocOne(2, Disposal.NONE);
        head.appendSlot(MemorySegment.ofArray(new byte[4]), 0, 4, null);
        head.appendSlot(MemorySegment.ofArray(new byte[4]).asReadOnly(), 0, 4, null);
        try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, 8)) {
            assertThrows(IllegalArgumentException.class, () -> it.copyToIter(bytes(8, 1), 0, 8));
            assertEquals(8, it.count());
            assertEquals(0, it.consumed());
            assertEquals(4, it.copyToIter(bytes(4, 1), 0, 4));
        } finally {
            head.release();
        }
    }

    /**
     * A producer appends numbered regions to a rolling buffer while the consumer makes iterators over
     * whatever is published and copies it out: every byte arrives once, in order.
     */
    @Test
    void keepsUpWithAChainAProducerIsExtending() throws Exception {
        final int regions = 3000;
        RollingBuffer rb = new RollingBuffer(3, Disposal.NONE);
        BvecqPos reader = rb.openReader();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < regions; i++) {
                    int len = i % 4; // 0..3 bytes, empty regions included
                    byte[] b = new byte[len];
                    for (int j = 0; j < len; j++) {
                        b[j] = (byte) (i + j);
                    }
                    rb.append(MemorySegment.ofArray(b), 0, len, null);
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        long expectedTotal = 0;
        for (int i = 0; i < regions; i++) {
            expectedTotal += i % 4;
        }
        byte[] want = new byte[(int) expectedTotal];
        int at = 0;
        for (int i = 0; i < regions; i++) {
            for (int j = 0; j < i % 4; j++) {
                want[at++] = (byte) (i + j);
            }
        }
        byte[] got = new byte[want.length];
        int have = 0;
        producer.start();
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (have < got.length && System.nanoTime() < deadline) {
                try (IoIter it = IoIter.bvecq(Direction.SOURCE, reader)) {
                    long n = it.copyFromIter(MemorySegment.ofArray(got), have, got.length - have);
                    assertEquals(0, it.count());
                    reader.advance(n);
                    have += (int) n;
                }
                rb.deleteSpent(reader);
            }
            producer.join();
        } finally {
            reader.unset();
            rb.close();
        }
        assertSame(null, failed.get());
        assertEquals(got.length, have);
        assertArrayEquals(want, got);
        assertFalse(producer.isAlive());
    }
}
