package io.bvecq.extract;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.zip.CRC32C;

/** Builds chains over flat test data with chosen layouts, and reads chains back. */
final class TestChains {
    private TestChains() {
    }

    /**
     * A NONE chain over a copy of {@code data} in native memory from {@code arena}: slot i holds
     * {@code sizes.get(i)} bytes (0 makes an empty slot), {@code nodeSlots} slots per node. Each slot is a
     * separate segment so neighbours are not contiguous in memory.
     */
    static Bvecq build(Arena arena, byte[] data, List<Integer> sizes, int nodeSlots) {
        Bvecq head = Bvecq.allocOne(nodeSlots, Disposal.NONE);
        Bvecq tail = head;
        int at = 0;
        for (int size : sizes) {
            MemorySegment seg;
            if (size == 0) {
                seg = MemorySegment.NULL;
            } else {
                // a little slack in front, so offsets are not always 0
                seg = arena.allocate(size + 3, 1);
                MemorySegment.copy(data, at, seg, ValueLayout.JAVA_BYTE, 3, size);
            }
            if (tail.isFull()) {
                Bvecq n = Bvecq.allocOne(nodeSlots, Disposal.NONE);
                n.setFpos(tail.fpos() + tail.bytes());
                tail.linkNext(n);
                tail = n;
            }
            tail.appendSlot(seg, size == 0 ? 0 : 3, size, null);
            at += size;
        }
        if (at != data.length) {
            head.release();
            throw new IllegalArgumentException("sizes add up to " + at + ", data has " + data.length);
        }
        return head;
    }

    /** The bytes of a chain, front to back. */
    static byte[] bytes(Bvecq head) {
        byte[] out = new byte[(int) BvecqBuffers.totalBytes(head)];
        int at = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                int len = (int) n.length(s);
                if (len > 0) {
                    MemorySegment.copy(n.segment(s), ValueLayout.JAVA_BYTE, n.offset(s), out, at, len);
                }
                at += len;
            }
        }
        return out;
    }

    static long crc(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return c.getValue();
    }
}
