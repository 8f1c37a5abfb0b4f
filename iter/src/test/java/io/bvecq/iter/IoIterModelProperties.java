package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.testing.LeakCheckHook;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Model-based tests: random layouts (empty and one-byte pieces, heap and native memory, many small
 * chain nodes, raw start places) and random operation sequences, compared after every step with a flat
 * {@code byte[]} model ({@link Model}). Out-of-range arguments are part of the sequences: they must be
 * rejected and change nothing.
 */
@AddLifecycleHook(LeakCheckHook.class)
class IoIterModelProperties {

    @Property(tries = 10000)
    void everyTypeMatchesTheModel(@ForAll IterType type, @ForAll Direction dir,
            @ForAll("lengths") List<Long> lengths, @ForAll("ops") List<int[]> ops, @ForAll long seed) {
        run(type, dir, lengths, ops, seed);
    }

    @Property(tries = 10000)
    void bvecqOverManyNodesMatchesTheModel(@ForAll Direction dir, @ForAll("manyLengths") List<Long> lengths,
            @ForAll("ops") List<int[]> ops, @ForAll long seed) {
        run(IterType.BVECQ, dir, lengths, ops, seed);
    }

    @Provide
    Arbitrary<List<Long>> lengths() {
        Arbitrary<Long> one = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(0, 9)),
                Tuple.of(1, Arbitraries.of(4095L, 4096L, 4097L, 6000L)));
        return one.list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<Long>> manyLengths() {
        return Arbitraries.longs().between(0, 3).list().ofMinSize(8).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<Integer> code = Arbitraries.integers().between(0, 17);
        Arbitrary<Integer> arg = Arbitraries.integers().between(0, 1 << 14);
        return Combinators.combine(code, arg, arg, arg).as((c, a, b, d) -> new int[] {c, a, b, d})
                .list().ofMaxSize(12);
    }

    private static void run(IterType type, Direction dir, List<Long> lengthList, List<int[]> ops, long seed) {
        Random rnd = new Random(seed);
        long[] lens = lengthList.stream().mapToLong(Long::longValue).toArray();
        if (type == IterType.SEGMENT) {
            lens = new long[] {lengthList.stream().mapToLong(Long::longValue).sum()};
        }
        if (type == IterType.DISCARD) {
            dir = Direction.DEST;
        }
        int n = lens.length;
        boolean[] heap = new boolean[n];
        long[] pad = new long[n];
        for (int i = 0; i < n; i++) {
            heap[i] = rnd.nextInt(3) == 0;
            pad[i] = rnd.nextBoolean() ? rnd.nextInt(4) : 4096 - rnd.nextInt(8);
        }
        int[] nodes = partition(n, rnd);
        try (Layout l = Layout.of(lens, heap, pad, nodes)) {
            byte[] init = new byte[(int) l.total()];
            rnd.nextBytes(init);
            l.write(init);
            long total = l.total();
            long start = type == IterType.DISCARD ? 0 : (long) (rnd.nextDouble() * (total + 1));
            long count = type == IterType.DISCARD ? rnd.nextInt(60) : (long) (rnd.nextDouble() * (total - start + 1));
            try (IoIter it = l.make(type, dir, start, count)) {
                Model mm = type == IterType.KVEC || type == IterType.BVEC ? shifted(l, start, count)
                        : new Model(l, start, count, type == IterType.DISCARD);
                IterState saved = new IterState();
                long[] savedModel = null;
                for (int[] op : ops) {
                    savedModel = step(it, mm, l, op, rnd, saved, savedModel);
                    compare(it, mm, l);
                }
            }
        }
    }

    /** KVEC and BVEC iterators were made at 0 and advanced to start: consumed already counts start. */
    private static Model shifted(Layout l, long start, long count) {
        Model m = new Model(l, 0, count, false);
        m.consumed = start;
        return m;
    }

    private static int[] partition(int pieces, Random rnd) {
        int[] tmp = new int[pieces + 2];
        int k = 0;
        int left = pieces;
        while (left > 0) {
            int s = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(Math.min(left, 4));
            tmp[k++] = s;
            left -= s;
            if (k == tmp.length) {
                tmp = java.util.Arrays.copyOf(tmp, k * 2);
            }
        }
        return java.util.Arrays.copyOf(tmp, Math.max(k, 1));
    }

    private static void compare(IoIter it, Model m, Layout l) {
        assertEquals(m.count, it.count(), "count");
        assertEquals(m.consumed, it.consumed(), "consumed");
        assertEquals(m.slack, it.truncated(), "truncated");
        if (!m.discard) {
            assertArrayEquals(m.mem, l.read(), "memory");
        }
    }

    private static long[] step(IoIter it, Model m, Layout l, int[] op, Random rnd, IterState saved, long[] savedModel) {
        long a = op[1];
        long b = op[2];
        int c = op[3];
        long bound = m.count + 1;
        switch (op[0]) {
            case 0, 1 -> { // advance, sometimes one past the end
                long k = a % (bound + 1);
                if (k > m.count) {
                    assertThrows(IndexOutOfBoundsException.class, () -> it.advance(k));
                } else {
                    it.advance(k);
                    m.consumed += k;
                    m.count -= k;
                }
            }
            case 2 -> { // revert, sometimes one past the start
                long k = a % (m.consumed + 2);
                if (k > m.consumed) {
                    assertThrows(IndexOutOfBoundsException.class, () -> it.revert(k));
                } else {
                    it.revert(k);
                    m.consumed -= k;
                    m.count += k;
                }
            }
            case 3, 4 -> { // copy in the iterator's direction
                long k = a % (bound + 3);
                long done = Math.min(k, m.count);
                MemorySegment other = MemorySegment.ofArray(new byte[(int) k + 5]);
                if (it.direction() == Direction.SOURCE) {
                    assertEquals(done, it.copyFromIter(other, 5, k));
                    assertArrayEquals(m.bytes(0, done), Model.segBytes(other, 5, done));
                } else {
                    byte[] data = new byte[(int) k + 5];
                    rnd.nextBytes(data);
                    other.copyFrom(MemorySegment.ofArray(data));
                    assertEquals(done, it.copyToIter(other, 5, k));
                    if (!m.discard) {
                        System.arraycopy(data, 5, m.mem, (int) m.pos(), (int) done);
                    }
                }
                m.consumed += done;
                m.count -= done;
            }
            case 5 -> { // zero (DEST) or the wrong-direction copy (SOURCE)
                if (it.direction() == Direction.DEST) {
                    long k = a % (bound + 3);
                    long done = Math.min(k, m.count);
                    assertEquals(done, it.zero(k));
                    if (!m.discard) {
                        java.util.Arrays.fill(m.mem, (int) m.pos(), (int) (m.pos() + done), (byte) 0);
                    }
                    m.consumed += done;
                    m.count -= done;
                } else {
                    assertThrows(IllegalStateException.class, () -> it.zero(1));
                    assertThrows(IllegalStateException.class,
                            () -> it.copyToIter(MemorySegment.ofArray(new byte[1]), 0, 1));
                }
            }
            case 6 -> { // truncate
                long k = a % (bound + 2);
                long cut = it.truncate(k);
                long want = Math.max(0, m.count - k);
                assertEquals(want, cut);
                m.count -= want;
                m.slack += want;
            }
            case 7 -> { // reexpand, sometimes too far
                long k = m.count + a % (m.slack + 2);
                if (k > m.count + m.slack) {
                    assertThrows(IndexOutOfBoundsException.class, () -> it.reexpand(k));
                } else {
                    it.reexpand(k);
                    m.slack -= k - m.count;
                    m.count = k;
                }
            }
            case 8 -> { // save
                it.save(saved);
                return new long[] {m.consumed, m.count, m.slack};
            }
            case 9 -> { // restore
                if (savedModel != null) {
                    it.restore(saved);
                    m.consumed = savedModel[0];
                    m.count = savedModel[1];
                    m.slack = savedModel[2];
                } else {
                    assertThrows(IllegalArgumentException.class, () -> it.restore(saved));
                }
            }
            case 10 -> { // measures
                assertEquals(m.singleSegCount(), it.singleSegCount(), "singleSegCount");
                assertEquals(m.alignment(), it.alignment(), "alignment");
                assertEquals(m.gapAlignment(), it.gapAlignment(), "gapAlignment");
                int max = (int) (a % 6);
                assertEquals(m.npages(max), it.npages(max), "npages");
                assertEquals(m.npages(Integer.MAX_VALUE), it.npages(Integer.MAX_VALUE), "npages uncapped");
            }
            case 11, 12 -> { // limit, sometimes with start past the count
                long start = a % (bound + 1);
                long maxSize = b % (m.count + 3);
                int maxSegs = c % 5;
                if (start > m.count) {
                    assertThrows(IndexOutOfBoundsException.class, () -> it.limit(start, maxSize, maxSegs));
                } else {
                    assertEquals(m.limit(start, maxSize, maxSegs), it.limit(start, maxSize, maxSegs), "limit");
                }
            }
            case 13 -> extract(it, m, a % (bound + 2), 1 + c % 4, false);
            case 14 -> extract(it, m, a % (bound + 2), 1 + c % 4, true);
            case 15 -> { // checksum
                long start = a % bound;
                long len = b % (m.count - start + 1);
                if (m.discard) {
                    assertThrows(UnsupportedOperationException.class, () -> it.crc32c(start, len));
                } else {
                    CRC32C want = new CRC32C();
                    want.update(m.bytes(start, len));
                    assertEquals((int) want.getValue(), it.crc32c(start, len));
                }
            }
            case 16 -> { // byte buffer views
                long start = a % bound;
                long len = b % (m.count - start + 1);
                if (m.discard) {
                    assertThrows(UnsupportedOperationException.class, () -> it.byteBuffers(start, len));
                } else {
                    ByteBuffer[] views = it.byteBuffers(start, len);
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    for (ByteBuffer v : views) {
                        assertTrue(v.remaining() > 0, "no empty views");
                        assertEquals(it.direction() == Direction.SOURCE, v.isReadOnly(), "read-only for SOURCE");
                        byte[] x = new byte[v.remaining()];
                        v.duplicate().get(x);
                        got.writeBytes(x);
                    }
                    assertArrayEquals(m.bytes(start, len), got.toByteArray());
                }
            }
            default -> { // wrong-direction copy out of a DEST iterator
                if (it.direction() == Direction.DEST) {
                    assertThrows(IllegalStateException.class,
                            () -> it.copyFromIter(MemorySegment.ofArray(new byte[1]), 0, 1));
                } else {
                    long k = a % bound;
                    MemorySegment ro = MemorySegment.ofArray(new byte[(int) k + 1]).asReadOnly();
                    assertThrows(IllegalArgumentException.class, () -> it.copyFromIter(ro, 0, k));
                }
            }
        }
        return savedModel;
    }

    private static void extract(IoIter it, Model m, long maxSize, int maxSegs, boolean pages) {
        Regions out = new Regions(4);
        if (m.discard) {
            assertThrows(UnsupportedOperationException.class, () -> it.extract(maxSize, maxSegs, out));
            return;
        }
        long got = pages ? it.extractPages(maxSize, maxSegs, out) : it.extract(maxSize, maxSegs, out);
        assertEquals(got, out.bytes());
        assertTrue(out.size() <= maxSegs);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < out.size(); i++) {
            assertTrue(out.length(i) > 0, "no empty regions");
            bytes.writeBytes(Model.segBytes(out.segment(i), out.offset(i), out.length(i)));
            if (pages) {
                long addr = out.segment(i).address() + out.offset(i);
                assertTrue(addr / 4096 == (addr + out.length(i) - 1) / 4096, "one page per region");
                if (i > 0) {
                    assertEquals(0, addr % 4096, "later regions start a page");
                }
                if (i < out.size() - 1) {
                    assertEquals(0, (addr + out.length(i)) % 4096, "earlier regions end a page");
                }
            }
        }
        assertArrayEquals(m.bytes(0, got), bytes.toByteArray());
        long want = Math.min(maxSize, m.count);
        if (!pages) {
            assertEquals(m.limit(0, maxSize, maxSegs), got, "extract takes what limit() measures");
        } else if (got < want && out.size() < maxSegs && got > 0) {
            // maximal: the next byte could not have been added
            long last = out.segment(out.size() - 1).address() + out.offset(out.size() - 1) + out.length(out.size() - 1);
            long[][] next = m.cut(got, 1);
            assertTrue(last % 4096 != 0 || next[0][0] % 4096 != 0, "extractPages stopped early at " + got);
        } else if (want > 0 && maxSegs > 0) {
            assertTrue(got > 0, "extractPages made progress");
        }
        m.consumed += got;
        m.count -= got;
    }
}
