package io.bvecq.netfs;

/**
 * One run of a cache's occupancy (kernel {@code fscache_occupancy} extent): bytes the cache holds, or bytes it
 * knows to be zero.
 *
 * @param start the first object position, {@code >= 0}
 * @param length the bytes, {@code >= 1}
 * @param data {@code true} if the cache holds the bytes (read them from the cache); {@code false} if they are
 *     known zeroes (fill them with zeroes, read nothing)
 */
public record CacheExtent(long start, long length, boolean data) {
    /**
     * Checks the extent.
     *
     * @throws IllegalArgumentException if {@code start < 0}, {@code length < 1} or the end overflows
     */
    public CacheExtent {
        if (start < 0 || length < 1 || start + length < 0) {
            throw new IllegalArgumentException("start: " + start + ", length: " + length
                    + " (expected: start >= 0, length >= 1, start + length <= Long.MAX_VALUE)");
        }
    }

    /**
     * The position just past the extent.
     *
     * @return {@code start + length}
     */
    public long end() {
        return start + length;
    }
}
