package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.BufferPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadChecksumTest extends LeakFree {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    Path dir;

    @Test
    void checksumOfAFileReadWithDirectIoMatchesTheJdks() throws IOException {
        for (int size : new int[] {0, 1, 4095, 4096, 1_000_003}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);
            Path p = Files.write(dir.resolve("f" + size), data);
            CRC32C want = new CRC32C();
            want.update(data);
            try (BufferPool pool = BufferPool.create()) {
                ReadChecksum.Sum sum = ReadChecksum.crc32c(p, pool);
                assertEquals(size, sum.length());
                assertEquals((int) want.getValue(), sum.crc32c(), "size " + size);
                assertEquals(0, pool.outstandingChunks());
            }
        }
    }
}
