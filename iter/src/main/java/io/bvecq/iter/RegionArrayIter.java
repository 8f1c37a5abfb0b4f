package io.bvecq.iter;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The segment-array and region-array iterators (kernel {@code ITER_KVEC} and {@code ITER_BVEC}): both
 * are a list of (segment, offset, length); a KVEC has offset 0 and the whole segment.
 *
 * <p>The place is {@code (idx, off)} with {@code 0 <= off <= lengths[idx]}: the end of a region and the
 * start of the next are the same logical place, and moves stop wherever the bytes run out without
 * normalising, so {@code back} can always step back over empty regions.
 */
final class RegionArrayIter extends IoIter {
    private final MemorySegment[] segments;
    private final long[] offsets;
    private final long[] lengths;
    private int idx;
    private long off;
    private int walkIdx;
    private long walkOff;

    private RegionArrayIter(IterType type, Direction direction, MemorySegment[] segments, long[] offsets,
            long[] lengths, long count) {
        super(type, direction, count);
        this.segments = segments;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /** {@link IoIter#kvec(Direction, MemorySegment[], long)}: whole segments; the array is copied. */
    static RegionArrayIter ofKvec(Direction direction, MemorySegment[] segments, long count) {
        int n = segments.length;
        MemorySegment[] segs = segments.clone();
        long[] offs = new long[n];
        long[] lens = new long[n];
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(segs[i], "segments[" + i + "]");
            lens[i] = segs[i].byteSize();
        }
        return create(IterType.KVEC, direction, segs, offs, lens, count);
    }

    /** {@link IoIter#bvec(Direction, MemorySegment[], long[], long[], long)}: the arrays are copied, then checked. */
    static RegionArrayIter ofBvec(Direction direction, MemorySegment[] segments, long[] offsets, long[] lengths,
            long count) {
        if (offsets.length != segments.length || lengths.length != segments.length) {
            throw new IllegalArgumentException("offsets.length: " + offsets.length + ", lengths.length: "
                    + lengths.length + " (expected: both == segments.length == " + segments.length + ")");
        }
        MemorySegment[] segs = segments.clone();
        long[] offs = offsets.clone();
        long[] lens = lengths.clone();
        long total = 0;
        for (int i = 0; i < segs.length; i++) {
            Objects.requireNonNull(segs[i], "segments[" + i + "]");
            Checks.region(segs[i], offs[i], lens[i], "segments[" + i + "]");
            total += lens[i];
        }
        return create(IterType.BVEC, direction, segs, offs, lens, count == -1 ? total : count);
    }

    /** The arrays are the iterator's own copies, already checked region by region. */
    private static RegionArrayIter create(IterType type, Direction direction, MemorySegment[] segments,
            long[] offsets, long[] lengths, long count) {
        long total = 0;
        for (int i = 0; i < segments.length; i++) {
            total += lengths[i];
            Checks.writable(direction, segments[i], "segments[" + i + "]"); // empty regions too: one rule
        }
        if (count < 0 || count > total) {
            throw new IndexOutOfBoundsException("count: " + count + " (expected: 0 <= count <= " + total
                    + ", the bytes in the " + type + ")");
        }
        return new RegionArrayIter(type, direction, segments, offsets, lengths, count);
    }

    @Override
    boolean writableWhenMade() {
        return true; // create() checked every segment of a DEST iterator
    }

    @Override
    void move(long n, int mode, MemorySegment other, long otherOff) {
        int i = idx;
        long o = off;
        long done = 0;
        while (done < n) {
            long avail = lengths[i] - o;
            if (avail == 0) {
                i++;
                o = 0;
                continue;
            }
            long t = Math.min(avail, n - done);
            Views.act(mode, segments[i], offsets[i] + o, t, other, otherOff + done);
            o += t;
            done += t;
        }
        idx = i;
        off = o;
    }

    @Override
    void back(long n) {
        int i = idx;
        long o = off;
        long left = n;
        while (left > 0) {
            if (o == 0) {
                i--;
                o = lengths[i];
                continue;
            }
            long t = Math.min(o, left);
            o -= t;
            left -= t;
        }
        idx = i;
        off = o;
    }

    @Override
    void walkFrom(long start) {
        int i = idx;
        long o = off;
        long left = start;
        while (left > 0) {
            long avail = lengths[i] - o;
            if (avail == 0) {
                i++;
                o = 0;
                continue;
            }
            long t = Math.min(avail, left);
            o += t;
            left -= t;
        }
        walkIdx = i;
        walkOff = o;
    }

    @Override
    boolean walkNext() {
        int i = walkIdx;
        long o = walkOff;
        while (i < lengths.length) {
            long avail = lengths[i] - o;
            if (avail > 0) {
                wSeg = segments[i];
                wOff = offsets[i] + o;
                wLen = avail;
                wNode = null;
                walkIdx = i + 1;
                walkOff = 0;
                return true;
            }
            i++;
            o = 0;
        }
        walkIdx = i;
        walkOff = 0;
        return false;
    }
}
