package io.bvecq.io;

import java.io.IOException;

/**
 * A system call failed during a file operation. The message and the accessors name the call, the errno
 * (number and name), the file, the requested range and how many bytes of it were transferred before the
 * failure, so that nothing is lost silently: bytes {@code [offset, offset + bytesTransferred())} reached
 * the kernel (for a write: the file, or its page cache if {@link #op()} is a writeback call such as
 * {@code sync_file_range}, in which case their state on the device is unknown), the rest did not.
 *
 * <p>Example: {@code pwritev: EIO (errno 5) on /data/f at offset=4096 length=65536; 8192 bytes transferred}.
 */
public final class IoErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The failing call. */
    private final String op;
    /** The positive errno, or 0 for no progress. */
    private final int errno;
    /** The file. */
    private final String path;
    /** The file offset of the requested range. */
    private final long offset;
    /** The length of the requested range. */
    private final long length;
    /** The bytes of the range transferred before the failure. */
    private final long bytesTransferred;

    /**
     * Creates the exception.
     *
     * @param op the failing call, e.g. {@code "pwritev"}
     * @param errno the positive errno, or 0 when the call made no progress without an error
     * @param path the file
     * @param offset the file offset of the requested range
     * @param length the length of the requested range
     * @param bytesTransferred the bytes of the range transferred before the failure, {@code 0 <= n <= length}
     */
    public IoErrnoException(String op, int errno, String path, long offset, long length, long bytesTransferred) {
        super(op + ": " + (errno == 0 ? "no progress" : Errno.name(errno) + " (errno " + errno + ")") + " on " + path
                + " at offset=" + offset + " length=" + length + "; " + bytesTransferred + " bytes transferred");
        this.op = op;
        this.errno = errno;
        this.path = path;
        this.offset = offset;
        this.length = length;
        this.bytesTransferred = bytesTransferred;
    }

    /**
     * The failing call.
     *
     * @return e.g. {@code "pwritev2"}, {@code "sync_file_range"}, {@code "open"}
     */
    public String op() {
        return op;
    }

    /**
     * The errno the call returned.
     *
     * @return a positive errno, or 0 if the call kept returning 0 bytes
     */
    public int errno() {
        return errno;
    }

    /**
     * The symbolic name of {@link #errno()}.
     *
     * @return e.g. {@code "ENOSPC"}; {@code "errnoN"} for an unnamed number
     */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * The file the operation was on.
     *
     * @return the path as given to open
     */
    public String path() {
        return path;
    }

    /**
     * The file offset of the requested range.
     *
     * @return {@code >= 0}
     */
    public long offset() {
        return offset;
    }

    /**
     * The length of the requested range.
     *
     * @return {@code >= 0}
     */
    public long length() {
        return length;
    }

    /**
     * The bytes of the range, from its start, that were transferred before the failure.
     *
     * @return {@code 0 <= bytesTransferred <= length()}
     */
    public long bytesTransferred() {
        return bytesTransferred;
    }
}
