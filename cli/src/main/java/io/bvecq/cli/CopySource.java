package io.bvecq.cli;

import io.bvecq.io.IoErrnoException;
import io.bvecq.io.IoFile;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The source of {@code bvq copy}, open for reading: a regular file with a size goes through {@link IoFile}
 * (direct reads, data extents); standard input ({@code -}), pipes, devices and files of pseudo file
 * systems ({@code /proc}, {@code /sys}, whose sizes say nothing) are read as a stream to their end.
 */
final class CopySource extends CopyEnd {
    /** File systems whose files report a size unrelated to their content. */
    private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "debugfs", "tracefs", "securityfs",
            "configfs", "cgroup", "cgroup2", "pstore", "bpf", "efivarfs", "fusectl");

    private final Set<PosixFilePermission> permissions;
    private final Object key;

    private CopySource(String name, IoFile file, FileChannel channel, Set<PosixFilePermission> permissions,
            Object key) {
        super(name);
        this.file = file;
        this.channel = channel;
        this.permissions = permissions;
        this.key = key;
    }

    /**
     * A source that is not a local file (a URL): a name for messages and for a destination directory, no key
     * for the same-file check, no permissions.
     *
     * @param name the last part of the source's name
     * @return a source holding neither a file nor a stream
     */
    static CopySource remote(String name) {
        return new CopySource(name, null, null, null, null);
    }

    /**
     * Opens the source the user named.
     *
     * @param arg a path, or {@code -} for standard input
     * @return the open source; the caller closes it
     * @throws CliException if the source is a directory or cannot be opened, in the user's words
     * @throws IOException if the file system fails otherwise
     */
    static CopySource open(String arg) throws CliException, IOException {
        if (arg.equals("-")) {
            Object key = null;
            try {
                key = Files.readAttributes(Path.of("/proc/self/fd/0"), PosixFileAttributes.class).fileKey();
            } catch (IOException | UnsupportedOperationException e) {
                // no /proc: the same-file check cannot see what standard input is
            }
            return new CopySource("standard input", null, new FileInputStream(FileDescriptor.in).getChannel(), null,
                    key);
        }
        Path p = Path.of(arg);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(p, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new CliException(Failure.errno("open", arg, "ENOENT"));
        } catch (FileSystemException e) {
            throw new CliException(withVerb(Failure.of(e), "open", arg));
        }
        if (a.isDirectory()) {
            throw new CliException(Failure.errno("copy", arg, "EISDIR"));
        }
        Set<PosixFilePermission> perms = a.isRegularFile() ? a.permissions() : null;
        try {
            if (a.isRegularFile() && a.size() > 0 && !PSEUDO.contains(fileSystem(p))) {
                return new CopySource(arg, IoFile.open(p, StandardOpenOption.READ), null, perms, a.fileKey());
            }
            return new CopySource(arg, null, FileChannel.open(p, StandardOpenOption.READ), perms, a.fileKey());
        } catch (IoErrnoException e) {
            throw new CliException(Failure.errno("open", arg, e.errnoName()));
        } catch (FileSystemException e) {
            throw new CliException(withVerb(Failure.of(e), "open", arg));
        }
    }

    private static Failure withVerb(Failure f, String verb, String arg) {
        return f.errno() != null ? Failure.errno(verb, arg, f.errno()) : f;
    }

    private static String fileSystem(Path p) {
        try {
            return Files.getFileStore(p).type();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The mode bits to give a new copy, or null when the source is not a regular file. */
    Set<PosixFilePermission> permissions() {
        return permissions;
    }

    /** The device and inode ({@link java.nio.file.attribute.BasicFileAttributes#fileKey()}), or null. */
    Object key() {
        return key;
    }
}
