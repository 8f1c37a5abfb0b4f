package io.bvecq.cli;

/** A failure the command already put in a user's words; {@link Failure#of} passes it through. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The failure. */
    private final transient Failure failure;

    /**
     * Creates the exception.
     *
     * @param failure the failure, its message and exit status
     */
    CliException(Failure failure) {
        super(failure.message());
        this.failure = failure;
    }

    /**
     * A failure without an errno, exit status 1.
     *
     * @param message the line
     * @return the exception
     */
    static CliException failed(String message) {
        return new CliException(new Failure(message, null, Failure.FAILED));
    }

    /**
     * Bad usage, exit status 2.
     *
     * @param message the line
     * @return the exception
     */
    static CliException usage(String message) {
        return new CliException(new Failure(message, null, Failure.USAGE));
    }

    /**
     * The failure.
     *
     * @return the failure
     */
    Failure failure() {
        return failure;
    }
}
