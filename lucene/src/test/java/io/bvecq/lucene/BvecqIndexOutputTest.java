package io.bvecq.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bvecq.BufferPool;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs: the bytes on disk, the running checksum at every step, and what stays in the page cache. */
class BvecqIndexOutputTest {
    @TempDir
    Path dir;

    @Test
    void checksumFollowsEveryWriteAcrossChunkBoundaries() throws IOException {
        Random r = new Random(42);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).build()) {
            try (IndexOutput out = d.createOutput("f", IOContext.DEFAULT)) {
                for (int i = 0; i < 3000; i++) {
                    ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                    switch (r.nextInt(5)) {
                        case 0 -> {
                            byte b = (byte) r.nextInt();
                            out.writeByte(b);
                            expected.write(b);
                        }
                        case 1 -> {
                            short s = (short) r.nextInt();
                            out.writeShort(s);
                            expected.write(le.putShort(s).array(), 0, 2);
                        }
                        case 2 -> {
                            int v = r.nextInt();
                            out.writeInt(v);
                            expected.write(le.putInt(v).array(), 0, 4);
                        }
                        case 3 -> {
                            long v = r.nextLong();
                            out.writeLong(v);
                            expected.write(le.putLong(v).array(), 0, 8);
                        }
                        default -> {
                            byte[] b = new byte[r.nextInt(9000)];
                            r.nextBytes(b);
                            out.writeBytes(b, b.length);
                            expected.write(b, 0, b.length);
                        }
                    }
                    assertEquals(expected.size(), out.getFilePointer());
                    if (r.nextInt(10) == 0) {
                        CRC32 crc = new CRC32();
                        crc.update(expected.toByteArray());
                        assertEquals(crc.getValue(), out.getChecksum(), "after " + expected.size() + " bytes");
                    }
                }
            }
            assertArrayEquals(expected.toByteArray(), Files.readAllBytes(dir.resolve("f")));
            assertEquals(0, d.pool().outstandingChunks());
        }
    }

    @Test
    void everyLengthAroundPageAndChunkEndsIsWrittenExactly() throws IOException {
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(8192).build()) {
            for (int len : new int[] {0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 12288, 16384, 16385}) {
                byte[] data = new byte[len];
                new Random(len).nextBytes(data);
                try (IndexOutput out = d.createOutput("f" + len, IOContext.DEFAULT)) {
                    out.writeBytes(data, data.length);
                }
                assertArrayEquals(data, Files.readAllBytes(dir.resolve("f" + len)), "length " + len);
                assertEquals(len, d.fileLength("f" + len));
            }
        }
    }

    @Test
    void directWritesLeaveTheFileOutOfThePageCache() throws IOException {
        byte[] data = new byte[(8 << 20) + 1234];
        new Random(7).nextBytes(data);
        try (BvecqDirectory d = BvecqDirectory.open(dir)) {
            try (IndexOutput out = d.createOutput("direct", IOContext.DEFAULT)) {
                out.writeBytes(data, data.length);
            }
        }
        Files.write(dir.resolve("buffered"), data); // the control: an ordinary buffered write stays cached
        Residency.Pages buffered = Residency.of(dir.resolve("buffered"));
        Residency.Pages direct = Residency.of(dir.resolve("direct"));
        assertTrue(buffered.fraction() > 0.5, "the control must stay cached, or mincore proves nothing: " + buffered);
        assertTrue(direct.fraction() < 0.05, "direct output left " + direct + " in the page cache");
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("direct")));
    }

    @Test
    void closingTwiceDoesNothingAndWritesAfterCloseFail() throws IOException {
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).build()) {
            IndexOutput out = d.createOutput("f", IOContext.DEFAULT);
            out.writeBytes(new byte[5000], 5000);
            out.close();
            out.close();
            assertThrows(IOException.class, () -> out.writeBytes(new byte[5000], 5000));
            assertThrows(IOException.class, () -> out.writeByte((byte) 1));
            assertThrows(IOException.class, () -> out.writeLong(1L));
            assertEquals(5000, out.getFilePointer(), "a rejected write appends nothing");
            assertEquals(5000, Files.size(dir.resolve("f")));
            assertEquals(0, d.pool().outstandingChunks());
        }
    }

    @Test
    void outputOutlivingItsDirectoryKeepsThePoolUntilItCloses() throws IOException {
        BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).build();
        IndexOutput out = d.createOutput("f", IOContext.DEFAULT);
        d.close();
        assertThrows(AlreadyClosedException.class, () -> d.createOutput("g", IOContext.DEFAULT));
        out.writeBytes(new byte[10000], 10000);
        assertTrue(!d.pool().isClosed(), "the pool must stay open while an output uses it");
        out.close();
        assertTrue(d.pool().isClosed());
        assertEquals(10000, Files.size(dir.resolve("f")));
    }

    /**
     * Write-behind on a writer that starts each write 20 ms late: by then the caller has appended into the other
     * chunk, so an output that appended into (or gave back) the chunk in flight would write wrong bytes. The file
     * and the checksum are exact, every full chunk but none of the tail went through the writer, the output held
     * two chunks while writing and none after close.
     */
    @Test
    void writeBehindNeverTouchesTheChunkInFlight() throws Exception {
        int chunkSize = 4096;
        byte[] data = new byte[20 * chunkSize + 1000];
        new Random(9).nextBytes(data);
        AtomicInteger writes = new AtomicInteger();
        Executor late = r -> {
            writes.incrementAndGet();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.run();
            });
            t.start();
        };
        Path f = dir.resolve("behind");
        try (BufferPool pool = BufferPool.create(chunkSize, 1 << 20, false)) {
            IoFile file = IoFile.open(f, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            AtomicInteger closed = new AtomicInteger();
            IndexOutput out = new BvecqIndexOutput("behind", file, pool.take(), pool, late, WritePolicy.AUTO,
                    closed::incrementAndGet);
            long most = 0;
            for (int at = 0; at < data.length; at += 700) {
                out.writeBytes(data, at, Math.min(700, data.length - at));
                most = Math.max(most, pool.outstandingChunks());
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            assertEquals(crc.getValue(), out.getChecksum());
            out.close();
            assertEquals(1, closed.get());
            assertArrayEquals(data, Files.readAllBytes(f));
            assertEquals(20, writes.get(), "each full chunk is written behind, the tail at close on this thread");
            assertEquals(2, most, "chunks held while writing behind");
            assertEquals(0, pool.outstandingChunks());
        }
    }

    /**
     * Closing the directory (with its outputs) ends its writer threads before it returns, not after their 2 s idle
     * time: a test framework that checks for leaked threads, as Lucene's does, finds none.
     */
    @Test
    void closingTheDirectoryEndsItsWriterThreads() throws Exception {
        String name = "bvecq-lucene-write-behind-threads-dir";
        try (BvecqDirectory d = BvecqDirectory.builder(dir.resolve("threads-dir")).chunkSize(4096).build()) {
            try (IndexOutput out = d.createOutput("f", IOContext.DEFAULT)) {
                out.writeBytes(new byte[5 * 4096], 5 * 4096);
                assertTrue(writerThreads(name) > 0, "the full chunks were written behind on the directory's threads");
            }
        }
        long deadline = System.nanoTime() + 100_000_000L; // close waits for them; 100 ms for a thread to finish dying
        while (writerThreads(name) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, writerThreads(name), "writer threads alive 100 ms after the directory closed");
    }

    private static long writerThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().equals(name)).count();
    }

    /** Without write-behind an output holds one chunk and writes on the caller's thread. */
    @Test
    void withoutWriteBehindAnOutputHoldsOneChunk() throws IOException {
        byte[] data = new byte[10 * 4096 + 5];
        new Random(10).nextBytes(data);
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).writeBehind(false).build()) {
            try (IndexOutput out = d.createOutput("f", IOContext.DEFAULT)) {
                for (int at = 0; at < data.length; at += 1000) {
                    out.writeBytes(data, at, Math.min(1000, data.length - at));
                    assertEquals(1, d.pool().outstandingChunks());
                }
            }
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("f")));
            assertEquals(0, d.pool().outstandingChunks());
        }
    }

    /**
     * A write behind that fails (ENOSPC on a 1 MiB tmpfs) is thrown by the output's next flush or by close, names
     * the error, fails every later write, and leaves no chunk held. Needs root to mount the tmpfs.
     */
    @Test
    void aFailedWriteBehindIsThrownLaterAndNothingLeaks() throws Exception {
        Path mnt = dir.resolve("small");
        Files.createDirectories(mnt);
        assumeTrue("root".equals(System.getProperty("user.name")) && run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                mnt.toString()), "needs root to mount a 1 MiB tmpfs");
        try (BvecqDirectory d = BvecqDirectory.builder(mnt).chunkSize(64 << 10).build()) {
            byte[] piece = new byte[16 << 10];
            new Random(3).nextBytes(piece);
            IndexOutput out = d.createOutput("big", IOContext.DEFAULT);
            IOException e = null;
            long written = 0;
            try {
                for (int i = 0; i < 4 * 64; i++) { // 4 MiB into 1 MiB
                    out.writeBytes(piece, piece.length);
                    written += piece.length;
                }
            } catch (IOException x) {
                e = x;
            }
            assertTrue(e != null, "a write after the failed write behind must throw, not only close");
            assertTrue(String.valueOf(e.getMessage()).contains("ENOSPC"), "the error names ENOSPC: " + e);
            assertTrue(written <= (1 << 20) + 3 * (64 << 10), "thrown by the flush after the failed chunk, at " + written);
            IOException c = assertThrows(IOException.class, out::close);
            assertTrue(String.valueOf(c.getMessage()).contains("ENOSPC"), "close names it again: " + c);
            assertThrows(IOException.class, () -> out.writeBytes(piece, piece.length));
            assertEquals(0, d.pool().outstandingChunks(), "no chunk held after close");
            d.deleteFile("big");
        } finally {
            run("umount", mnt.toString());
        }
    }

    /** Runs a command with its output discarded; true if it exits with 0. */
    private static boolean run(String... cmd) throws IOException, InterruptedException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor() == 0;
    }
}
