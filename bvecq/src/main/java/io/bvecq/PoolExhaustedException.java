package io.bvecq;

/**
 * Thrown when a {@link BufferPool} cannot hand out a chunk because it reached its byte limit. The message
 * names the pool's limit and what is allocated and outstanding. Allocation failures are never hidden:
 * operations that allocate several chunks roll back what they took before this propagates.
 */
public final class PoolExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the limit and the counts
     */
    public PoolExhaustedException(String message) {
        super(message);
    }
}
