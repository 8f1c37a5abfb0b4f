package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A real chain next to a flat model of it: the model keeps, per node, the slot lengths, kind, fpos and
 * discontig flag, and the bytes of all slots as one array. Used by {@link ChainModelProperties}.
 */
final class ChainModel implements AutoCloseable {
    /** One node as the test asks for it. */
    record NodeSpec(int capacity, List<Integer> sizes, boolean discontig, boolean none) {
    }

    static final class Node {
        final Bvecq real;
        final int capacity;
        final Disposal kind;
        final long fpos;
        final boolean discontig;
        final List<Long> lens = new ArrayList<>();
        final List<Boolean> owned = new ArrayList<>();

        Node(Bvecq real, int capacity, Disposal kind, long fpos, boolean discontig) {
            this.real = real;
            this.capacity = capacity;
            this.kind = kind;
            this.fpos = fpos;
            this.discontig = discontig;
        }

        long bytes() {
            long b = 0;
            for (long l : lens) {
                b += l;
            }
            return b;
        }
    }

    final Arena arena = Arena.ofConfined();
    final CountingOwner owner = new CountingOwner();
    final List<Node> nodes = new ArrayList<>();
    private final Random random;
    byte[] data = new byte[1024];
    int total;
    int ownedCreated;
    int ownedDropped;

    ChainModel(List<NodeSpec> specs, long seed) {
        this.random = new Random(seed);
        for (NodeSpec spec : specs) {
            Disposal kind = spec.none() ? Disposal.NONE : Disposal.UNLOCK;
            long fpos = nodes.isEmpty() ? 0 : last().fpos + last().bytes() + (spec.discontig() ? 1000 : 0);
            Bvecq real = Bvecq.allocOne(spec.capacity(), kind);
            real.setFpos(fpos);
            real.setDiscontig(spec.discontig());
            Node n = new Node(real, spec.capacity(), kind, fpos, spec.discontig());
            if (!nodes.isEmpty()) {
                last().real.linkNext(real);
            }
            nodes.add(n);
            for (int size : spec.sizes()) {
                if (size == 0) {
                    real.appendSlot(MemorySegment.NULL, 0, 0, null);
                    n.lens.add(0L);
                    n.owned.add(false);
                } else {
                    MemorySegment seg = newRegion(size);
                    boolean own = kind.needsOwner();
                    real.appendSlot(seg, 3, size, own ? owner : null);
                    n.lens.add((long) size);
                    n.owned.add(own);
                    ownedCreated += own ? 1 : 0;
                }
            }
        }
    }

