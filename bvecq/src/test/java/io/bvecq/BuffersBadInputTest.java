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

/** Bad arguments to BvecqBuffers, BufferPool, RollingBuffer and LeakDetector. */
class BuffersBadInputTest {
    private final Arena arena = Arena.ofConfined();
    private final BufferPool pool = BufferPool.create(4096, 1 << 20, false);
    private Bvecq head;
    private MemorySegment seg;

    @BeforeEach
    void build() {
        head = Chains.build(arena, new int[][] {{3, 0}, {4}});
        seg = arena.allocate(8);
    }

    @AfterEach
    void close() {
        head.release();
        assertEquals(0, pool.outstandingChunks(), "no rejected call kept a chunk");
        pool.close();
        arena.close();
    }

    private <T extends Throwable> void rejects(Class<T> type, String message, Executable call) {
        Snapshot before = Snapshot.of(head);
        long chunks = pool.outstandingChunks();
        T e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(message),
                "message '" + e.getMessage() + "' should start with '" + message + "'");
        assertEquals(before, Snapshot.of(head), "a rejected call changes nothing");
        assertEquals(chunks, pool.outstandingChunks());
    }

    @Test
    void allocBufferRejectsNullPoolNegativeSizeAndBadPreSlots() {
        rejects(NullPointerException.class, "pool", () -> BvecqBuffers.allocBuffer(null, 1, 0));
        rejects(IllegalArgumentException.class, "size: -1 (expected: size >= 0)",
                () -> BvecqBuffers.allocBuffer(pool, -1, 0));
        String range = " (expected: 0 <= preSlots < " + Bvecq.MAX_SLOTS + ")";
        rejects(IllegalArgumentException.class, "preSlots: -1" + range, () -> BvecqBuffers.allocBuffer(pool, 1, -1));
        rejects(IllegalArgumentException.class, "preSlots: " + Bvecq.MAX_SLOTS + range,
                () -> BvecqBuffers.allocBuffer(pool, 1, Bvecq.MAX_SLOTS));
    }

    @Test
    void expandBufferRejectsNullsAndNegativeSize() {
        rejects(NullPointerException.class, "head", () -> BvecqBuffers.expandBuffer(null, pool, 1));
        rejects(NullPointerException.class, "pool", () -> BvecqBuffers.expandBuffer(head, null, 1));
        rejects(IllegalArgumentException.class, "newSize: -1 (expected: newSize >= 0)",
                () -> BvecqBuffers.expandBuffer(head, pool, -1));
    }

    @Test
    void shortenBufferRejectsBadSlotsAndSizes() {
        rejects(NullPointerException.class, "node", () -> BvecqBuffers.shortenBuffer(null, 0, 0));
        String slotRange = " (expected: 0 <= slot <= 2) in Bvecq#" + head.id();
        rejects(IndexOutOfBoundsException.class, "slot: -1" + slotRange, () -> BvecqBuffers.shortenBuffer(head, -1, 0));
        rejects(IndexOutOfBoundsException.class, "slot: 3" + slotRange, () -> BvecqBuffers.shortenBuffer(head, 3, 0));
        rejects(IllegalArgumentException.class, "size: -1 (expected: size >= 0)",
                () -> BvecqBuffers.shortenBuffer(head, 0, -1));
        rejects(IllegalArgumentException.class, "size: 8 (expected: 0 <= size <= 7, the content from slot 0 of Bvecq#"
                + head.id(), () -> BvecqBuffers.shortenBuffer(head, 0, 8));
        rejects(IllegalArgumentException.class, "size: " + Long.MAX_VALUE + " (expected: 0 <= size <= 4",
                () -> BvecqBuffers.shortenBuffer(head, 2, Long.MAX_VALUE));
    }

    @Test
    void appendRegionRejectsNullsBadRegionsAndANonTail() {
        Bvecq tail = head.nextAcquire();
        rejects(NullPointerException.class, "tail", () -> BvecqBuffers.appendRegion(null, Disposal.NONE, seg, 0, 1, null));
        rejects(NullPointerException.class, "kind", () -> BvecqBuffers.appendRegion(tail, null, seg, 0, 1, null));
        rejects(NullPointerException.class, "segment", () -> BvecqBuffers.appendRegion(tail, Disposal.NONE, null, 0, 1, null));
        rejects(IndexOutOfBoundsException.class, "offset: -1 (expected: 0 <= offset <= 8)",
                () -> BvecqBuffers.appendRegion(tail, Disposal.NONE, seg, -1, 1, null));
        rejects(IndexOutOfBoundsException.class, "length: 9 (expected: 0 <= length <= 8)",
                () -> BvecqBuffers.appendRegion(tail, Disposal.NONE, seg, 0, 9, null));
        rejects(IllegalArgumentException.class, "owner: null (expected: an owner for a FREE node",
                () -> BvecqBuffers.appendRegion(tail, Disposal.FREE, seg, 0, 1, null));
        rejects(IllegalArgumentException.class, "tail: Bvecq#" + head.id() + "[",
                () -> BvecqBuffers.appendRegion(head, Disposal.NONE, seg, 0, 1, null));
    }

    @Test
    void chainWalksRejectNull() {
        rejects(NullPointerException.class, "head", () -> BvecqBuffers.tail(null));
        rejects(NullPointerException.class, "head", () -> BvecqBuffers.totalBytes(null));
        rejects(NullPointerException.class, "head", () -> BvecqBuffers.nodeCount(null));
    }

    @Test
    void poolCreateRejectsBadSizes() {
        String cs = " (expected: a power of two, 4096 <= chunkSize <= " + (1 << 30) + ")";
        rejects(IllegalArgumentException.class, "chunkSize: 4095" + cs, () -> BufferPool.create(4095, 1 << 20, false));
        rejects(IllegalArgumentException.class, "chunkSize: -4096" + cs, () -> BufferPool.create(-4096, 1 << 20, false));
        rejects(IllegalArgumentException.class, "chunkSize: 12288" + cs, () -> BufferPool.create(12288, 1 << 20, false));
        rejects(IllegalArgumentException.class, "chunkSize: " + Integer.MIN_VALUE + cs,
                () -> BufferPool.create(Integer.MIN_VALUE, 1 << 20, false));
        rejects(IllegalArgumentException.class, "maxBytes: 4095 (expected: 4096 <= maxBytes <= " + (4096L << 29) + ")",
                () -> BufferPool.create(4096, 4095, false));
        rejects(IllegalArgumentException.class, "maxBytes: -1 (expected: 4096 <= maxBytes",
                () -> BufferPool.create(4096, -1, false));
        rejects(IllegalArgumentException.class, "maxBytes: " + Long.MAX_VALUE + " (expected: 4096 <= maxBytes",
                () -> BufferPool.create(4096, Long.MAX_VALUE, false));
    }

    @Test
    void rollingBufferRejectsBadArguments() {
        String range = " (expected: 1 <= slotsPerNode <= " + Bvecq.MAX_SLOTS + ")";
        rejects(IllegalArgumentException.class, "slotsPerNode: 0" + range, () -> new RollingBuffer(0, Disposal.NONE));
        rejects(IllegalArgumentException.class, "slotsPerNode: " + (Bvecq.MAX_SLOTS + 1) + range,
                () -> new RollingBuffer(Bvecq.MAX_SLOTS + 1, Disposal.NONE));
        rejects(NullPointerException.class, "kind", () -> new RollingBuffer(1, null));
        try (RollingBuffer rb = new RollingBuffer(2, Disposal.NONE)) {
            rb.append(seg, 0, 2, null);
            Bvecq before = rb.tail();
            int nr = before.nrSlotsAcquire();
            rejects(NullPointerException.class, "segment", () -> rb.append(null, 0, 1, null));
            rejects(IndexOutOfBoundsException.class, "offset: -1 (expected: 0 <= offset <= 8)",
                    () -> rb.append(seg, -1, 1, null));
            rejects(IndexOutOfBoundsException.class, "length: -2 (expected: 0 <= length <= 8)",
                    () -> rb.append(seg, 0, -2, null));
            rejects(IllegalArgumentException.class, "owner: ", () -> rb.append(seg, 0, 1, new CountingOwner()));
            assertEquals(nr, before.nrSlotsAcquire());
            assertEquals(2, rb.appended());
            rejects(NullPointerException.class, "consumer", () -> rb.deleteSpent(null));
        }
    }

    @Test
    void leakDetectorRejectsBadArguments() {
        rejects(NullPointerException.class, "newLevel", () -> LeakDetector.setLevel(null));
        assertEquals(LeakDetector.Level.PARANOID, LeakDetector.level());
        rejects(IllegalArgumentException.class, "maxWaitMillis: -1 (expected: >= 0)", () -> LeakDetector.collectNow(-1));
    }
}
