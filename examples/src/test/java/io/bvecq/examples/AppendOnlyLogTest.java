package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendOnlyLogTest extends LeakFree {
    @TempDir
    Path dir;

    @Test
    void recordsAppendedAndSyncedReadBackVerified() throws IOException {
        Path p = dir.resolve("log");
        List<byte[]> written = new ArrayList<>();
        Random rnd = new Random(7);
        try (BufferPool pool = BufferPool.create()) {
            try (AppendOnlyLog log = AppendOnlyLog.open(p, pool)) {
                for (int batch = 0; batch < 20; batch++) {
                    for (int i = 0; i < 50; i++) {
                        byte[] r = new byte[rnd.nextInt(i % 10 == 0 ? 20_000 : 300)]; // empty records too
                        rnd.nextBytes(r);
                        log.append(r);
                        written.add(r);
                    }
                    long length = log.sync();
                    assertEquals(Files.size(p), length, "synced length is the file's");
                }
            }
            try (AppendOnlyLog log = AppendOnlyLog.open(p, pool)) { // reopen: appends go after the old records
                log.append(new byte[] {1, 2, 3}).sync();
                written.add(new byte[] {1, 2, 3});
            }
            List<byte[]> read = AppendOnlyLog.readAll(p, pool);
            assertEquals(written.size(), read.size());
            for (int i = 0; i < read.size(); i++) {
                assertArrayEquals(written.get(i), read.get(i), "record " + i);
            }
            long framing = (long) AppendOnlyLog.HEADER_BYTES * written.size();
            assertEquals(framing + written.stream().mapToLong(b -> b.length).sum(), Files.size(p));
            assertEquals(0, pool.outstandingChunks());
        }
    }

    @Test
    void aFlippedByteIsFoundAndNamed() throws IOException {
        Path p = dir.resolve("bad");
        try (BufferPool pool = BufferPool.create()) {
            try (AppendOnlyLog log = AppendOnlyLog.open(p, pool)) {
                log.append(new byte[100]).append(new byte[200]).sync();
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {9}), 108 + 8 + 50); // inside the second payload
            }
            IOException e = assertThrows(IOException.class, () -> AppendOnlyLog.readAll(p, pool));
            assertTrue(e.getMessage().endsWith("record at offset 108 fails its CRC32C"), e.getMessage());

            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(108 + 8 + 199);
            }
            e = assertThrows(IOException.class, () -> AppendOnlyLog.readAll(p, pool));
            assertTrue(e.getMessage().endsWith("record at offset 108 has length 200 (expected: 0 <= length <= 199)"),
                    e.getMessage());
            assertEquals(0, pool.outstandingChunks(), "a failed read gives its buffer back");
        }
    }
}
