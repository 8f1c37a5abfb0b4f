package io.bvecq.io;

import java.lang.foreign.MemorySegment;

/**
 * The Linux system calls the io package uses, one method per call. Everything above this interface
 * ({@link IoFile}, the transfer loops, the capability probes) goes through it, so a test can put a
 * fault-injecting implementation underneath.
 *
 * <p>Convention: a call that fails returns {@code -errno} (a negative number) instead of throwing; one
 * that succeeds returns what the C function returns. No method allocates on the Java heap except those
 * that take a {@code String} path. Every method may be called from any thread.
 */
interface Syscalls {
    /** {@code open(path, flags, mode)}: a file descriptor or {@code -errno}. */
    int open(String path, int flags, int mode);

    /** {@code close(fd)}: 0 or {@code -errno}. */
    int close(int fd);

    /** {@code preadv(fd, iov, iovcnt, offset)}: bytes read or {@code -errno}. */
    long preadv(int fd, MemorySegment iov, int iovcnt, long offset);

    /** {@code pwritev(fd, iov, iovcnt, offset)}: bytes written or {@code -errno}. */
    long pwritev(int fd, MemorySegment iov, int iovcnt, long offset);

    /** {@code preadv2(fd, iov, iovcnt, offset, flags)}: bytes read or {@code -errno}. */
    long preadv2(int fd, MemorySegment iov, int iovcnt, long offset, int flags);

    /** {@code pwritev2(fd, iov, iovcnt, offset, flags)}: bytes written or {@code -errno}. */
    long pwritev2(int fd, MemorySegment iov, int iovcnt, long offset, int flags);

    /**
     * {@code statx(dirfd, path, flags, mask, buf)}: 0 or {@code -errno}. {@code buf} holds at least
     * {@link Statx#SIZE} bytes.
     */
    int statx(int dirfd, String path, int flags, int mask, MemorySegment buf);

    /** {@code fdatasync(fd)}: 0 or {@code -errno}. */
    int fdatasync(int fd);

    /** {@code sync_file_range(fd, offset, nbytes, flags)}: 0 or {@code -errno}. */
    int syncFileRange(int fd, long offset, long nbytes, int flags);

    /** {@code lseek(fd, offset, whence)}: the new offset or {@code -errno}. */
    long lseek(int fd, long offset, int whence);

    /** {@code fallocate(fd, mode, offset, len)}: 0 or {@code -errno}. */
    int fallocate(int fd, int mode, long offset, long len);

    /** {@code ftruncate(fd, length)}: 0 or {@code -errno}. */
    int ftruncate(int fd, long length);

    /** {@code posix_fadvise(fd, offset, len, advice)}: 0 or {@code -errno} (the C function returns the error). */
    int fadvise(int fd, long offset, long len, int advice);
}
