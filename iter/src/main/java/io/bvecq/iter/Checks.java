package io.bvecq.iter;

import java.lang.foreign.MemorySegment;

/** The argument checks the factories and the operations share; each throws before anything changes. */
final class Checks {
    private Checks() {
    }

    /** Rejects {@code [offset, offset + length)} unless it lies within {@code seg}. */
    static void region(MemorySegment seg, long offset, long length, String name) {
        long size = seg.byteSize();
        if (offset < 0 || offset > size) {
            throw new IndexOutOfBoundsException(name + " offset: " + offset + " (expected: 0 <= offset <= " + size + ")");
        }
        if (length < 0 || length > size - offset) {
            throw new IndexOutOfBoundsException(name + " length: " + length + " (expected: 0 <= length <= "
                    + (size - offset) + ")");
        }
    }

    /**
     * The one rule for memory a DEST iterator is made over: every segment must be writable, whatever the
     * length of its region (an empty region of a read-only segment is rejected too).
     */
    static void writable(Direction direction, MemorySegment seg, String name) {
        if (direction == Direction.DEST && seg.isReadOnly()) {
            throw new IllegalArgumentException(name + ": " + seg + " is read-only (expected: writable memory for a DEST iterator)");
        }
    }

    /** Rejects a negative size or segment limit. */
    static void limits(long maxSize, int maxSegs, String segsName) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: maxSize >= 0)");
        }
        if (maxSegs < 0) {
            throw new IllegalArgumentException(segsName + ": " + maxSegs + " (expected: " + segsName + " >= 0)");
        }
    }
}
