package io.bvecq.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Finds what a path's file system and device allow without opening anything for writing and without
 * creating a file: {@code statx} by path, sysfs, and for a regular file that can be read a one-byte
 * {@code RWF_DONTCACHE} read. Works on read-only file systems, {@code /proc}, {@code /sys}, directories,
 * devices and FIFOs (a FIFO is never opened, so the call never blocks).
 *
 * <p>What cannot be found reads as "not available": {@link FileCapabilities#dioOffsetAlign()} is 0 for a
 * directory or device (statx reports direct I/O alignments for regular files only) and
 * {@link FileCapabilities#dontcache()} is false unless a regular file could be read with the flag; the
 * caller tells the two meanings apart with {@link Probed#kind()} and {@link Probed#dontcacheAsked()}.
 */
public final class CapabilityProbe {
    private CapabilityProbe() {
    }

    /**
     * What {@link #probe(Path)} found.
     *
     * @param capabilities the capabilities, with 0 or false where nothing could be asked
     * @param kind what the path is: {@code "file"}, {@code "directory"}, {@code "character device"},
     *     {@code "block device"}, {@code "fifo"}, {@code "socket"} or {@code "other"}
     * @param dioAsked whether the kernel reported direct I/O alignments for the path ({@code STATX_DIOALIGN}
     *     in the statx mask), so that an alignment of 0 means "no direct I/O" rather than "not known"
     * @param dontcacheAsked whether a read with {@code RWF_DONTCACHE} was tried, so that
     *     {@code dontcache() == false} means "not supported" rather than "not known"
     * @param size the size statx reports, in bytes ({@code /proc} files report 0 yet have content)
     */
    public record Probed(FileCapabilities capabilities, String kind, boolean dioAsked, boolean dontcacheAsked,
            long size) {
    }

    /**
     * Probes a path, following symbolic links.
     *
     * @param path any existing path
     * @return what was found
     * @throws IoErrnoException if {@code statx} fails (e.g. {@code ENOENT}, {@code EACCES})
     * @throws NullPointerException if {@code path} is null
     */
    public static Probed probe(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Syscalls sys = LinuxSyscalls.INSTANCE;
        String p = path.toString();
        Statx st;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Statx.SIZE, 8);
            int r = sys.statx(Linux.AT_FDCWD, p, 0,
                    Linux.STATX_BASIC_STATS | Linux.STATX_DIOALIGN | Linux.STATX_WRITE_ATOMIC, buf);
            if (r < 0) {
                throw new IoErrnoException("statx", -r, p, 0, 0, 0);
            }
            st = Statx.decode(buf);
        }
        String kind = kind(st.mode());
        boolean dioAsked = (st.mask() & Linux.STATX_DIOALIGN) != 0;
        boolean dontcacheAsked = false;
        boolean dontcache = false;
        if (st.isRegular()) {
            int fd = sys.open(p, Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
            if (fd >= 0) {
                try {
                    long r = dontcacheRead(sys, fd);
                    dontcacheAsked = r != -Errno.EINTR && r != -Errno.EAGAIN;
                    dontcache = r >= 0;
                } finally {
                    sys.close(fd);
                }
            }
        }
        StableWrites.Info sw = StableWrites.read(Path.of("/sys"), st.devMajor(), st.devMinor());
        String fsType;
        try {
            fsType = Files.getFileStore(path).type();
        } catch (IOException | RuntimeException e) {
            fsType = "unknown";
        }
        int memAlign = st.dioOffsetAlign() != 0 ? st.dioMemAlign() : 0;
        int offAlign = st.dioMemAlign() != 0 ? st.dioOffsetAlign() : 0;
        FileCapabilities caps = new FileCapabilities(fsType, st.devMajor(), st.devMinor(), memAlign, offAlign,
                sw.stable(), sw.source(), sw.radius(), dontcache, st.atomicWriteUnitMax());
        return new Probed(caps, kind, dioAsked, dontcacheAsked, st.size());
    }

    /** One 1-byte read at offset 0 with RWF_DONTCACHE: the flag is checked before anything is read. */
    private static long dontcacheRead(Syscalls sys, int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(1);
            MemorySegment iov = a.allocate(Linux.IOVEC_SIZE, 8);
            iov.set(ValueLayout.JAVA_LONG, 0, one.address());
            iov.set(ValueLayout.JAVA_LONG, 8, 1L);
            long r = -Errno.EINTR;
            for (int i = 0; i < IoFile.MAX_RETRIES && (r == -Errno.EINTR || r == -Errno.EAGAIN); i++) {
                r = sys.preadv2(fd, iov, 1, 0, Linux.RWF_DONTCACHE);
            }
            return r;
        }
    }

    /** The file type bits of st_mode as a word. */
    private static String kind(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> "file";
            case 0040000 -> "directory";
            case 0020000 -> "character device";
            case 0060000 -> "block device";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            default -> "other";
        };
    }
}
