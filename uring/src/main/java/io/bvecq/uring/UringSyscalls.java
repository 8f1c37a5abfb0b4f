package io.bvecq.uring;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.bvecq.io.internal.Downcalls;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The three io_uring system calls through libc's {@code syscall()}, and {@code mmap}/{@code munmap}/{@code close}
 * for the rings, as FFM downcalls with {@code errno} captured ({@link Downcalls}). Convention as in the io
 * module: a failing call returns {@code -errno}; nothing allocates on the Java heap.
 *
 * <p>The system call numbers are those of the generic table, shared by x86-64 and arm64 since io_uring
 * arrived after the tables were unified (425, 426, 427). Every argument of the variadic {@code syscall()}
 * is passed as a 64-bit word: the C function reads each as a {@code long}.
 */
final class UringSyscalls {
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_POPULATE = 0x8000;

    private static final class Syscall2 {
        static final MethodHandle H = Downcalls.handle("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Downcalls.ERRNO, Linker.Option.firstVariadicArg(1));
    }
    private static final class Syscall4 {
        static final MethodHandle H = Downcalls.handle("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Downcalls.ERRNO, Linker.Option.firstVariadicArg(1));
    }
    private static final class Syscall6 {
        static final MethodHandle H = Downcalls.handle("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                        JAVA_LONG),
                Downcalls.ERRNO, Linker.Option.firstVariadicArg(1));
    }
    private static final class MmapCall {
        static final MethodHandle H = Downcalls.handle("mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), Downcalls.ERRNO);
    }
    private static final class MunmapCall {
        static final MethodHandle H = Downcalls.handle("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG),
                Downcalls.ERRNO);
    }
    private static final class CloseCall {
        static final MethodHandle H = Downcalls.handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), Downcalls.ERRNO);
    }

    private UringSyscalls() {
    }

    /** {@code io_uring_setup(entries, params)}: the ring's descriptor or {@code -errno}. */
    static int setup(int entries, MemorySegment params) {
        try {
            MemorySegment cap = Downcalls.capture();
            long r = (long) Syscall2.H.invokeExact(cap, SYS_IO_URING_SETUP, (long) entries, params.address());
            return r < 0 ? -Downcalls.errno(cap) : (int) r;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code io_uring_enter(fd, toSubmit, minComplete, flags, NULL, 0)}: SQEs consumed or {@code -errno}. */
    static int enter(int fd, int toSubmit, int minComplete, int flags) {
        try {
            MemorySegment cap = Downcalls.capture();
            long r = (long) Syscall6.H.invokeExact(cap, SYS_IO_URING_ENTER, (long) fd, (long) toSubmit,
                    (long) minComplete, (long) flags, 0L, 0L);
            return r < 0 ? -Downcalls.errno(cap) : (int) r;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code io_uring_register(fd, opcode, arg, nrArgs)}: an opcode-specific result or {@code -errno}. */
    static int register(int fd, int opcode, long arg, int nrArgs) {
        try {
            MemorySegment cap = Downcalls.capture();
            long r = (long) Syscall4.H.invokeExact(cap, SYS_IO_URING_REGISTER, (long) fd, (long) opcode, arg,
                    (long) nrArgs);
            return r < 0 ? -Downcalls.errno(cap) : (int) r;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@code mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_POPULATE, fd, offset)}: the mapping as a
     * segment of {@code len} bytes, or {@link MemorySegment#NULL} with the errno in {@code errnoOut[0]}.
     */
    static MemorySegment mmap(long len, int fd, long offset, int[] errnoOut) {
        try {
            MemorySegment cap = Downcalls.capture();
            MemorySegment m = (MemorySegment) MmapCall.H.invokeExact(cap, MemorySegment.NULL, len,
                    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
            if (m.address() == -1L) {
                errnoOut[0] = Downcalls.errno(cap);
                return MemorySegment.NULL;
            }
            return m.reinterpret(len);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code munmap(mapping, size)}: 0 or {@code -errno}. */
    static int munmap(MemorySegment mapping) {
        try {
            MemorySegment cap = Downcalls.capture();
            int r = (int) MunmapCall.H.invokeExact(cap, mapping, mapping.byteSize());
            return r < 0 ? -Downcalls.errno(cap) : r;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code close(fd)}: 0 or {@code -errno}. */
    static int close(int fd) {
        try {
            MemorySegment cap = Downcalls.capture();
            int r = (int) CloseCall.H.invokeExact(cap, fd);
            return r < 0 ? -Downcalls.errno(cap) : r;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
