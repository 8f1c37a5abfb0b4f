package io.bvecq.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Syscalls} that passes everything to the real one, except at chosen calls: it fails them with an
 * errno, or lets them transfer fewer bytes than asked (by shortening the iovec array it passes down), or
 * runs an action just before the real call (to mutate memory while a write is "in flight").
 */
final class FaultySyscalls implements Syscalls {
    /** Which calls a fault applies to. */
    enum Op { WRITE, READ, SYNC, OPEN }

    /** At the {@code nth} (1-based) call of {@code op}: fail with {@code errno}, or, if errno is 0, cap the bytes at {@code limit}. */
    record Fault(Op op, int nth, int errno, long limit, Runnable before) {
    }

    private final Syscalls real = LinuxSyscalls.INSTANCE;
    private final List<Fault> faults = new ArrayList<>();
    private final int[] counts = new int[Op.values().length];
    private final MemorySegment scratch = Arena.ofAuto().allocate((long) Linux.IOV_MAX * Linux.IOVEC_SIZE, 8);

    FaultySyscalls fail(Op op, int nth, int errno) {
        faults.add(new Fault(op, nth, errno, 0, null));
        return this;
    }

    FaultySyscalls shorten(Op op, int nth, long limit) {
        faults.add(new Fault(op, nth, 0, limit, null));
        return this;
    }

    FaultySyscalls before(Op op, int nth, Runnable action) {
        faults.add(new Fault(op, nth, 0, Long.MAX_VALUE, action));
        return this;
    }

    synchronized int calls(Op op) {
        return counts[op.ordinal()];
    }

    private synchronized Fault next(Op op) {
        int n = ++counts[op.ordinal()];
        for (Fault f : faults) {
            if (f.op() == op && f.nth() == n) {
                return f;
            }
        }
        return null;
    }

    /** Copies the iovecs, trimmed to {@code limit} bytes in total; returns the new count. */
    private int trim(MemorySegment iov, int cnt, long limit) {
        long left = limit;
        int i = 0;
        for (; i < cnt && left > 0; i++) {
            long base = i * (long) Linux.IOVEC_SIZE;
            long addr = iov.get(ValueLayout.JAVA_LONG, base);
            long len = Math.min(left, iov.get(ValueLayout.JAVA_LONG, base + 8));
            scratch.set(ValueLayout.JAVA_LONG, base, addr);
            scratch.set(ValueLayout.JAVA_LONG, base + 8, len);
            left -= len;
        }
        return i;
    }

    private long vec(Op op, int fd, MemorySegment iov, int cnt, VecCall call) {
        Fault f = next(op);
        if (f == null) {
            return call.run(fd, iov, cnt);
        }
        if (f.before() != null) {
            f.before().run();
            return call.run(fd, iov, cnt);
        }
        if (f.errno() != 0) {
            return -f.errno();
        }
        synchronized (this) {
            int n = trim(iov, cnt, f.limit());
            if (f.limit() % 4096 == 0) {
                return call.run(fd, scratch, n);
            }
            // A short transfer that O_DIRECT would reject: carry it out through a buffered descriptor of the
            // same file (a fresh open of /proc/self/fd/N has no O_DIRECT), as a kernel that completed part
            // of a request might.
            int bfd = real.open("/proc/self/fd/" + fd, Linux.O_RDWR | Linux.O_CLOEXEC, 0);
            if (bfd < 0) {
                throw new IllegalStateException("reopen of fd " + fd + ": " + Errno.name(-bfd));
            }
            try {
                return call.run(bfd, scratch, n);
            } finally {
                real.close(bfd);
            }
        }
    }

    @FunctionalInterface
    private interface VecCall {
        long run(int fd, MemorySegment iov, int cnt);
    }

    @Override
    public int open(String path, int flags, int mode) {
        Fault f = next(Op.OPEN); // only before() applies to opens
        if (f != null && f.before() != null) {
            f.before().run();
        }
        return real.open(path, flags, mode);
    }

    @Override
    public int close(int fd) {
        return real.close(fd);
    }

    @Override
    public long preadv(int fd, MemorySegment iov, int iovcnt, long offset) {
        return vec(Op.READ, fd, iov, iovcnt, (d, v, c) -> real.preadv(d, v, c, offset));
    }

    @Override
    public long pwritev(int fd, MemorySegment iov, int iovcnt, long offset) {
        return vec(Op.WRITE, fd, iov, iovcnt, (d, v, c) -> real.pwritev(d, v, c, offset));
    }

    @Override
    public long preadv2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        return vec(Op.READ, fd, iov, iovcnt, (d, v, c) -> real.preadv2(d, v, c, offset, flags));
    }

    @Override
    public long pwritev2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        return vec(Op.WRITE, fd, iov, iovcnt, (d, v, c) -> real.pwritev2(d, v, c, offset, flags));
    }

    @Override
    public int statx(int dirfd, String path, int flags, int mask, MemorySegment buf) {
        return real.statx(dirfd, path, flags, mask, buf);
    }

    @Override
    public int fdatasync(int fd) {
        return real.fdatasync(fd);
    }

    @Override
    public int syncFileRange(int fd, long offset, long nbytes, int flags) {
        Fault f = next(Op.SYNC);
        if (f != null && f.errno() != 0) {
            return -f.errno();
        }
        return real.syncFileRange(fd, offset, nbytes, flags);
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        return real.lseek(fd, offset, whence);
    }

    @Override
    public int fallocate(int fd, int mode, long offset, long len) {
        return real.fallocate(fd, mode, offset, len);
    }

    @Override
    public int ftruncate(int fd, long length) {
        return real.ftruncate(fd, length);
    }

    @Override
    public int fadvise(int fd, long offset, long len, int advice) {
        return real.fadvise(fd, offset, len, advice);
    }
}
