package io.bvecq.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a file for {@link IoFile}: the buffered descriptor, the {@code O_DIRECT} one where the file system
 * allows it, and the {@link FileCapabilities} from {@code statx}, sysfs and a {@code RWF_DONTCACHE} probe
 * (run once per file system and cached).
 */
final class FileOpener {
    private static final Map<String, Boolean> DONTCACHE_BY_FS = new ConcurrentHashMap<>();

    private FileOpener() {
    }

    /** What open found: the path string, both descriptors (fdDirect -1 if none) and the capabilities. */
    record Opened(String path, int fd, int fdDirect, FileCapabilities caps) {
    }

    /**
     * Opens the {@code O_DIRECT} descriptor of the file {@code fd} is open on: through {@code /proc/self/fd/N},
     * which reaches that inode whatever the path names by now, so the two descriptors of one {@link IoFile}
     * are always one file (a second open of the path would follow whatever was put there in between, for
     * example a symlink to another file). Only where /proc is not mounted is the path opened again.
     *
     * @return the descriptor, or a negative errno
     */
    static int openDirect(Syscalls sys, int fd, String path, int flags) {
        // the /proc entry is a link to be followed: NOFOLLOW applied to the path, and was honoured by fd's open
        int d = sys.open("/proc/self/fd/" + fd, (flags & ~Linux.O_NOFOLLOW) | Linux.O_DIRECT, 0);
        if (d == -Errno.ENOENT && !Files.isDirectory(Path.of("/proc/self/fd"))) {
            d = sys.open(path, flags | Linux.O_DIRECT, 0);
        }
        return d;
    }

    static Opened open(Path path, Syscalls sys, Path sysfsRoot, OpenOption... options) throws IOException {
        Objects.requireNonNull(path, "path");
        boolean write = false;
        int flags = Linux.O_CLOEXEC;
        for (OpenOption o : options) {
            Objects.requireNonNull(o, "options");
            if (o == StandardOpenOption.READ) {
                continue;
            } else if (o == StandardOpenOption.WRITE) {
                write = true;
            } else if (o == StandardOpenOption.CREATE) {
                flags |= Linux.O_CREAT;
            } else if (o == StandardOpenOption.CREATE_NEW) {
                flags |= Linux.O_CREAT | Linux.O_EXCL;
            } else if (o == StandardOpenOption.TRUNCATE_EXISTING) {
                flags |= Linux.O_TRUNC;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                flags |= Linux.O_NOFOLLOW;
            } else {
                throw new IllegalArgumentException("option: " + o
                        + " (expected: one of READ, WRITE, CREATE, CREATE_NEW, TRUNCATE_EXISTING, NOFOLLOW_LINKS)");
            }
        }
        if ((flags & (Linux.O_CREAT | Linux.O_TRUNC)) != 0) {
            write = true;
        }
        flags |= write ? Linux.O_RDWR : Linux.O_RDONLY;
        String p = path.toString();
        int fd = sys.open(p, flags, 0644);
        if (fd < 0) {
            throw new IoErrnoException("open", -fd, p, 0, 0, 0);
        }
        int fdDirect = -1;
        boolean success = false;
        try {
            Statx st = statx(sys, fd, p);
            if (st.isDirectory()) {
                throw new IoErrnoException("open", Errno.EISDIR, p, 0, 0, 0);
            }
            int memAlign = 0;
            int offAlign = 0;
            if (st.isRegular()) {
                fdDirect = openDirect(sys, fd, p, flags & ~(Linux.O_CREAT | Linux.O_EXCL | Linux.O_TRUNC));
                if (fdDirect >= 0) {
                    if ((st.mask() & Linux.STATX_DIOALIGN) != 0) {
                        memAlign = st.dioMemAlign();
                        offAlign = st.dioOffsetAlign();
                    } else {
                        // O_DIRECT opened but the kernel does not say what it needs: assume one page for both,
                        // which satisfies every block device in practice.
                        memAlign = 4096;
                        offAlign = 4096;
                    }
                    if (offAlign == 0 || memAlign == 0) {
                        sys.close(fdDirect);
                        fdDirect = -1;
                        memAlign = 0;
                        offAlign = 0;
                    }
                }
            }
            StableWrites.Info sw = StableWrites.read(sysfsRoot, st.devMajor(), st.devMinor());
            String dev = st.devMajor() + ":" + st.devMinor();
            boolean dontcache = DONTCACHE_BY_FS.computeIfAbsent(sysfsRoot + "|" + dev, k -> probeDontcache(sys, fd));
            String fsType;
            try {
                fsType = Files.getFileStore(path).type();
            } catch (IOException | RuntimeException e) {
                fsType = "unknown";
            }
            FileCapabilities caps = new FileCapabilities(fsType, st.devMajor(), st.devMinor(), memAlign, offAlign,
                    sw.stable(), sw.source(), sw.radius(), dontcache, st.atomicWriteUnitMax());
            Opened o = new Opened(p, fd, fdDirect, caps);
            success = true;
            return o;
        } finally {
            if (!success) {
                if (fdDirect >= 0) {
                    sys.close(fdDirect);
                }
                sys.close(fd);
            }
        }
    }

    static Statx statx(Syscalls sys, int fd, String p) throws IoErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Statx.SIZE, 8);
            int r = sys.statx(fd, "", Linux.AT_EMPTY_PATH,
                    Linux.STATX_BASIC_STATS | Linux.STATX_DIOALIGN | Linux.STATX_WRITE_ATOMIC, buf);
            if (r < 0) {
                throw new IoErrnoException("statx", -r, p, 0, 0, 0);
            }
            return Statx.decode(buf);
        }
    }

    /** One 1-byte read with RWF_DONTCACHE: the flag is checked before anything is read, so this changes nothing. */
    private static boolean probeDontcache(Syscalls sys, int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(1);
            MemorySegment iov = a.allocate(Linux.IOVEC_SIZE, 8);
            iov.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, one.address());
            iov.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 1L);
            for (int i = 0; i < IoFile.MAX_RETRIES; i++) {
                long r = sys.preadv2(fd, iov, 1, 0, Linux.RWF_DONTCACHE);
                if (r == -Errno.EINTR || r == -Errno.EAGAIN) {
                    continue;
                }
                return r >= 0;
            }
            return false;
        }
    }
}
