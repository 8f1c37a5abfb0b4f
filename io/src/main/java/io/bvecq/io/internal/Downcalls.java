package io.bvecq.io.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Links C library functions as FFM downcalls and reads the {@code errno} the linker captured. A handle
 * linked with {@link #ERRNO} takes a capture segment as its first argument ({@link #capture()}, one per
 * thread, so a failing call allocates nothing) and {@link #errno(MemorySegment)} reads it afterwards.
 *
 * <p>Threads: every method may be called from any thread.
 */
public final class Downcalls {
    /** The linker option that captures {@code errno} after the call. */
    public static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURE_SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private Downcalls() {
    }

    /**
     * Links a C library function.
     *
     * @param name the symbol, e.g. {@code "preadv"}
     * @param fd its C signature
     * @param options linker options, e.g. {@link #ERRNO}
     * @return the downcall handle
     * @throws UnsatisfiedLinkError if the C library has no such symbol
     */
    public static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(sym, fd, options);
    }

    /**
     * The calling thread's capture segment, to pass as the first argument of a handle linked with {@link #ERRNO}.
     *
     * @return the segment; the same one on every call from one thread
     */
    public static MemorySegment capture() {
        return CAPTURE_SEGMENT.get();
    }

    /**
     * The {@code errno} a call stored in a capture segment.
     *
     * @param capture the segment passed to the call
     * @return the positive errno of the last call that failed with it
     */
    public static int errno(MemorySegment capture) {
        return (int) ERRNO_VALUE.get(capture, 0L);
    }

    /**
     * Turns what a downcall threw into an unchecked exception: runtime exceptions as they are, errors rethrown,
     * anything else wrapped.
     *
     * @param t the throwable from {@code invokeExact}
     * @return the exception for the caller to throw
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("downcall failed", t);
    }
}
