package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.testing.LeakCheckHook;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random chains (0 B to 64 KiB slots, empty slots, up to 16 nodes of random capacity, random discontig
 * flags and kinds) driven by random operation sequences, compared after every step with a flat byte[] model:
 * logical offsets of two positions, remaining(), bytes read through the slots, slice and extract results,
 * the chain's structure and the disposal count.
 */
@AddLifecycleHook(LeakCheckHook.class)
class ChainModelProperties {
    sealed interface Op {
    }

    record Advance(long n) implements Op {
    }

    record AdvanceAtMost(long n) implements Op {
    }

    /** Advance to the k-th end of a data slot ahead (exact slot and node boundaries). */
    record AdvanceToBoundary(int k) implements Op {
    }

    /** Advance by remaining() + extra: extra 0 succeeds exactly, extra > 0 must fail. */
    record AdvanceRemaining(int extra) implements Op {
    }

    record Step() implements Op {
    }

    record Nudge() implements Op {
    }

    record Zero(long n) implements Op {
    }

    record Slice(long maxSize, int maxSlots) implements Op {
    }

    record Extract(long maxSize, int maxSlots) implements Op {
    }

    record ReleaseExtract(int index) implements Op {
    }

    record SetSecond() implements Op {
    }

    record SwapByTransfer() implements Op {
    }

    record SetSecondRaw(int node, int slot, long offset) implements Op {
    }

    record MoveSecondTo(int node) implements Op {
    }

    /** shortenBuffer(node, slot, size); mode 0 random size, 1 the exact content, 2 more than the content, 3 a slot end. */
    record Shorten(int node, int slot, int mode, long raw) implements Op {
    }

    record AppendRegion(int length, boolean none) implements Op {
    }

