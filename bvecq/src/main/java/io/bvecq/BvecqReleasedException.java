package io.bvecq;

/**
 * Thrown on use of a node, position, chunk or pool after it has been released, and on
 * over-release. The message names the resource and, for over-release, the counts involved.
 *
 * <p>This is the one exception the toolkit raises for lifetime errors; it never returns garbage from
 * released memory instead.
 */
public final class BvecqReleasedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was used after release, naming the resource, for example
     *     {@code "Bvecq#12 used after release: segment(0)"}
     */
    public BvecqReleasedException(String message) {
        super(message);
    }
}
