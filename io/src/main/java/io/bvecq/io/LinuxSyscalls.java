package io.bvecq.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.bvecq.io.internal.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The real {@link Syscalls}: FFM downcalls into the C library, with {@code errno} captured by the
 * linker ({@code Linker.Option.captureCallState("errno")}) into a per-thread segment, so a failing
 * call allocates nothing. Also {@code mmap}, {@code munmap} and {@code mincore}, which only tests use.
 */
final class LinuxSyscalls implements Syscalls {
    /** The one instance. */
    static final LinuxSyscalls INSTANCE = new LinuxSyscalls();

    private static final Linker.Option ERRNO_OPTION = Downcalls.ERRNO;

    // Each downcall is linked by its own holder class, on first use: linking spins method handles at run
    // time (a few milliseconds each), and a short command such as `bvq info` needs only a few of them.
    // A static final field of a holder is as constant to the JIT as one of this class.
    private static final class OpenCall {
        static final MethodHandle H = handle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    }
    private static final class CloseCall {
        static final MethodHandle H = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
    }
    private static final FunctionDescriptor VEC = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final FunctionDescriptor VEC2 =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final class PreadvCall {
        static final MethodHandle H = handle("preadv", VEC, ERRNO_OPTION);
    }
    private static final class PwritevCall {
        static final MethodHandle H = handle("pwritev", VEC, ERRNO_OPTION);
    }
    private static final class Preadv2Call {
        static final MethodHandle H = handle("preadv2", VEC2, ERRNO_OPTION);
    }
    private static final class Pwritev2Call {
        static final MethodHandle H = handle("pwritev2", VEC2, ERRNO_OPTION);
    }
    private static final class StatxCall {
        static final MethodHandle H = handle("statx",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), ERRNO_OPTION);
    }
    private static final class FdatasyncCall {
        static final MethodHandle H = handle("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
    }
    private static final class SyncFileRangeCall {
        static final MethodHandle H = handle("sync_file_range",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), ERRNO_OPTION);
    }
    private static final class LseekCall {
        static final MethodHandle H = handle("lseek",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO_OPTION);
    }
    private static final class FallocateCall {
        static final MethodHandle H = handle("fallocate",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION);
    }
    private static final class FtruncateCall {
        static final MethodHandle H = handle("ftruncate",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO_OPTION);
    }
    // posix_fadvise returns its error number instead of setting errno
    private static final class FadviseCall {
        static final MethodHandle H = handle("posix_fadvise",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    }
    private static final class MmapCall {
        static final MethodHandle H = handle("mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO_OPTION);
    }
    private static final class MunmapCall {
        static final MethodHandle H = handle("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPTION);
    }
    private static final class MincoreCall {
        static final MethodHandle H = handle("mincore",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS), ERRNO_OPTION);
    }

    private LinuxSyscalls() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        return Downcalls.handle(name, fd, options);
    }

    private static MemorySegment capture() {
        return Downcalls.capture();
    }

    private static int errno(MemorySegment cap) {
        return Downcalls.errno(cap);
    }

    private static long check(long r, MemorySegment cap) {
        return r < 0 ? -errno(cap) : r;
    }

    private static int check(int r, MemorySegment cap) {
        return r < 0 ? -errno(cap) : r;
    }

    private static RuntimeException rethrow(Throwable t) {
        return Downcalls.rethrow(t);
    }

    @Override
    public int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = capture();
            return check((int) OpenCall.H.invokeExact(cap, a.allocateFrom(path), flags, mode), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int close(int fd) {
        try {
            MemorySegment cap = capture();
            return check((int) CloseCall.H.invokeExact(cap, fd), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long preadv(int fd, MemorySegment iov, int iovcnt, long offset) {
        try {
            MemorySegment cap = capture();
            return check((long) PreadvCall.H.invokeExact(cap, fd, iov, iovcnt, offset), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pwritev(int fd, MemorySegment iov, int iovcnt, long offset) {
        try {
            MemorySegment cap = capture();
            return check((long) PwritevCall.H.invokeExact(cap, fd, iov, iovcnt, offset), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long preadv2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        try {
            MemorySegment cap = capture();
            return check((long) Preadv2Call.H.invokeExact(cap, fd, iov, iovcnt, offset, flags), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pwritev2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        try {
            MemorySegment cap = capture();
            return check((long) Pwritev2Call.H.invokeExact(cap, fd, iov, iovcnt, offset, flags), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int statx(int dirfd, String path, int flags, int mask, MemorySegment buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = capture();
            return check((int) StatxCall.H.invokeExact(cap, dirfd, a.allocateFrom(path), flags, mask, buf), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fdatasync(int fd) {
        try {
            MemorySegment cap = capture();
            return check((int) FdatasyncCall.H.invokeExact(cap, fd), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int syncFileRange(int fd, long offset, long nbytes, int flags) {
        try {
            MemorySegment cap = capture();
            return check((int) SyncFileRangeCall.H.invokeExact(cap, fd, offset, nbytes, flags), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        try {
            MemorySegment cap = capture();
            return check((long) LseekCall.H.invokeExact(cap, fd, offset, whence), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fallocate(int fd, int mode, long offset, long len) {
        try {
            MemorySegment cap = capture();
            return check((int) FallocateCall.H.invokeExact(cap, fd, mode, offset, len), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int ftruncate(int fd, long length) {
        try {
            MemorySegment cap = capture();
            return check((int) FtruncateCall.H.invokeExact(cap, fd, length), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fadvise(int fd, long offset, long len, int advice) {
        try {
            int r = (int) FadviseCall.H.invokeExact(fd, offset, len, advice);
            return -r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0)}: the mapping, or throws naming errno. For tests. */
    MemorySegment mmapShared(int fd, long len) {
        try {
            MemorySegment cap = capture();
            MemorySegment m = (MemorySegment) MmapCall.H.invokeExact(cap, MemorySegment.NULL, len, 1 /* PROT_READ */,
                    1 /* MAP_SHARED */, fd, 0L);
            if (m.address() == -1L) {
                throw new IllegalStateException("mmap: " + Errno.name(errno(cap)) + " len=" + len);
            }
            return m.reinterpret(len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code munmap(addr, len)}: 0 or {@code -errno}. For tests. */
    int munmap(MemorySegment mapping) {
        try {
            MemorySegment cap = capture();
            return check((int) MunmapCall.H.invokeExact(cap, mapping, mapping.byteSize()), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mincore(addr, len, vec)}: 0 or {@code -errno}; one byte per page in {@code vec}. For tests. */
    int mincore(MemorySegment mapping, MemorySegment vec) {
        try {
            MemorySegment cap = capture();
            return check((int) MincoreCall.H.invokeExact(cap, mapping, mapping.byteSize(), vec), cap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
