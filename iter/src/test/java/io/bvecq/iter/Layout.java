package io.bvecq.iter;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Test memory: a list of pieces (segment, offset, length) in logical order, some native, some heap,
 * some empty, plus (for BVECQ) their grouping into chain nodes. Reads and writes the logical bytes so
 * that tests can compare an iterator's memory with a flat model.
 */
final class Layout implements AutoCloseable {
    final Arena arena = Arena.ofConfined();
    final List<MemorySegment> segs = new ArrayList<>();
    final List<Long> offs = new ArrayList<>();
    final List<Long> lens = new ArrayList<>();
    /** Slots per node for BVECQ; the sum is the number of pieces. */
    int[] nodeSlots;
    final List<Bvecq> nodes = new ArrayList<>();
    Bvecq head;

    /** Pieces of the given lengths; piece i is heap if heap[i], with pad[i] bytes before it in its segment. */
    static Layout of(long[] lengths, boolean[] heap, long[] pad, int[] nodeSlots) {
        Layout l = new Layout();
        for (int i = 0; i < lengths.length; i++) {
            long size = pad[i] + lengths[i] + 3; // a tail so that pieces never fill their segment
            MemorySegment s = heap[i] ? MemorySegment.ofArray(new byte[(int) size]) : l.arena.allocate(size, 1);
            l.segs.add(s);
            l.offs.add(pad[i]);
            l.lens.add(lengths[i]);
        }
        l.nodeSlots = nodeSlots;
        return l;
    }

    /** Native pieces of the given lengths, no padding, BVECQ nodes of {@code perNode} slots. */
    static Layout simple(int perNode, long... lengths) {
        int n = lengths.length;
        int[] slots = new int[(n + perNode - 1) / perNode];
        for (int i = 0; i < n; i++) {
            slots[i / perNode]++;
        }
        boolean[] heap = new boolean[n];
        long[] pad = new long[n];
        for (int i = 0; i < n; i++) {
            heap[i] = i % 3 == 1;
            pad[i] = i % 4;
        }
        return of(lengths, heap, pad, slots);
    }

    int pieces() {
        return segs.size();
    }

    long total() {
        long t = 0;
        for (long x : lens) {
            t += x;
        }
        return t;
    }

    /** The logical bytes, pieces end to end. */
    byte[] read() {
        byte[] out = new byte[(int) total()];
        int at = 0;
        for (int i = 0; i < pieces(); i++) {
            MemorySegment.copy(segs.get(i), java.lang.foreign.ValueLayout.JAVA_BYTE, offs.get(i), out, at, (int) (long) lens.get(i));
            at += lens.get(i);
        }
        return out;
    }

    void write(byte[] data) {
        int at = 0;
        for (int i = 0; i < pieces(); i++) {
            MemorySegment.copy(data, at, segs.get(i), java.lang.foreign.ValueLayout.JAVA_BYTE, offs.get(i), (int) (long) lens.get(i));
            at += lens.get(i);
        }
    }

    /** Builds the chain on first use; empty pieces become empty slots. The layout owns the head. */
    Bvecq chain() {
        if (head != null) {
            return head;
        }
        int p = 0;
        Bvecq tail = null;
        for (int k = 0; k < nodeSlots.length; k++) {
            Bvecq n = Bvecq.allocOne(Math.max(1, nodeSlots[k] + (k % 2)), Disposal.NONE);
            for (int j = 0; j < nodeSlots[k]; j++, p++) {
                if (lens.get(p) == 0 && p % 2 == 0) {
                    n.appendSlot(MemorySegment.NULL, 0, 0, null);
                } else {
                    n.appendSlot(segs.get(p), offs.get(p), lens.get(p), null);
                }
            }
            if (tail == null) {
                head = n;
            } else {
                tail.linkNext(n);
            }
            nodes.add(n);
            tail = n;
        }
        if (head == null) {
            head = Bvecq.allocOne(1, Disposal.NONE);
            nodes.add(head);
        }
        return head;
    }

    /** Makes an iterator of {@code type} over logical bytes [start, start + count). */
    IoIter make(IterType type, Direction dir, long start, long count) {
        switch (type) {
            case SEGMENT -> {
                if (pieces() != 1) {
                    throw new IllegalStateException("SEGMENT needs a one-piece layout");
                }
                return IoIter.segment(dir, segs.get(0), offs.get(0) + start, count);
            }
            case KVEC -> {
                MemorySegment[] a = new MemorySegment[pieces()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = segs.get(i).asSlice(offs.get(i), lens.get(i));
                }
                IoIter it = IoIter.kvec(dir, a, start + count);
                it.advance(start);
                return it;
            }
            case BVEC -> {
                MemorySegment[] a = segs.toArray(MemorySegment[]::new);
                long[] o = offs.stream().mapToLong(Long::longValue).toArray();
                long[] l = lens.stream().mapToLong(Long::longValue).toArray();
                IoIter it = IoIter.bvec(dir, a, o, l, start + count);
                it.advance(start);
                return it;
            }
            case BVECQ -> {
                // start at a raw place: the first (node, slot, offset) whose logical offset is start,
                // which may be the end of a slot rather than the start of the next
                chain();
                long before = 0;
                int p = 0;
                for (Bvecq n : nodes) {
                    int nr = n.nrSlotsAcquire();
                    for (int s = 0; s < nr; s++, p++) {
                        long len = lens.get(p);
                        if (start <= before + len) {
                            return IoIter.bvecq(dir, n, s, start - before, count);
                        }
                        before += len;
                    }
                }
                Bvecq last = nodes.get(nodes.size() - 1);
                return IoIter.bvecq(dir, last, last.nrSlotsAcquire(), 0, count);
            }
            case DISCARD -> {
                return IoIter.discard(count);
            }
            default -> throw new AssertionError(type);
        }
    }

    @Override
    public void close() {
        if (head != null) {
            head.release();
            head = null;
        }
        arena.close();
    }
}
