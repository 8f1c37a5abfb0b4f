package io.bvecq.uring;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Memory layouts for the uring tests: one request's bytes laid out as a random iterator type. */
final class TestMem {
    private TestMem() {
    }

    /** The iterator types the tests draw from. */
    enum Kind { ALIGNED, MISALIGNED, KVEC, HEAP, CHAIN }

    /** One request's memory: its iterator, and how to read its bytes back. */
    static final class Buf {
        final IoIter it;
        final List<MemorySegment> pieces;
        final Bvecq chain;

        Buf(IoIter it, List<MemorySegment> pieces, Bvecq chain) {
            this.it = it;
            this.pieces = pieces;
            this.chain = chain;
        }

        /** The bytes of the memory, in iterator order. */
        byte[] bytes() {
            long n = 0;
            for (MemorySegment s : pieces) {
                n += s.byteSize();
            }
            byte[] out = new byte[(int) n];
            int at = 0;
            for (MemorySegment s : pieces) {
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, out, at, (int) s.byteSize());
                at += (int) s.byteSize();
            }
            return out;
        }
    }

    /** Memory of {@code len} bytes as {@code kind}, holding {@code data} (for a source) or zeros. */
    static Buf make(Kind kind, Direction d, int len, byte[] data, Arena arena, BufferPool pool, Random rnd) {
        List<MemorySegment> pieces = new ArrayList<>();
        Bvecq chain = null;
        switch (kind) {
            case ALIGNED -> pieces.add(arena.allocate(Math.max(1, len), 4096).asSlice(0, len));
            case MISALIGNED -> pieces.add(arena.allocate(len + 8L, 8).asSlice(1 + rnd.nextInt(7), len));
            case HEAP -> pieces.add(MemorySegment.ofArray(new byte[len]));
            case KVEC -> {
                int left = len;
                while (left > 0) {
                    int p = Math.min(left, 1 + rnd.nextInt(Math.max(1, len / 3 + 1)));
                    pieces.add(arena.allocate(p, 4096).asSlice(0, p));
                    left -= p;
                }
            }
            case CHAIN -> {
                chain = BvecqBuffers.allocBuffer(pool, len, 0);
                for (Bvecq n = chain; n != null; n = n.nextAcquire()) {
                    for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                        pieces.add(n.segment(s).asSlice(n.offset(s), n.length(s)));
                    }
                }
                long total = BvecqBuffers.totalBytes(chain);
                if (total > len) { // trim the view to len
                    List<MemorySegment> cut = new ArrayList<>();
                    long left = len;
                    for (MemorySegment s : pieces) {
                        long take = Math.min(left, s.byteSize());
                        if (take > 0) {
                            cut.add(s.asSlice(0, take));
                        }
                        left -= take;
                    }
                    pieces.clear();
                    pieces.addAll(cut);
                }
            }
        }
        if (data != null) {
            int at = 0;
            for (MemorySegment s : pieces) {
                MemorySegment.copy(data, at, s, ValueLayout.JAVA_BYTE, 0, (int) s.byteSize());
                at += (int) s.byteSize();
            }
        }
        IoIter it = kind == Kind.CHAIN ? IoIter.bvecq(d, chain, 0, 0, len)
                : pieces.size() == 1 ? IoIter.segment(d, pieces.get(0)) : IoIter.kvec(d, pieces.toArray(MemorySegment[]::new));
        return new Buf(it, pieces, chain);
    }
}
