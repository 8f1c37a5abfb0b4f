package io.bvecq.cli;

import io.bvecq.io.IoErrnoException;
import io.bvecq.io.IoFile;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where {@code bvq copy} writes, and the rules that keep the user's data safe:
 *
 * <ul>
 *   <li>Same file refused: a destination with the source's device and inode (through any path, symbolic or
 *       hard link) is refused before anything is opened for writing.</li>
 *   <li>Atomic replace: a regular destination is written as a hidden temporary in its own directory
 *       ({@code .NAME.XXXXXXXX.bvq-part}, mode 0600 until the end), synced, given its mode, then renamed
 *       over the destination ({@code rename(2)}), and the directory synced. Until that rename an existing
 *       destination is untouched; {@link #abort()} removes the temporary. With {@code --in-place} the
 *       destination itself is truncated and written, and a failure leaves it incomplete.</li>
 *   <li>No name followed twice: the temporary is created with {@code O_EXCL}, and every later open of it
 *       (the target's own, the ring's) and its mode change refuse a symbolic link put under its name in
 *       between ({@code O_NOFOLLOW}), so a writer of the directory cannot send the copy, or the source's mode,
 *       into another file; each {@code IoFile}'s direct descriptor is the file its first open found.</li>
 *   <li>{@code --no-clobber}: an existing destination is refused; the final step is {@code link(2)},
 *       which fails rather than replace a destination that appeared meanwhile.</li>
 *   <li>A character device, FIFO or socket destination, or {@code -} (standard output), is written in
 *       order with plain writes, never synced or renamed.</li>
 * </ul>
 *
 * <p>A destination that is a symbolic link is followed: its target is replaced, as {@code cp} writes
 * through it. A destination directory receives the source's file name.
 */
final class CopyTarget extends CopyEnd {
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path path;
    private final boolean existed;
    private final Set<PosixFilePermission> existingPermissions;
    private final boolean noClobber;
    private final Cancellation cancel;
    private boolean direct;
    private Path temporary;

    private CopyTarget(String name, Path path, boolean existed, Set<PosixFilePermission> existingPermissions,
            boolean noClobber, Cancellation cancel) {
        super(name);
        this.path = path;
        this.existed = existed;
        this.existingPermissions = existingPermissions;
        this.noClobber = noClobber;
        this.cancel = cancel;
    }

    /**
     * Checks the destination against the rules above and opens it (a temporary, or the file itself with
     * {@code inPlace}, or a stream).
     *
     * @param arg the destination as the user named it; {@code -} is standard output
     * @param src the open source
     * @param inPlace write the destination directly (unsafe: a failure leaves it incomplete)
     * @param noClobber refuse an existing destination
     * @param cancel told the temporary's name before it exists, so a signal can remove it
     * @return the open target; the caller calls {@link #commit} or {@link #abort()}
     * @throws CliException when a rule refuses the copy or the destination cannot be opened
     * @throws IOException if the file system fails otherwise
     */
    static CopyTarget open(String arg, CopySource src, boolean inPlace, boolean noClobber, Cancellation cancel)
            throws CliException, IOException {
        if (arg.equals("-")) {
            CopyTarget t = new CopyTarget("standard output", null, true, null, false, cancel);
            t.direct = true;
            t.channel = new FileOutputStream(FileDescriptor.out).getChannel();
            return t;
        }
        Path p = Path.of(arg);
        String name = arg;
        if (Files.isDirectory(p)) {
            if (src.file() == null && src.name().equals("standard input")) {
                throw CliException.usage("cannot copy standard input into directory " + arg + ": name the file");
            }
            p = p.resolve(Path.of(src.name()).getFileName());
            name = p.toString();
        }
        PosixFileAttributes a = null;
        try {
            a = Files.readAttributes(p, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(p)) {
                throw CliException.failed("not writing through dangling symbolic link " + name);
            }
        } catch (FileSystemException e) {
            Failure f = Failure.of(e);
            throw new CliException(f.errno() != null ? Failure.errno("access", name, f.errno()) : f);
        }
        if (a != null) {
            if (src.key() != null && src.key().equals(a.fileKey())) {
                throw CliException.failed(src.name() + " and " + name
                        + " are the same file (same device and inode); nothing was written");
            }
            if (noClobber) {
                throw CliException.failed("not overwriting " + name + ": it exists (--no-clobber)");
            }
            if (a.isDirectory()) {
                throw new CliException(Failure.errno("overwrite", name, "EISDIR"));
            }
            if (!a.isRegularFile()) {
                CopyTarget t = new CopyTarget(name, p, true, null, false, cancel);
                t.direct = true;
                t.channel = openStream(p, name);
                return t;
            }
            p = p.toRealPath(); // write through a symbolic link, as cp does
        }
        CopyTarget t = new CopyTarget(name, p, a != null, a != null ? a.permissions() : null, noClobber, cancel);
        try {
            if (inPlace) {
                cancel.left(name + " is incomplete (--in-place)");
                t.direct = true;
                t.file = IoFile.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                cancel.left(a != null ? name + " left as it was" : "nothing written to " + name);
                t.temporary = temporaryFor(p);
                cancel.temporary(t.temporary);
                Files.createFile(t.temporary, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                // the name was just created (O_EXCL); opening it without following a symlink means a name
                // swapped in between cannot send the copy into another file
                t.file = IoFile.open(t.temporary, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IoErrnoException e) {
            t.abort();
            throw new CliException(Failure.errno(inPlace ? "open" : "create a file beside", name, e.errnoName()));
        } catch (FileSystemException e) {
            t.abort();
            Failure f = Failure.of(e);
            throw new CliException(f.errno() != null
                    ? Failure.errno(inPlace ? "open" : "create a file beside", name, f.errno()) : f);
        }
        return t;
    }

    private static FileChannel openStream(Path p, String name) throws CliException {
        try {
            return FileChannel.open(p, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Failure f = Failure.of(e);
            throw new CliException(f.errno() != null ? Failure.errno("open", name, f.errno()) : f);
        }
    }

    /** {@code DIR/.NAME.XXXXXXXX.bvq-part}: hidden, beside the destination, so the rename stays in one file system. */
    private static Path temporaryFor(Path p) {
        String base = p.getFileName().toString();
        if (base.length() > 200) {
            base = base.substring(0, 200);
        }
        String rnd = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return p.resolveSibling("." + base + "." + rnd + ".bvq-part");
    }

    /** Whether the destination existed before the copy. */
    boolean existed() {
        return existed;
    }

    /** Whether the destination is written directly (--in-place, or a stream), not through a temporary. */
    boolean direct() {
        return direct;
    }

    /** The temporary file's path, or null. */
    Path temporary() {
        return temporary;
    }

    /**
     * Finishes a complete copy: mode bits, {@code fdatasync}, then the rename (or link) into place and a sync
     * of the directory. A stream is only closed.
     *
     * @param sourcePermissions the mode to give a new file, or null to keep the destination's (or 0644)
     * @param sync whether to sync the data and the directory
     * @throws IOException if a step fails; the destination is then still the old one (or incomplete when
     *     written in place)
     */
    void commit(Set<PosixFilePermission> sourcePermissions, boolean sync) throws IOException {
        if (file == null) {
            channel.close();
            return;
        }
        Set<PosixFilePermission> mode = sourcePermissions != null ? sourcePermissions
                : existingPermissions != null ? existingPermissions : NEW_FILE;
        if (temporary != null) {
            // without following a symlink (the JDK then opens with O_NOFOLLOW and uses fchmod): a temporary
            // swapped for a link must not give the link's target the source's mode
            Files.getFileAttributeView(temporary, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(mode);
        } else if (!existed) {
            Files.setPosixFilePermissions(path, mode); // --in-place to a new name: the file the user named
        }
        if (sync) {
            file.sync();
        }
        file.close();
        if (temporary != null) {
            if (noClobber) {
                Files.createLink(path, temporary); // fails with EEXIST rather than replace
                Files.delete(temporary);
            } else {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
            }
            temporary = null;
            cancel.temporary(null);
            if (sync) {
                try (FileChannel dir = FileChannel.open(path.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                    dir.force(true);
                }
            }
        }
    }

    /** Undoes what can be undone after a failure: closes, and removes the temporary. Never throws. */
    void abort() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // the copy failed already; the failure being reported is the first one
        }
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // reported by the caller, which names the temporary when it is still there
            }
            if (Files.notExists(temporary)) {
                temporary = null;
                cancel.temporary(null);
            }
        }
    }
}
