package io.bvecq.io;

/**
 * A run of file offsets {@code [offset, offset + length)}, as found by {@link IoFile#dataExtents}.
 *
 * @param offset the first byte, {@code >= 0}
 * @param length the bytes, {@code > 0}
 */
public record Extent(long offset, long length) {
    /**
     * Validates the range.
     *
     * @param offset the first byte, {@code >= 0}
     * @param length the bytes, {@code > 0}
     * @throws IllegalArgumentException if {@code offset < 0} or {@code length <= 0}
     */
    public Extent {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: offset >= 0)");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length > 0)");
        }
    }

    /**
     * The first offset after the extent.
     *
     * @return {@code offset + length}
     */
    public long end() {
        return offset + length;
    }
}
