package io.bvecq.iter;

/**
 * Which way data flows through an {@link IoIter}'s memory (kernel {@code ITER_SOURCE} /
 * {@code ITER_DEST}).
 */
public enum Direction {
    /**
     * The iterator's memory is the source of a write: bytes are read out of it
     * ({@link IoIter#copyFromIter}); it is never written to.
     */
    SOURCE,
    /**
     * The iterator's memory is the destination of a read: bytes are written into it
     * ({@link IoIter#copyToIter}, {@link IoIter#zero}).
     */
    DEST
}
