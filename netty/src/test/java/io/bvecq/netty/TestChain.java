package io.bvecq.netty;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * A test chain of {@link Disposal#NONE} nodes over random bytes: slot lengths as given (0 gives an empty
 * slot), a random number of slots per node (so many nodes), every third region on the heap. The chain's
 * bytes end to end are {@link #model}. Closing releases the caller's reference and the arena.
 */
final class TestChain implements AutoCloseable {
    final Arena arena = Arena.ofShared();
    final Bvecq head;
    final byte[] model;
    private boolean headReleased;

    TestChain(List<Integer> lengths, long seed) {
        Random rnd = new Random(seed);
        int total = 0;
        for (int len : lengths) {
            total += len;
        }
        model = new byte[total];
        rnd.nextBytes(model);
        Bvecq first = null;
        Bvecq tail = null;
        int at = 0;
        int i = 0;
        while (first == null || i < lengths.size()) {
            int slots = 1 + rnd.nextInt(4);
            Bvecq n = Bvecq.allocOne(slots, Disposal.NONE);
            for (int k = 0; k < slots && i < lengths.size(); k++, i++) {
                int len = lengths.get(i);
                if (len == 0) {
                    n.appendSlot(MemorySegment.NULL, 0, 0, null);
                    continue;
                }
                int pad = rnd.nextInt(3);
                MemorySegment s = i % 3 == 2 ? MemorySegment.ofArray(new byte[pad + len + 2])
                        : arena.allocate(pad + len + 2, 1);
                MemorySegment.copy(MemorySegment.ofArray(model), at, s, pad, len);
                n.appendSlot(s, pad, len, null);
                at += len;
            }
            if (first == null) {
                first = n;
            } else {
                tail.linkNext(n);
            }
            tail = n;
        }
        head = first;
    }

    /**
     * Random region lengths: many empty and one-byte regions, short ones, and a few around a chunk's size.
     */
    static Arbitrary<List<Integer>> lengths(int maxSize) {
        Arbitrary<Integer> one = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(6, Arbitraries.integers().between(2, 40)),
                Tuple.of(1, Arbitraries.of(4095, 4096, 4097, 9000)));
        return one.list().ofMaxSize(maxSize);
    }

    /** The bytes of a chain from its head, as the iterator copies them. */
    static byte[] bytes(Bvecq head, long n) {
        byte[] out = new byte[(int) n];
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, n)) {
            it.copyFromIter(MemorySegment.ofArray(out), 0, n);
        }
        return out;
    }

    /** Drops the test's own reference on the head (once); a view may still hold its own. */
    void releaseHead() {
        headReleased = true;
        head.release();
    }

    @Override
    public void close() {
        if (!headReleased) {
            releaseHead();
        }
        arena.close();
    }
}