    /** Allocates {@code size + 7} bytes, puts {@code size} fresh random bytes at offset 3 and appends them to the model. */
    MemorySegment newRegion(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        MemorySegment seg = arena.allocate(size + 7L);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 3, size);
        if (total + size > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, total + size));
        }
        System.arraycopy(b, 0, data, total, size);
        total += size;
        return seg;
    }

    Bvecq head() {
        return nodes.get(0).real;
    }

    Node last() {
        return nodes.get(nodes.size() - 1);
    }

    long nodeStart(int i) {
        long s = 0;
        for (int k = 0; k < i; k++) {
            s += nodes.get(k).bytes();
        }
        return s;
    }

    /** The logical offset of a raw position: bytes of every slot before it, plus its offset. */
    long logical(BvecqPos p) {
        long base = 0;
        for (Node n : nodes) {
            if (n.real == p.node()) {
                assertTrue(p.slot() <= n.lens.size(), "slot of " + p);
                long x = base;
                for (int s = 0; s < p.slot(); s++) {
                    x += n.lens.get(s);
                }
                assertTrue(p.slot() == n.lens.size() ? p.offset() == 0 : p.offset() <= n.lens.get(p.slot()),
                        "offset of " + p);
                return x + p.offset();
            }
            base += n.bytes();
        }
        throw new AssertionError(p + " is on a node outside the model chain");
    }

    /** A moved position is on a data byte, or parked past the last slot of the last node. */
    void assertNormalised(BvecqPos p, long logical) {
        Bvecq n = p.node();
        if (logical < total) {
            assertTrue(p.slot() < n.nrSlotsAcquire() && p.offset() < n.length(p.slot()), "not on a byte: " + p);
        } else {
            assertSame(last().real, n, "parked on the last node: " + p);
            assertEquals(n.nrSlotsAcquire(), p.slot(), "parked past the last slot: " + p);
            assertEquals(0, p.offset());
        }
    }

    /** The real chain has exactly the model's nodes, links, slots, kinds, fpos and flags. */
    void assertStructure() {
        Bvecq r = head();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            assertSame(n.real, r, "node " + i);
            assertEquals(n.lens.size(), r.nrSlotsAcquire(), "slots of node " + i);
            for (int s = 0; s < n.lens.size(); s++) {
                assertEquals(n.lens.get(s), r.length(s), "length of slot " + s + " of node " + i);
            }
            assertEquals(n.fpos, r.fpos());
            assertEquals(n.discontig, r.discontig());
            assertEquals(n.kind, r.disposal());
            assertSame(i == 0 ? null : nodes.get(i - 1).real, r.prev());
            r = r.nextAcquire();
        }
        assertEquals(null, r, "no node past the model's last");
        assertEquals(ownedDropped, owner.calls(), "only slots cut off by shorten are disposed while the chain lives");
    }

    /** Ends of data slots after logical offset {@code p}, in order. */
    List<Long> dataEndsAfter(long p) {
        List<Long> ends = new ArrayList<>();
        long x = 0;
        for (Node n : nodes) {
            for (long len : n.lens) {
                x += len;
                if (len > 0 && x > p) {
                    ends.add(x);
                }
            }
        }
        return ends;
    }

    /** The node index holding data byte {@code x < total}, and the fpos of that byte. */
    long fposOf(long x) {
        long base = 0;
        for (Node n : nodes) {
            long b = n.bytes();
            if (x < base + b) {
                return n.fpos + (x - base);
            }
            base += b;
        }
        throw new AssertionError("byte " + x + " is past the end " + total);
    }

    /** Reference slice: bytes of the next run from {@code p} within the limits, stopping before discontig nodes. */
    long expectedSlice(long p, long maxSize, int maxSlots) {
        long size = 0;
        int slots = 0;
        long x = 0;
        int lastNode = -1;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            for (long len : n.lens) {
                long start = x;
                x += len;
                if (len == 0 || x <= p) {
                    continue;
                }
                if (size > 0) {
                    for (int k = lastNode + 1; k <= i; k++) {
                        if (nodes.get(k).discontig) {
                            return size;
                        }
                    }
                }
                if (size == maxSize || slots == maxSlots) {
                    return size;
                }
                long avail = x - Math.max(start, p);
                long take = Math.min(avail, maxSize - size);
                size += take;
                slots++;
                lastNode = i;
                if (take < avail) {
                    return size;
                }
            }
        }
        return size;
    }

    byte[] expectedBytes(long from, long to) {
        return Arrays.copyOfRange(data, (int) from, (int) to);
    }

    void zeroModel(long from, long n) {
        Arrays.fill(data, (int) from, (int) (from + n), (byte) 0);
    }

    /**
     * Applies a successful shortenBuffer(nodes[i], j, size) to the model: returns the index of the new last node.
     */
    int shortenModel(int i, int j, long size) {
        long start = nodeStart(i);
        for (int s = 0; s < j; s++) {
            start += nodes.get(i).lens.get(s);
        }
        int a = i;
        int b = j;
        long keepInSlot = -1;
        if (size > 0) {
            long left = size;
            outer:
            for (a = i; a < nodes.size(); a++) {
                List<Long> lens = nodes.get(a).lens;
                for (b = a == i ? j : 0; b < lens.size(); b++) {
                    if (lens.get(b) >= left) {
                        keepInSlot = left;
                        break outer;
                    }
                    left -= lens.get(b);
                }
            }
        }
        Node cut = nodes.get(a);
        int keep = keepInSlot < 0 ? b : b + 1;
        if (keepInSlot >= 0) {
            cut.lens.set(b, keepInSlot);
        }
        for (int s = cut.lens.size() - 1; s >= keep; s--) {
            ownedDropped += cut.owned.get(s) ? 1 : 0;
            cut.lens.remove(s);
            cut.owned.remove(s);
        }
        while (nodes.size() > a + 1) {
            Node gone = nodes.remove(nodes.size() - 1);
            for (boolean o : gone.owned) {
                ownedDropped += o ? 1 : 0;
            }
            assertTrue(gone.real.isReleased(), "a node cut off by shorten is released");
        }
        total = (int) (start + size);
        return a;
    }

    @Override
    public void close() {
        arena.close();
    }
}