    // ---------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<ChainModel.NodeSpec>> layouts() {
        Arbitrary<Integer> slotSize = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(2, 64)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(65, 4096)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(4097, 65536)));
        Arbitrary<ChainModel.NodeSpec> node = Arbitraries.integers().between(1, 8).flatMap(cap ->
                Combinators.combine(slotSize.list().ofMaxSize(cap), Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2))
                        .as((sizes, dc, none) -> new ChainModel.NodeSpec(cap, sizes, dc == 0, none == 0)));
        return node.list().ofMinSize(1).ofMaxSize(16);
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(1L)),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(2, 200)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(200, 200_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Long.MAX_VALUE)));
    }

    private static Arbitrary<Integer> slotLimits() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 5)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(6, 40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Integer.MAX_VALUE)));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 1000);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, counts().map(Advance::new)),
                net.jqwik.api.Tuple.of(3, counts().map(AdvanceAtMost::new)),
                net.jqwik.api.Tuple.of(4, small.map(AdvanceToBoundary::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 2).map(AdvanceRemaining::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Step())),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Nudge())),
                net.jqwik.api.Tuple.of(2, counts().map(Zero::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(counts(), slotLimits()).as(Slice::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(counts(), slotLimits()).as(Extract::new)),
                net.jqwik.api.Tuple.of(2, small.map(ReleaseExtract::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new SetSecond())),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new SwapByTransfer())),
                net.jqwik.api.Tuple.of(1, Combinators.combine(small, small, Arbitraries.longs().between(0, 70_000))
                        .as(SetSecondRaw::new)),
                net.jqwik.api.Tuple.of(1, small.map(MoveSecondTo::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(small, small, Arbitraries.integers().between(0, 3),
                        Arbitraries.longs().between(0, 1L << 20)).as(Shorten::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 64)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(65, 65536))),
                        Arbitraries.of(true, false)).as(AppendRegion::new)));
        return op.list().ofMaxSize(40);
    }

    @Property
    void operationsMatchTheFlatModel(@ForAll("layouts") List<ChainModel.NodeSpec> layout,
            @ForAll("ops") List<Op> ops, @ForAll long seed) {
        try (ChainModel m = new ChainModel(layout, seed)) {
            new Run(m).run(ops);
        }
    }

    /** Slicing a chain to its end with random limits visits every byte once; extracts hold the same bytes. */
    @Property
    void slicesAndExtractsPartitionTheChain(@ForAll("layouts") List<ChainModel.NodeSpec> layout,
            @ForAll("limits") List<Long> limits, @ForAll long seed) {
        try (ChainModel m = new ChainModel(layout, seed)) {
            BvecqPos s = BvecqPos.at(m.head());
            BvecqPos e = BvecqPos.at(m.head());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            List<Bvecq> extracts = new ArrayList<>();
            long p = 0;
            int i = 0;
            while (p < m.total) {
                // at least 1/128 of the chain per slice, so a try takes at most ~128 + (data slots) steps
                long maxSize = Math.max(1 + m.total / 128, limits.get(i % limits.size()));
                int maxSlots = (int) Math.max(1, Math.min(Integer.MAX_VALUE, limits.get((i + 1) % limits.size()) % 7));
                i++;
                long want = m.expectedSlice(p, maxSize, maxSlots);
                assertTrue(want > 0, "progress");
                assertEquals(want, s.slice(maxSize, maxSlots));
                Bvecq ex = e.extract(maxSize, maxSlots);
                extracts.add(ex);
                got.writeBytes(Chains.bytesOf(ex));
                p += want;
                assertEquals(p, m.logical(s));
                assertEquals(p, m.logical(e));
            }
            assertEquals(0, s.slice(Long.MAX_VALUE, Integer.MAX_VALUE));
            assertNull(e.extract(Long.MAX_VALUE, Integer.MAX_VALUE));
            s.unset();
            e.unset();
            m.head().release();
            assertArrayEquals(m.expectedBytes(0, m.total), got.toByteArray(), "extracts readable after the source went");
            for (Bvecq ex : extracts) {
                ex.release();
            }
            assertEquals(m.ownedCreated, m.owner.calls());
        }
    }

    @Provide
    Arbitrary<List<Long>> limits() {
        return counts().list().ofMinSize(1).ofMaxSize(8);
    }

    // ---------------------------------------------------------------------------------------------------

    /** One try: the real positions and extracts, the model offsets, and the step checks. */
    private static final class Run {
        final ChainModel m;
        final BvecqPos pos;
        final BvecqPos second;
        long p;
        long q;
        boolean pNormal;
        boolean qNormal;
        final List<Bvecq> extracts = new ArrayList<>();
        final List<long[]> extractRanges = new ArrayList<>();

        Run(ChainModel m) {
            this.m = m;
            this.pos = BvecqPos.at(m.head());
            this.second = BvecqPos.at(m.head());
        }

        void run(List<Op> ops) {
            try {
                check();
                for (Op op : ops) {
                    apply(op);
                    check();
                }
                assertArrayEquals(m.expectedBytes(0, m.total), Chains.bytesOf(m.head()));
            } finally {
                m.head().release();
                pos.unset();
                second.unset();
            }
            for (int i = 0; i < extracts.size(); i++) {
                long[] r = extractRanges.get(i);
                assertArrayEquals(m.expectedBytes(r[0], r[1]), Chains.bytesOf(extracts.get(i)),
                        "extract readable after the source chain was released");
                extracts.get(i).release();
            }
            for (ChainModel.Node n : m.nodes) {
                assertTrue(n.real.isReleased());
            }
            assertEquals(m.ownedCreated, m.owner.calls(), "every owned slot disposed exactly once");
        }

        private void check() {
            m.assertStructure();
            assertEquals(p, m.logical(pos), "logical offset of the position");
            assertEquals(q, m.logical(second), "logical offset of the second position");
            if (pNormal) {
                m.assertNormalised(pos, p);
            }
            if (qNormal) {
                m.assertNormalised(second, q);
            }
            assertEquals(m.total - p, pos.remaining());
            assertEquals(p == m.total, pos.isAtEnd());
            long n = Math.min(m.total - p, 300);
            assertArrayEquals(m.expectedBytes(p, p + n), Chains.readFrom(pos, n), "bytes through the slots");
        }

        private void apply(Op op) {
            long rem = m.total - p;
            switch (op) {
                case Advance a -> advance(a.n());
                case AdvanceAtMost a -> {
                    long moved = Math.min(a.n(), rem);
                    assertEquals(moved, pos.advanceAtMost(a.n()));
                    p += moved;
                    pNormal = true;
                }
                case AdvanceToBoundary b -> {
                    List<Long> ends = m.dataEndsAfter(p);
                    advance(ends.isEmpty() ? 0 : ends.get(b.k() % ends.size()) - p);
                }
                case AdvanceRemaining r -> advance(rem + r.extra());
                case Step s -> {
                    long expect = 0;
                    if (rem > 0) {
                        expect = m.dataEndsAfter(p).get(0) - p;
                    }
                    assertEquals(expect, pos.step());
                    p += expect;
                    pNormal = true;
                }
                case Nudge n -> {
                    assertEquals(rem > 0, pos.nudge());
                    pNormal = true;
                }
                case Zero z -> {
                    if (z.n() > rem) {
                        unchanged(IndexOutOfBoundsException.class, () -> pos.zero(z.n()));
                    } else {
                        pos.zero(z.n());
                        m.zeroModel(p, z.n());
                        p += z.n();
                        pNormal = true;
                    }
                }
                case Slice s -> {
                    long want = m.expectedSlice(p, s.maxSize(), s.maxSlots());
                    assertEquals(want, pos.slice(s.maxSize(), s.maxSlots()), s.toString());
                    p += want;
                    pNormal = true;
                }
                case Extract e -> extract(e);
                case ReleaseExtract r -> {
                    if (!extracts.isEmpty()) {
                        int i = r.index() % extracts.size();
                        long[] range = extractRanges.remove(i);
                        Bvecq ex = extracts.remove(i);
                        assertArrayEquals(m.expectedBytes(range[0], range[1]), Chains.bytesOf(ex));
                        assertTrue(ex.release());
                    }
                }
                case SetSecond s -> {
                    second.set(pos);
                    q = p;
                    qNormal = pNormal;
                }
                case SwapByTransfer s -> {
                    BvecqPos tmp = new BvecqPos();
                    tmp.transfer(pos);
                    assertFalse(pos.isSet());
                    pos.transfer(second);
                    second.transfer(tmp);
                    long t = p;
                    p = q;
                    q = t;
                    boolean tn = pNormal;
                    pNormal = qNormal;
                    qNormal = tn;
                }
                case SetSecondRaw r -> {
                    int ni = r.node() % m.nodes.size();
                    ChainModel.Node n = m.nodes.get(ni);
                    int slot = r.slot() % (n.lens.size() + 1);
                    long max = slot == n.lens.size() ? 0 : n.lens.get(slot);
                    long off = r.offset() % (max + 1);
                    second.set(n.real, slot, off);
                    long x = m.nodeStart(ni) + off;
                    for (int s = 0; s < slot; s++) {
                        x += n.lens.get(s);
                    }
                    q = x;
                    qNormal = false;
                }
                case MoveSecondTo t -> {
                    int ni = t.node() % m.nodes.size();
                    second.moveTo(m.nodes.get(ni).real);
                    q = m.nodeStart(ni);
                    qNormal = false;
                }
                case Shorten s -> shorten(s);
                case AppendRegion a -> append(a);
            }
        }

        private void advance(long n) {
            if (n > m.total - p) {
                unchanged(IndexOutOfBoundsException.class, () -> pos.advance(n));
            } else {
                pos.advance(n);
                p += n;
                pNormal = true;
            }
        }

        private void extract(Extract e) {
            long want = m.expectedSlice(p, e.maxSize(), e.maxSlots());
            Bvecq ex = pos.extract(e.maxSize(), e.maxSlots());
            pNormal = true;
            if (want == 0) {
                assertNull(ex, e.toString());
                return;
            }
            assertEquals(want, BvecqBuffers.totalBytes(ex), e.toString());
            assertArrayEquals(m.expectedBytes(p, p + want), Chains.bytesOf(ex));
            int slots = 0;
            long off = 0;
            for (Bvecq n = ex; n != null; n = n.nextAcquire()) {
                assertEquals(Disposal.NONE, n.disposal());
                assertEquals(m.fposOf(p + off), n.fpos(), "fpos of an extract node");
                for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                    slots += n.length(s) > 0 ? 1 : 0;
                }
                off += n.bytes();
            }
            assertTrue(slots <= e.maxSlots(), "slots " + slots + " within " + e);
            extracts.add(ex);
            extractRanges.add(new long[] {p, p + want});
            p += want;
        }

        private void shorten(Shorten s) {
            int ni = s.node() % m.nodes.size();
            ChainModel.Node n = m.nodes.get(ni);
            int slot = s.slot() % (n.lens.size() + 1);
            long start = m.nodeStart(ni);
            for (int k = 0; k < slot; k++) {
                start += n.lens.get(k);
            }
            long content = m.total - start;
            long size = switch (s.mode()) {
                case 0 -> s.raw() % (content + 1);
                case 1 -> content;
                case 2 -> content + 1 + s.raw() % 5;
                default -> {
                    List<Long> ends = m.dataEndsAfter(start);
                    yield ends.isEmpty() ? 0 : ends.get((int) (s.raw() % ends.size())) - start;
                }
            };
            if (size > content) {
                IllegalArgumentException e = unchanged(IllegalArgumentException.class,
                        () -> BvecqBuffers.shortenBuffer(n.real, slot, size));
                assertTrue(e.getMessage().startsWith("size: " + size + " (expected: 0 <= size <= " + content),
                        e.getMessage());
                return;
            }
            if (!extracts.isEmpty()) {
                return; // shortening is for chains not yet shared; extracts share it
            }
            long cut = start + size;
            boolean movePos = p >= cut;
            boolean moveSecond = q >= cut;
            if (movePos) {
                pos.unset();
            }
            if (moveSecond) {
                second.unset();
            }
            Bvecq newTail = BvecqBuffers.shortenBuffer(n.real, slot, size);
            int last = m.shortenModel(ni, slot, size);
            assertSame(m.nodes.get(last).real, newTail);
            assertEquals(last, m.nodes.size() - 1);
            if (movePos) {
                pos.moveTo(m.head());
                p = 0;
                pNormal = false;
            }
            if (moveSecond) {
                second.moveTo(m.head());
                q = 0;
                qNormal = false;
            }
        }

        private void append(AppendRegion a) {
            java.lang.foreign.MemorySegment seg = m.newRegion(a.length());
            Disposal kind = a.none() ? Disposal.NONE : Disposal.UNLOCK;
            ChainModel.Node tail = m.last();
            Bvecq got = BvecqBuffers.appendRegion(tail.real, kind, seg, 3, a.length(), a.none() ? null : m.owner);
            ChainModel.Node into = tail;
            if (tail.kind != kind || tail.lens.size() == tail.capacity) {
                into = new ChainModel.Node(got, Bvecq.DEFAULT_SLOTS, kind, tail.fpos + tail.bytes(), false);
                m.nodes.add(into);
                assertTrue(got != tail.real, "a new node for another kind or a full tail");
            } else {
                assertSame(tail.real, got);
            }
            into.lens.add((long) a.length());
            into.owned.add(!a.none());
            m.ownedCreated += a.none() ? 0 : 1;
            // a parked position stays where it was: past the old last slot, which may now be a slot or an
            // earlier node; its logical offset is unchanged and the next move normalises it
            pNormal = false;
            qNormal = false;
        }

        private <T extends Throwable> T unchanged(Class<T> type, org.junit.jupiter.api.function.Executable call) {
            Snapshot before = Snapshot.of(m.head(), pos, second);
            T e = assertThrows(type, call);
            assertEquals(before, Snapshot.of(m.head(), pos, second), "a rejected call changes nothing");
            return e;
        }
    }
}
