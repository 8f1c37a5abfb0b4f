package io.bvecq.netfs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.bvecq.io.IoErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Extended attributes of a file by path, through FFM downcalls of {@code setxattr}/{@code getxattr} with errno
 * captured by the linker (as the io module calls libc).
 */
final class Xattrs {
    /** {@code ENODATA}: the attribute does not exist. */
    static final int ENODATA = 61;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    private static final MethodHandle SET = LINKER.downcallHandle(LINKER.defaultLookup().find("setxattr").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO_OPTION);
    private static final MethodHandle GET = LINKER.downcallHandle(LINKER.defaultLookup().find("getxattr").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), ERRNO_OPTION);

    private Xattrs() {
    }

    /** Sets {@code name} on {@code path} to {@code value}, creating or replacing it. */
    static void set(String path, String name, byte[] value) throws IoErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(CAPTURE);
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            int r = (int) SET.invokeExact(cs, a.allocateFrom(path), a.allocateFrom(name), v, (long) value.length, 0);
            if (r < 0) {
                throw new IoErrnoException("setxattr(" + name + ")", (int) ERRNO.get(cs, 0L), path, 0, value.length, 0);
            }
        } catch (IoErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setxattr downcall failed", t);
        }
    }

    /** The value of {@code name} on {@code path} (at most {@code max} bytes), or {@code null} if it is not set. */
    static byte[] get(String path, String name, int max) throws IoErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(CAPTURE);
            MemorySegment v = a.allocate(max);
            long r = (long) GET.invokeExact(cs, a.allocateFrom(path), a.allocateFrom(name), v, (long) max);
            if (r < 0) {
                int errno = (int) ERRNO.get(cs, 0L);
                if (errno == ENODATA) {
                    return null;
                }
                throw new IoErrnoException("getxattr(" + name + ")", errno, path, 0, max, 0);
            }
            return v.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE);
        } catch (IoErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("getxattr downcall failed", t);
        }
    }
}
