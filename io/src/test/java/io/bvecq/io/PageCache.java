package io.bvecq.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/** Measures how much of a file is in the page cache: mmap it and ask mincore. */
final class PageCache {
    private PageCache() {
    }

    static double residentFraction(Path p) throws IOException {
        long size = Files.size(p);
        LinuxSyscalls sys = LinuxSyscalls.INSTANCE;
        int fd = sys.open(p.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IoErrnoException("open", -fd, p.toString(), 0, 0, 0);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment map = sys.mmapShared(fd, size);
            try {
                long pages = (size + 4095) / 4096;
                MemorySegment vec = a.allocate(pages);
                int r = sys.mincore(map, vec);
                if (r < 0) {
                    throw new IoErrnoException("mincore", -r, p.toString(), 0, size, 0);
                }
                long resident = 0;
                for (long i = 0; i < pages; i++) {
                    resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
                }
                return (double) resident / pages;
            } finally {
                sys.munmap(map);
            }
        } finally {
            sys.close(fd);
        }
    }
}
