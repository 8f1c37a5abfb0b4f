package io.bvecq.cli;

import io.bvecq.io.IoErrnoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A failure as a user reads it: one line without Java class names, the errno name where there is one, and
 * the exit status. {@link #of(Throwable)} turns any exception a command throws into one.
 *
 * <p>Example: {@code cannot open /x: No such file or directory (ENOENT)}, exit status 1.
 *
 * @param message the line, without the {@code bvq COMMAND: } prefix
 * @param errno the errno name (e.g. {@code "ENOSPC"}), or null
 * @param exitCode 1 for a failure, 2 for bad usage, 128 + the signal number when interrupted
 */
record Failure(String message, String errno, int exitCode) {
    /** Exit status of a failed command. */
    static final int FAILED = 1;
    /** Exit status of bad usage. */
    static final int USAGE = 2;

    /** The C library's text for each errno name the commands can meet (strerror, glibc wording). */
    private static final Map<String, String> TEXT = new HashMap<>();
    /** The reverse: the text the JDK puts in its exceptions, back to the errno name. */
    private static final Map<String, String> NAME = new HashMap<>();

    static {
        String[] table = {
            "EPERM", "Operation not permitted", "ENOENT", "No such file or directory", "EINTR", "Interrupted system call",
            "EIO", "Input/output error", "ENXIO", "No such device or address", "EBADF", "Bad file descriptor",
            "EAGAIN", "Resource temporarily unavailable", "ENOMEM", "Cannot allocate memory",
            "EACCES", "Permission denied", "EBUSY", "Device or resource busy", "EEXIST", "File exists",
            "EXDEV", "Invalid cross-device link", "ENODEV", "No such device", "ENOTDIR", "Not a directory",
            "EISDIR", "Is a directory", "EINVAL", "Invalid argument", "ENFILE", "Too many open files in system",
            "EMFILE", "Too many open files", "ETXTBSY", "Text file busy", "EFBIG", "File too large",
            "ENOSPC", "No space left on device", "ESPIPE", "Illegal seek", "EROFS", "Read-only file system",
            "EMLINK", "Too many links", "EPIPE", "Broken pipe", "ENAMETOOLONG", "File name too long",
            "ENOSYS", "Function not implemented", "ENOTEMPTY", "Directory not empty",
            "ELOOP", "Too many levels of symbolic links", "EOPNOTSUPP", "Operation not supported",
            "EDQUOT", "Disk quota exceeded", "ESTALE", "Stale file handle", "ETIMEDOUT", "Connection timed out",
            "EREMOTEIO", "Remote I/O error", "EOVERFLOW", "Value too large for defined data type",
        };
        for (int i = 0; i < table.length; i += 2) {
            TEXT.put(table[i], table[i + 1]);
            NAME.put(table[i + 1].toLowerCase(Locale.ROOT), table[i]);
        }
    }

    /**
     * A failure with an errno: {@code "cannot VERB WHAT: TEXT (ERRNO)"}.
     *
     * @param verb e.g. {@code "open"}
     * @param what the file as the user named it
     * @param errno the errno name, e.g. {@code "ENOENT"}
     * @return the failure, exit status 1
     */
    static Failure errno(String verb, String what, String errno) {
        return new Failure("cannot " + verb + " " + what + ": " + text(errno) + " (" + errno + ")", errno, FAILED);
    }

    /**
     * The C library's text for an errno name.
     *
     * @param errno e.g. {@code "ENOSPC"}
     * @return e.g. {@code "No space left on device"}, or the name itself if unknown
     */
    static String text(String errno) {
        return TEXT.getOrDefault(errno, errno);
    }

    /**
     * The verb for a failing system call, as in "cannot VERB FILE".
     *
     * @param op the call, e.g. {@code "pwritev2"}, or the io_uring operation, e.g. {@code "IORING_OP_WRITEV"}
     * @return e.g. {@code "write"}
     */
    static String verb(String op) {
        if (op.startsWith("IORING_OP_")) {
            op = op.substring("IORING_OP_".length()).toLowerCase(java.util.Locale.ROOT); // writev, read_fixed, fsync
        }
        if (op.startsWith("open")) {
            return "open";
        } else if (op.contains("write") || op.equals("sync_file_range") || op.startsWith("fallocate")) {
            return "write";
        } else if (op.contains("read")) {
            return "read";
        } else if (op.contains("sync")) {
            return "sync";
        } else if (op.equals("ftruncate")) {
            return "truncate";
        } else if (op.startsWith("statx")) {
            return "stat";
        } else if (op.startsWith("lseek")) {
            return "find the data extents of";
        } else if (op.equals("close")) {
            return "close";
        }
        return op;
    }

    /**
     * Describes any exception a command threw.
     *
     * @param t the exception
     * @return the failure
     */
    static Failure of(Throwable t) {
        if (t instanceof CliException e) {
            return e.failure();
        }
        if (t instanceof UsageException e) {
            return new Failure(e.getMessage(), null, USAGE);
        }
        if (t instanceof UncheckedIOException e) {
            return of(e.getCause());
        }
        if (t instanceof IoErrnoException e) {
            return e.errno() == 0
                    ? new Failure("cannot " + verb(e.op()) + " " + e.path() + ": no progress after "
                            + io.bvecq.io.IoFile.MAX_RETRIES + " tries", null, FAILED)
                    : errno(verb(e.op()), e.path(), e.errnoName());
        }
        if (t instanceof FileSystemException e) {
            String reason = e.getReason();
            String name = errnoOfText(reason != null ? reason : defaultReason(e));
            String what = e.getFile() + (e.getOtherFile() != null ? " to " + e.getOtherFile() : "");
            return name != null ? errno("access", what, name) : new Failure("cannot access " + what
                    + (reason != null ? ": " + reason : ""), null, FAILED);
        }
        if (t instanceof IOException e) {
            String name = errnoOfText(e.getMessage());
            return name != null ? new Failure(text(name) + " (" + name + ")", name, FAILED)
                    : new Failure(String.valueOf(e.getMessage()), null, FAILED);
        }
        return new Failure("internal error: " + t.getMessage() + " (at " + where(t) + "; please report it)", null,
                FAILED);
    }

    /**
     * The errno name for the C library's text, as the JDK puts it in exception messages.
     *
     * @param text e.g. {@code "No space left on device"}, or null
     * @return e.g. {@code "ENOSPC"}, or null when the text is not an errno's
     */
    static String errnoOfText(String text) {
        return text == null ? null : NAME.get(text.trim().toLowerCase(Locale.ROOT));
    }

    /** The JDK leaves the reason out of the exceptions that name their errno by their type. */
    private static String defaultReason(FileSystemException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException x -> "No such file or directory";
            case java.nio.file.AccessDeniedException x -> "Permission denied";
            case java.nio.file.FileAlreadyExistsException x -> "File exists";
            case java.nio.file.DirectoryNotEmptyException x -> "Directory not empty";
            case java.nio.file.NotDirectoryException x -> "Not a directory";
            default -> "";
        };
    }

    private static String where(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "unknown" : st[0].getFileName() + ":" + st[0].getLineNumber();
    }
}
