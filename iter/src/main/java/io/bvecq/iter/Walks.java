package io.bvecq.iter;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.Checksum;

/**
 * The read-only walks behind {@link IoIter}'s measures, extraction and views, written once for every
 * type over the walk cursor each type provides ({@code walkFrom}/{@code walkNext}). Arguments were
 * checked by the public method; nothing here moves the iterator.
 */
final class Walks {
    private static final long PAGE_MASK = IoIter.PAGE_SIZE - 1;

    private Walks() {
    }

    static long alignment(IterCore it) {
        long res = 0;
        long left = it.count;
        it.walkFrom(0);
        while (left > 0 && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            res |= (it.wSeg.address() + it.wOff) | t;
            left -= t;
        }
        return res;
    }

    static long gapAlignment(IterCore it) {
        long res = 0;
        long left = it.count;
        boolean first = true;
        long prevEnd = 0;
        it.walkFrom(0);
        while (left > 0 && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            long start = it.wSeg.address() + it.wOff;
            if (!first) {
                res |= prevEnd | start;
            }
            first = false;
            prevEnd = start + t;
            left -= t;
        }
        return res;
    }

    static int npages(IterCore it, int maxPages) {
        long pages = 0;
        long left = it.count;
        it.walkFrom(0);
        while (left > 0 && pages < maxPages && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            long a = it.wSeg.address() + it.wOff;
            pages += (a + t + PAGE_MASK) / IoIter.PAGE_SIZE - a / IoIter.PAGE_SIZE;
            left -= t;
        }
        return (int) Math.min(pages, maxPages);
    }

    static boolean allNative(IterCore it) {
        long left = it.count;
        it.walkFrom(0);
        while (left > 0 && it.walkNext()) {
            if (!it.wSeg.isNative()) {
                return false;
            }
            left -= Math.min(it.wLen, left);
        }
        return true;
    }

    /**
     * Rejects a write of the next {@code n} bytes, before any is written, if a piece of them from {@code from}
     * on is read-only (the bytes before {@code from} were checked by an earlier write).
     */
    static void checkWritable(IterCore it, long from, long n, String what) {
        long left = n - from;
        it.walkFrom(from);
        while (left > 0 && it.walkNext()) {
            if (it.wSeg.isReadOnly()) {
                throw new IllegalArgumentException(what + "(): bytes " + it.consumed + ".." + (it.consumed + n)
                        + " of " + it + " reach read-only memory " + it.wSeg + " (expected: writable memory for a DEST"
                        + " iterator); nothing was written");
            }
            left -= Math.min(it.wLen, left);
        }
    }

    /** Fills {@code out} (already cleared) with native address/length entries; returns the bytes described. */
    static long iovecs(IterCore it, long maxSize, Iovecs out) {
        long left = Math.min(maxSize, it.count);
        it.walkFrom(0);
        while (left > 0 && out.hasRoom() && it.walkNext()) {
            MemorySegment seg = it.wSeg;
            if (!seg.isNative()) {
                throw new UnsupportedOperationException("fillIovecs(): " + seg + " in " + it
                        + " is heap memory (expected: native memory, whose address the kernel can use)");
            }
            if (seg.isReadOnly() && it.direction() == Direction.DEST) {
                throw new IllegalArgumentException("fillIovecs(): " + seg + " in " + it
                        + " is read-only (expected: writable memory for the kernel to read into)");
            }
            if (!seg.scope().isAlive()) {
                throw new IllegalStateException("fillIovecs(): the arena of " + seg + " in " + it + " was closed");
            }
            long t = Math.min(it.wLen, left);
            out.add(seg.address() + it.wOff, t);
            left -= t;
        }
        return out.bytes();
    }

    static long singleSegCount(IterCore it) {
        if (it.count == 0) {
            return 0;
        }
        it.walkFrom(0);
        return it.walkNext() ? Math.min(it.wLen, it.count) : 0;
    }

    /** Only pieces with bytes count against {@code maxSegs}; a piece cut by {@code start} counts once. */
    static long limit(IterCore it, long start, long maxSize, int maxSegs) {
        long left = Math.min(maxSize, it.count - start);
        long span = 0;
        int segs = 0;
        it.walkFrom(start);
        while (left > 0 && segs < maxSegs && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            span += t;
            left -= t;
            segs++;
        }
        return span;
    }

    /** Fills {@code out} (already cleared) with whole pieces; returns the bytes described. */
    static long regions(IterCore it, long maxSize, int maxSegs, Regions out) {
        long left = Math.min(maxSize, it.count);
        it.walkFrom(0);
        while (left > 0 && out.size() < maxSegs && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            out.add(it.wSeg, it.wOff, t, it.wNode);
            left -= t;
        }
        return out.bytes();
    }

    /** Fills {@code out} (already cleared) with page pieces that form one gap-free page list. */
    static long pages(IterCore it, long maxSize, int maxPages, Regions out) {
        long left = Math.min(maxSize, it.count);
        it.walkFrom(0);
        while (left > 0 && out.size() < maxPages && it.walkNext()) {
            long len = Math.min(it.wLen, left);
            long addr = it.wSeg.address() + it.wOff;
            if (out.size() > 0 && (addr & PAGE_MASK) != 0) {
                break; // a later piece must start a page
            }
            long off = it.wOff;
            long rem = len;
            while (rem > 0 && out.size() < maxPages) {
                long a = it.wSeg.address() + off;
                long t = Math.min(rem, IoIter.PAGE_SIZE - (a & PAGE_MASK));
                out.add(it.wSeg, off, t, it.wNode);
                off += t;
                rem -= t;
            }
            left -= len - rem;
            if (rem > 0 || ((addr + len) & PAGE_MASK) != 0) {
                break; // out of pages, or this piece ends mid-page and nothing may follow it
            }
        }
        return out.bytes();
    }

    static void checksum(IterCore it, Checksum sum, long start, long len) {
        long left = len;
        it.walkFrom(start);
        while (left > 0 && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            Views.update(sum, it.wSeg, it.wOff, t);
            left -= t;
        }
    }

    static ByteBuffer[] byteBuffers(IterCore it, long start, long len, boolean readOnly) {
        int n = 0;
        long left = len;
        it.walkFrom(start);
        while (left > 0 && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            Views.checkViewable(it.wSeg);
            n += Views.pieces(t);
            left -= t;
        }
        ByteBuffer[] out = new ByteBuffer[n];
        int i = 0;
        left = len;
        it.walkFrom(start);
        while (left > 0 && it.walkNext()) {
            long t = Math.min(it.wLen, left);
            i = Views.fill(out, i, it.wSeg, it.wOff, t, readOnly);
            left -= t;
        }
        return out;
    }
}
