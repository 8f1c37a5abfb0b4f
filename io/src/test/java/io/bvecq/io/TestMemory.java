package io.bvecq.io;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.IterType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Test memory for the io model: bytes laid out as pieces of the given sizes (cycled), each native piece
 * starting {@code skew} bytes past an aligned address, optionally every other piece on the heap, and an
 * iterator of any type with memory over all of it. The chain of a BVECQ iterator is released by {@link #close}.
 */
final class TestMemory implements AutoCloseable {
    private final List<MemorySegment> segs = new ArrayList<>();
    private final List<Long> offs = new ArrayList<>();
    private final List<Long> lens = new ArrayList<>();
    private Bvecq chain;

    /** Lays {@code data} out; a SEGMENT layout is one piece whatever {@code slotSizes} says. */
    TestMemory(Arena arena, byte[] data, IterType type, int skew, boolean heap, int... slotSizes) {
        int i = 0;
        int k = 0;
        while (i < data.length || segs.isEmpty()) {
            int len = type == IterType.SEGMENT ? data.length : Math.min(slotSizes[k % slotSizes.length], data.length - i);
            boolean onHeap = heap && k % 2 == 1;
            MemorySegment seg = onHeap ? MemorySegment.ofArray(new byte[len + skew]) : arena.allocate(len + skew, 4096);
            MemorySegment.copy(data, i, seg, ValueLayout.JAVA_BYTE, skew, len);
            segs.add(seg);
            offs.add((long) skew);
            lens.add((long) len);
            i += len;
            k++;
        }
    }

    /** An iterator of {@code type} over all the bytes. */
    IoIter iter(IterType type, Direction dir) {
        int n = segs.size();
        long total = 0;
        for (long l : lens) {
            total += l;
        }
        switch (type) {
            case SEGMENT -> {
                return IoIter.segment(dir, segs.get(0), offs.get(0), lens.get(0));
            }
            case KVEC -> {
                MemorySegment[] a = new MemorySegment[n];
                for (int i = 0; i < n; i++) {
                    a[i] = segs.get(i).asSlice(offs.get(i), lens.get(i));
                }
                return IoIter.kvec(dir, a);
            }
            case BVEC -> {
                return IoIter.bvec(dir, segs.toArray(MemorySegment[]::new), offs.stream().mapToLong(Long::longValue).toArray(),
                        lens.stream().mapToLong(Long::longValue).toArray());
            }
            case BVECQ -> {
                if (chain == null) {
                    chain = Bvecq.allocOne(Disposal.NONE);
                    Bvecq tail = chain;
                    for (int i = 0; i < n; i++) {
                        tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, segs.get(i), offs.get(i), lens.get(i), null);
                    }
                }
                return IoIter.bvecq(dir, chain, 0, 0, total);
            }
            default -> throw new IllegalArgumentException("type: " + type + " (expected: a type with memory)");
        }
    }

    /** The bytes, pieces end to end. */
    byte[] bytes() {
        int total = 0;
        for (long l : lens) {
            total += (int) l;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int i = 0; i < segs.size(); i++) {
            MemorySegment.copy(segs.get(i), ValueLayout.JAVA_BYTE, offs.get(i), out, at, (int) (long) lens.get(i));
            at += (int) (long) lens.get(i);
        }
        return out;
    }

    @Override
    public void close() {
        if (chain != null) {
            chain.release();
            chain = null;
        }
    }
}
