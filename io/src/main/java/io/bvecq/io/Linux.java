package io.bvecq.io;

/** Constants of the Linux ABI used by the io package (from the man pages and uapi headers). */
final class Linux {
    private Linux() {
    }

    static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));
    static final boolean X86_64 = "amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(System.getProperty("os.arch"));

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_TRUNC = 01000;
    /** O_DIRECT differs by architecture: 040000 on x86-64, 0200000 on arm64. */
    static final int O_DIRECT = AARCH64 ? 0200000 : 040000;
    static final int O_CLOEXEC = 02000000;
    /** O_NOFOLLOW differs by architecture: 0400000 on x86-64, 0100000 on arm64. */
    static final int O_NOFOLLOW = AARCH64 ? 0100000 : 0400000;

    static final int AT_FDCWD = -100;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int AT_STATX_SYNC_AS_STAT = 0;

    static final int STATX_TYPE = 0x1;
    static final int STATX_SIZE = 0x200;
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_DIOALIGN = 0x2000;
    static final int STATX_WRITE_ATOMIC = 0x10000;

    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;

    static final int RWF_DONTCACHE = 0x80;

    static final int SYNC_FILE_RANGE_WAIT_BEFORE = 1;
    static final int SYNC_FILE_RANGE_WRITE = 2;
    static final int SYNC_FILE_RANGE_WAIT_AFTER = 4;

    static final int SEEK_SET = 0;
    static final int SEEK_END = 2;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;

    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_ZERO_RANGE = 0x10;

    static final int POSIX_FADV_DONTNEED = 4;

    /** The most iovecs one call accepts (IOV_MAX). */
    static final int IOV_MAX = 1024;
    /** The size of {@code struct iovec}: a pointer and a size_t. */
    static final int IOVEC_SIZE = 16;
}
