package io.bvecq.lucene;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts the pages of files that are in the page cache: maps each file read-only (which loads nothing) and asks
 * {@code mincore(2)}, whose vector has bit 0 set for every resident page.
 */
final class Residency {
    private static final int PAGE = 4096;
    private static final MethodHandle MINCORE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mincore").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private static final MethodHandle OPEN = libc("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle FADVISE = libc("posix_fadvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    private static final int POSIX_FADV_DONTNEED = 4;

    private static MethodHandle libc(String name, FunctionDescriptor fd) {
        Linker l = Linker.nativeLinker();
        return l.downcallHandle(l.defaultLookup().find(name).orElseThrow(), fd);
    }

    private Residency() {
    }

    /** Resident and total pages of one file. */
    record Pages(long resident, long total) {
        Pages plus(Pages o) {
            return new Pages(resident + o.resident, total + o.total);
        }

        double fraction() {
            return total == 0 ? 0 : (double) resident / total;
        }
    }

    /** The pages of {@code file} in the page cache now. */
    static Pages of(Path file) throws IOException {
        long size = Files.size(file);
        long pages = (size + PAGE - 1) / PAGE;
        if (size == 0) {
            return new Pages(0, 0);
        }
        try (Arena arena = Arena.ofConfined();
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            MemorySegment vec = arena.allocate(pages);
            int r;
            try {
                r = (int) MINCORE.invokeExact(map, size, vec);
            } catch (Throwable t) {
                throw new IOException("mincore failed on " + file, t);
            }
            if (r != 0) {
                throw new IOException("mincore returned " + r + " on " + file);
            }
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
            return new Pages(resident, pages);
        }
    }

    /** The pages of every regular file directly in {@code dir}, summed. */
    static Pages ofDirectory(Path dir) throws IOException {
        Pages sum = new Pages(0, 0);
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals("write.lock")) {
                    sum = sum.plus(of(f));
                }
            }
        }
        return sum;
    }

    /** Drops the clean pages of {@code file} from the page cache ({@code posix_fadvise(DONTNEED)}); sync it first. */
    static void evict(Path file) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(a.allocateFrom(file.toString()), 0 /* O_RDONLY */);
            if (fd < 0) {
                throw new IOException("open failed: " + file);
            }
            try {
                int r = (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
                if (r != 0) {
                    throw new IOException("posix_fadvise(DONTNEED) returned " + r + " for " + file);
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("posix_fadvise failed on " + file, t);
        }
    }
}
