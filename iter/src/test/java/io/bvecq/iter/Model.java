package io.bvecq.iter;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The flat model of an iterator: the logical bytes of its layout, where it started, how far it moved,
 * its count and truncated bytes, and where each piece lies (logical start, length, address).
 */
final class Model {
    final byte[] mem;
    final long base;
    final long[] pStart;
    final long[] pLen;
    final long[] pAddr;
    final boolean discard;
    long consumed;
    long count;
    long slack;

    Model(Layout l, long base, long count, boolean discard) {
        this.discard = discard;
        this.mem = discard ? new byte[0] : l.read();
        this.base = base;
        this.count = count;
        int n = discard ? 0 : l.pieces();
        pStart = new long[n];
        pLen = new long[n];
        pAddr = new long[n];
        long at = 0;
        for (int i = 0; i < n; i++) {
            pStart[i] = at;
            pLen[i] = l.lens.get(i);
            pAddr[i] = l.segs.get(i).address() + l.offs.get(i);
            at += pLen[i];
        }
    }

    long pos() {
        return base + consumed;
    }

    byte[] bytes(long from, long len) {
        return Arrays.copyOfRange(mem, (int) (pos() + from), (int) (pos() + from + len));
    }

    long singleSegCount() {
        if (count == 0) {
            return 0;
        }
        if (discard) {
            return count;
        }
        for (int i = 0; i < pLen.length; i++) {
            long end = pStart[i] + pLen[i];
            if (pLen[i] > 0 && pos() < end) {
                return Math.min(end - pos(), count);
            }
        }
        return 0;
    }

    /** Pieces intersecting [from, from+len) in logical offsets relative to pos: {addr, length} pairs. */
    long[][] cut(long from, long len) {
        long lo = pos() + from;
        long hi = lo + len;
        long[][] out = new long[pLen.length][];
        int k = 0;
        for (int i = 0; i < pLen.length; i++) {
            long s = Math.max(pStart[i], lo);
            long e = Math.min(pStart[i] + pLen[i], hi);
            if (e > s) {
                out[k++] = new long[] {pAddr[i] + (s - pStart[i]), e - s};
            }
        }
        return Arrays.copyOf(out, k);
    }

    long alignment() {
        long r = 0;
        for (long[] p : cut(0, count)) {
            r |= p[0] | p[1];
        }
        return r;
    }

    long gapAlignment() {
        long r = 0;
        long[][] c = cut(0, count);
        for (int i = 1; i < c.length; i++) {
            r |= (c[i - 1][0] + c[i - 1][1]) | c[i][0];
        }
        return r;
    }

    int npages(int max) {
        long pages = 0;
        for (long[] p : cut(0, count)) {
            pages += (p[0] + p[1] + 4095) / 4096 - p[0] / 4096;
        }
        return (int) Math.min(pages, max);
    }

    long limit(long start, long maxSize, int maxSegs) {
        long len = Math.min(maxSize, count - start);
        if (discard) {
            return maxSegs == 0 ? 0 : len;
        }
        long span = 0;
        long[][] c = cut(start, len);
        for (int i = 0; i < c.length && i < maxSegs; i++) {
            span += c[i][1];
        }
        return span;
    }

    static byte[] segBytes(MemorySegment s, long off, long len) {
        return s.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
}
