package io.bvecq.internal;

import java.lang.foreign.MemorySegment;

/**
 * The copy loops of {@link SlotCursor#forward}'s OUT and IN modes, one node's slots at a time. They take the
 * node's arrays as the cursor loaded them (below a count read with acquire) and check nothing themselves:
 * FFM checks each copy's bounds and liveness, and the cursor chose the range.
 *
 * <p>Two shapes of the whole-slot loop: over any slots (a slot's bytes start at its offset, and its length is
 * its prefix sum less the one before), and over slots that are whole segments (the node's part marker says
 * so), which is the loop of a plain {@code MemorySegment[]} walk.
 *
 * <p>Threads: stateless; the caller's thread rule for the chain applies.
 */
final class SlotCopies {
    private SlotCopies() {
    }

    /** One copy between a slot's memory and {@code other}: out of the slot for OUT, into it for IN. */
    static void copy(boolean out, MemorySegment seg, long segOff, MemorySegment other, long otherOff, long len) {
        if (out) {
            MemorySegment.copy(seg, segOff, other, otherOff, len);
        } else {
            MemorySegment.copy(other, otherOff, seg, segOff, len);
        }
    }

    /**
     * Copies slots {@code [from, to)} of a node whole into {@code other}, node byte {@code b} landing at
     * {@code other[at + b]}; {@code before} is the node bytes before slot {@code from}. A slot's length is its
     * prefix sum less the one before, so the loop loads one sum, one segment and one offset per slot.
     */
    static void outWhole(MemorySegment[] segs, long[] offs, long[] ends, int from, int to, long before,
            MemorySegment other, long at) {
        long prev = before;
        for (int i = from; i < to; i++) {
            long end = ends[i];
            MemorySegment.copy(segs[i], offs[i], other, at + prev, end - prev);
            prev = end;
        }
    }

    /**
     * Copies slots {@code [from, to)} into {@code other} from {@code at} on, where each slot is its whole
     * segment (offset 0, length the segment's size): the loop of a plain {@code MemorySegment[]} walk, whose
     * per-slot bounds check on the slot's side FFM can fold (from 0 over the whole size).
     */
    static void outSegments(MemorySegment[] segs, int from, int to, MemorySegment other, long at) {
        long pos = at;
        for (int i = from; i < to; i++) {
            MemorySegment seg = segs[i];
            long len = seg.byteSize();
            MemorySegment.copy(seg, 0, other, pos, len);
            pos += len;
        }
    }

    /** As {@link #outSegments}, the other way: slots {@code [from, to)} filled from {@code other} at {@code at} on. */
    static void inSegments(MemorySegment[] segs, int from, int to, MemorySegment other, long at) {
        long pos = at;
        for (int i = from; i < to; i++) {
            MemorySegment seg = segs[i];
            long len = seg.byteSize();
            MemorySegment.copy(other, pos, seg, 0, len);
            pos += len;
        }
    }

    /** As {@link #outWhole}, the other way: slots {@code [from, to)} filled from {@code other[at + b]}. */
    static void inWhole(MemorySegment[] segs, long[] offs, long[] ends, int from, int to, long before,
            MemorySegment other, long at) {
        long prev = before;
        for (int i = from; i < to; i++) {
            long end = ends[i];
            MemorySegment.copy(other, at + prev, segs[i], offs[i], end - prev);
            prev = end;
        }
    }
}
