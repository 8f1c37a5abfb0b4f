package io.bvecq.io;

/**
 * The shape of one write as the policy sees it: where it goes, how long it is, how its memory is
 * aligned and whose memory it is.
 *
 * @param fileOffset the file position of the first byte, {@code >= 0}
 * @param length the bytes to write, {@code >= 0}
 * @param memAlignment the OR of every memory segment's start address and length in the write, as the
 *     iterators' alignment operation computes it (what {@code O_DIRECT} checks); 0 for an empty write.
 *     The memory is aligned for a sink when {@code (memAlignment & (dioMemAlign - 1)) == 0}.
 * @param stableSource {@code true} if the memory is toolkit-owned and nothing modifies it while the write
 *     is in flight (a pooled copy); {@code false} for the caller's memory, which may change at any time
 */
public record WriteShape(long fileOffset, long length, long memAlignment, boolean stableSource) {
    /**
     * Checks a shape.
     *
     * @param fileOffset {@code >= 0}
     * @param length {@code >= 0}
     * @param memAlignment {@code >= 0}
     * @param stableSource whether the memory is stable toolkit memory
     * @throws IllegalArgumentException if a value is negative
     */
    public WriteShape {
        check(fileOffset, length, memAlignment);
    }

    /** The constructor's checks, for a decision made from the numbers without a shape. */
    static void check(long fileOffset, long length, long memAlignment) {
        if (fileOffset < 0) {
            throw new IllegalArgumentException("fileOffset: " + fileOffset + " (expected: fileOffset >= 0)");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length >= 0)");
        }
        if (memAlignment < 0) {
            throw new IllegalArgumentException("memAlignment: " + memAlignment + " (expected: memAlignment >= 0)");
        }
    }

    /**
     * A write from the caller's memory, which the caller may modify at any time.
     *
     * @param fileOffset {@code >= 0}
     * @param length {@code >= 0}
     * @param memAlignment the OR of segment addresses and lengths, {@code >= 0}
     * @return the shape, {@code stableSource == false}
     * @throws IllegalArgumentException if a value is negative
     */
    public static WriteShape callerMemory(long fileOffset, long length, long memAlignment) {
        return new WriteShape(fileOffset, length, memAlignment, false);
    }

    /**
     * A write from toolkit memory that nothing modifies while the write is in flight.
     *
     * @param fileOffset {@code >= 0}
     * @param length {@code >= 0}
     * @param memAlignment the OR of segment addresses and lengths, {@code >= 0}
     * @return the shape, {@code stableSource == true}
     * @throws IllegalArgumentException if a value is negative
     */
    public static WriteShape toolkitMemory(long fileOffset, long length, long memAlignment) {
        return new WriteShape(fileOffset, length, memAlignment, true);
    }
}
