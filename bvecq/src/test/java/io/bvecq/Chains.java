package io.bvecq;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Test helpers: build chains from slot-size layouts with known bytes, and read bytes back through slots. */
final class Chains {
    private Chains() {
    }

    /** The byte at logical offset {@code i} of a chain built by {@link #build}. */
    static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 8) + 7);
    }

    /**
     * Builds a chain: one node per row of {@code layout}, each node with {@code max(row.length, 1)} slots;
     * a size of 0 makes an empty slot (NULL segment). Data slots carry {@link #pattern} bytes in logical order
     * and sit at offset 3 inside a slightly larger segment, so offsets are exercised. Slots of a non-NONE kind
     * name {@code owner}.
     */
    static Bvecq build(Arena arena, int[][] layout, Disposal kind, RegionOwner owner) {
        Bvecq head = null;
        Bvecq tail = null;
        long logical = 0;
        for (int[] row : layout) {
            Bvecq n = Bvecq.allocOne(Math.max(row.length, 1), kind);
            n.setFpos(logical);
            for (int size : row) {
                if (size == 0) {
                    n.appendSlot(MemorySegment.NULL, 0, 0, null);
                    continue;
                }
                MemorySegment seg = arena.allocate(size + 5);
                for (int i = 0; i < size; i++) {
                    seg.set(ValueLayout.JAVA_BYTE, 3 + i, pattern(logical + i));
                }
                n.appendSlot(seg, 3, size, kind.needsOwner() ? owner : null);
                logical += size;
            }
            if (head == null) {
                head = n;
            } else {
                tail.linkNext(n);
            }
            tail = n;
        }
        return head;
    }

    static Bvecq build(Arena arena, int[][] layout) {
        return build(arena, layout, Disposal.NONE, null);
    }

    /** The pattern bytes {@code from..to-1}. */
    static byte[] expected(long from, long to) {
        byte[] b = new byte[(int) (to - from)];
        for (int i = 0; i < b.length; i++) {
            b[i] = pattern(from + i);
        }
        return b;
    }

    /** Every byte of every slot from {@code head} to the end of its chain, read through the public accessors. */
    static byte[] bytesOf(Bvecq head) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                out.writeBytes(slotBytes(n, s, 0));
            }
        }
        return out.toByteArray();
    }

    /** The bytes of slot {@code s} of {@code n} from {@code from} on. */
    static byte[] slotBytes(Bvecq n, int s, long from) {
        long len = n.length(s) - from;
        if (len <= 0) {
            return new byte[0];
        }
        return n.segment(s).asSlice(n.offset(s) + from, len).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Reads every byte after {@code pos} through a copy of it (the position itself does not move). */
    static byte[] readFrom(BvecqPos pos) {
        BvecqPos p = new BvecqPos();
        p.set(pos);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (p.nudge()) {
                out.writeBytes(slotBytes(p.node(), p.slot(), p.offset()));
                p.step();
            }
            return out.toByteArray();
        } finally {
            p.unset();
        }
    }

    /** Reads up to {@code max} bytes after {@code pos} through a copy of it. */
    static byte[] readFrom(BvecqPos pos, long max) {
        byte[] all = readFrom(pos);
        return java.util.Arrays.copyOf(all, (int) Math.min(all.length, max));
    }

    /** Number of nodes from head, counting through the public accessor. */
    static int nodes(Bvecq head) {
        return BvecqBuffers.nodeCount(head);
    }

    /** The node at index {@code i} of the chain (0 = head). */
    static Bvecq nodeAt(Bvecq head, int i) {
        Bvecq n = head;
        for (int k = 0; k < i; k++) {
            n = n.nextAcquire();
        }
        return n;
    }
}
