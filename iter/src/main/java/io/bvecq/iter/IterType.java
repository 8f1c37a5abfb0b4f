package io.bvecq.iter;

/**
 * The kinds of {@link IoIter}, after the kernel's {@code iter_type}.
 */
public enum IterType {
    /** One contiguous memory segment (kernel {@code ITER_UBUF}). */
    SEGMENT,
    /** An array of whole segments (kernel {@code ITER_KVEC}). */
    KVEC,
    /** An array of regions, each a segment with an offset and a length (kernel {@code ITER_BVEC}). */
    BVEC,
    /** A bvecq chain from a position (kernel {@code ITER_BVECQ}). */
    BVECQ,
    /** No memory: counts bytes and drops them (kernel {@code ITER_DISCARD}). */
    DISCARD
}
