package io.bvecq.examples;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.io.IoFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Job 2: read a whole file with O_DIRECT into pooled, page-aligned memory and take its CRC32C without
 * copying it again.
 */
public final class ReadChecksum {
    private ReadChecksum() {
    }

    /**
     * A file's length and checksum.
     *
     * @param length the bytes read
     * @param crc32c the CRC32C of those bytes, in the low 32 bits
     */
    public record Sum(long length, int crc32c) {
    }

    /**
     * Reads a file and checksums it.
     *
     * @param path a regular file
     * @param pool where the read buffer comes from
     * @return the length and the CRC32C
     * @throws IOException if the file cannot be opened or read
     */
    // @start region="crc"
    public static Sum crc32c(Path path, BufferPool pool) throws IOException {
        try (IoFile f = IoFile.open(path);
             Bvecq chain = readAll(f, pool)) {
            long n = f.size();
            try (IoIter it = IoIter.bvecq(Direction.SOURCE, chain, 0, 0, n)) {
                return new Sum(n, it.crc32c(0, n));   // read in place, no copy
            }
        }
    }
    // @end

    /**
     * Reads a whole file into a new chain of pool chunks. The chain is as long as the file rounded up to
     * the file system's direct-I/O alignment, so offset, length and memory all suit O_DIRECT and the read
     * takes the direct path; the bytes past the end of the file stay as they were.
     *
     * @param f an open file
     * @param pool where the chunks come from
     * @return the chain; the caller owns its reference
     * @throws IOException if the read fails or the file changed size while it was read
     */
    // @start region="readAll"
    public static Bvecq readAll(IoFile f, BufferPool pool) throws IOException {
        long size = f.size();
        long align = Math.max(1, f.capabilities().dioOffsetAlign());   // statx STATX_DIOALIGN
        long rounded = Math.max(align, (size + align - 1) / align * align);
        Bvecq chain = BvecqBuffers.allocBuffer(pool, rounded, 0);     // page-aligned chunks
        try {
            long got = f.read(0, chain);   // direct I/O: everything is aligned; short at the end of the file
            if (got != size) {
                throw new IOException(f.path() + ": read " + got + " bytes (expected: " + size + ")");
            }
            return chain;
        } catch (IOException | RuntimeException e) {
            chain.release();
            throw e;
        }
    }
    // @end
}
