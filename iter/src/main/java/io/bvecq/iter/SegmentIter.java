package io.bvecq.iter;

import java.lang.foreign.MemorySegment;

/**
 * The single-segment iterator (kernel {@code ITER_UBUF}): the fast path for one contiguous region.
 * The place is {@code base + consumed}; nothing else to track.
 */
final class SegmentIter extends IoIter {
    private final MemorySegment segment;
    private final long base;
    private final long end;
    private long walkAt;
    private boolean walkDone;

    SegmentIter(Direction direction, MemorySegment segment, long offset, long length) {
        super(IterType.SEGMENT, direction, length);
        this.segment = segment;
        this.base = offset;
        this.end = offset + length;
    }

    @Override
    boolean writableWhenMade() {
        return true; // the factory checked the segment of a DEST iterator
    }

    @Override
    void move(long n, int mode, MemorySegment other, long otherOff) {
        Views.act(mode, segment, base + consumed, n, other, otherOff);
    }

    @Override
    void back(long n) {
        // the place is derived from consumed; nothing to walk
    }

    @Override
    void walkFrom(long start) {
        walkAt = base + consumed + start;
        walkDone = false;
    }

    @Override
    boolean walkNext() {
        long len = end - walkAt;
        if (walkDone || len <= 0) {
            return false;
        }
        walkDone = true;
        wSeg = segment;
        wOff = walkAt;
        wLen = len;
        wNode = null;
        return true;
    }
}
