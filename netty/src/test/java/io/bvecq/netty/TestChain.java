package io.bvecq.netty;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;

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
