package io.bvecq.iter;

import java.lang.foreign.MemorySegment;

/** The DISCARD iterator: a count and nothing else; writes are counted and dropped. */
final class DiscardIter extends IoIter {
    DiscardIter(long count) {
        super(IterType.DISCARD, Direction.DEST, count);
    }

    @Override
    boolean writableWhenMade() {
        return true; // no memory to write
    }

    @Override
    void move(long n, int mode, MemorySegment other, long otherOff) {
        // no memory: the count is all there is
    }

    @Override
    void back(long n) {
    }

    @Override
    void walkFrom(long start) {
    }

    @Override
    boolean walkNext() {
        return false;
    }

    @Override
    public long singleSegCount() {
        checkOpen("singleSegCount");
        return count;
    }

    @Override
    long limitFrom(long start, long maxSize, int maxSegs) {
        return maxSegs == 0 ? 0 : Math.min(maxSize, count - start);
    }
}
