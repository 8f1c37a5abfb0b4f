package io.bvecq.netfs;

/**
 * The most one sub-request may carry: bytes and memory segments (kernel {@code rsize}/{@code wsize} and the
 * transport's segment limit). A request carves its chain with {@code slice(min(maxLength, left), maxSegments)}.
 *
 * @param maxLength the most bytes per sub-request, {@code >= 1}
 * @param maxSegments the most memory regions per sub-request, {@code >= 1}
 */
public record Limits(long maxLength, int maxSegments) {
    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if {@code maxLength < 1} or {@code maxSegments < 1}
     */
    public Limits {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: maxLength >= 1)");
        }
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments: " + maxSegments + " (expected: maxSegments >= 1)");
        }
    }
}
