package io.bvecq.cli;

/** Bad command-line usage; printed without a stack trace, exit status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
