package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads and writes on real files in a temp directory of this machine's ext4. */
class IoFileTest {
    private static final StandardOpenOption[] RW = {StandardOpenOption.CREATE, StandardOpenOption.WRITE};
    private Path dir;
    private BufferPool pool;

    @BeforeEach
    void setUp() throws IOException {
        dir = TestChains.tempDir();
        pool = BufferPool.create();
    }

    @AfterEach
    void tearDown() {
        pool.close();
        TestChains.deleteTree(dir);
    }

    @Test
    void capabilitiesOfThisMachinesExt4() throws IOException {
        try (IoFile f = IoFile.open(dir.resolve("caps"), RW)) {
            FileCapabilities c = f.capabilities();
            assertTrue(c.directIo(), "O_DIRECT with statx DIO alignment works on /tmp here: " + c);
            assertTrue(c.dioMemAlign() > 0 && Integer.bitCount(c.dioMemAlign()) == 1, c.toString());
            assertTrue(c.dioOffsetAlign() >= 512 && Integer.bitCount(c.dioOffsetAlign()) == 1, c.toString());
            assertTrue(c.dontcache(), "RWF_DONTCACHE works on this machine's ext4: " + c);
            assertEquals("ext4", c.fileSystem());
            assertTrue(c.parallelDirectWrites());
        }
    }

    @Test
    void alignedChainIsWrittenDirectAndReadBackByteExact() throws IOException {
        byte[] data = TestChains.randomBytes(1 << 20, 1);
        Path p = dir.resolve("direct");
        Bvecq src = TestChains.pooled(pool, data);
        Bvecq dst = TestChains.pooledEmpty(pool, data.length);
        try (IoFile f = IoFile.open(p, RW)) {
            WriteResult r = f.write(0, src, WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy());
            assertEquals(WriteReason.ZERO_COPY_SAFE, r.decision().reason());
            assertEquals(data.length, r.bytes());
            assertEquals(Map.of(), f.fallbackCounts());
            assertEquals(data.length, f.read(0, dst));
            assertArrayEquals(data, TestChains.bytes(dst));
        } finally {
            src.release();
            dst.release();
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    @Test
    void writeFromAPositionWritesOnlyTheRequestedRange() throws IOException {
        byte[] data = TestChains.randomBytes(64 << 10, 2);
        Path p = dir.resolve("range");
        Bvecq src = TestChains.pooled(pool, data);
        BvecqPos pos = BvecqPos.at(src);
        try (IoFile f = IoFile.open(p, RW)) {
            pos.advance(8192);
            WriteResult r = f.write(4096, pos, 16384, WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy());
            assertEquals(data.length - 8192, pos.remaining(), "the position is not moved");
        } finally {
            pos.unset();
            src.release();
        }
        byte[] got = Files.readAllBytes(p);
        assertEquals(4096 + 16384, got.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 8192, 8192 + 16384),
                java.util.Arrays.copyOfRange(got, 4096, got.length));
    }

    @Test
    void unalignedMemoryIsBouncedWithItsReasonAndChecksum() throws IOException {
        byte[] data = TestChains.randomBytes(300 * 1024, 3);
        Path p = dir.resolve("bounce");
        try (Arena arena = Arena.ofConfined(); IoFile f = IoFile.open(p, RW)) {
            Bvecq src = TestChains.skewed(arena, data, 3, 1000, 4096, 77, 65536);
            try {
                WriteResult r = f.write(0, src, WritePolicy.AUTO);
                assertEquals(WriteStrategy.BOUNCE, r.decision().strategy());
                assertEquals(WriteReason.UNALIGNED_MEMORY, r.decision().reason());
                CRC32C crc = new CRC32C();
                crc.update(data);
                assertEquals(crc.getValue(), r.crc32c());
                assertEquals(Map.of(WriteReason.UNALIGNED_MEMORY, 1L), f.fallbackCounts());
            } finally {
                src.release();
            }
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    @Test
    void heapMemoryIsCopiedNeverPassedToTheKernel() throws IOException {
        byte[] data = TestChains.randomBytes(8192, 4);
        Path p = dir.resolve("heap");
        Bvecq src = Bvecq.allocOne(Disposal.NONE);
        src.appendSlot(MemorySegment.ofArray(data.clone()), 0, data.length, null);
        try (IoFile f = IoFile.open(p, RW)) {
            WriteResult r = f.write(0, src, WritePolicy.AUTO);
            assertEquals(WriteStrategy.BOUNCE, r.decision().strategy());
            WriteResult r2 = f.write(8192 + 10, src, WritePolicy.AUTO);
            assertEquals(WriteStrategy.BUFFERED, r2.decision().strategy());
        } finally {
            src.release();
        }
        byte[] got = Files.readAllBytes(p);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(got, 0, 8192));
        assertArrayEquals(data, java.util.Arrays.copyOfRange(got, 8202, 8202 + 8192));
    }

    @Test
    void unalignedOffsetFallsBackToUncachedBufferedWithItsReason() throws IOException {
        byte[] data = TestChains.randomBytes(10000, 5);
        Path p = dir.resolve("buffered");
        Bvecq src = TestChains.pooled(pool, data);
        try (IoFile f = IoFile.open(p, RW)) {
            WriteResult r = f.write(100, src, WritePolicy.AUTO);
            assertEquals(WriteStrategy.BUFFERED, r.decision().strategy());
            assertEquals(WriteReason.UNALIGNED_OFFSET, r.decision().reason());
            assertEquals(Map.of(WriteReason.UNALIGNED_OFFSET, 1L), f.fallbackCounts());
        } finally {
            src.release();
        }
        byte[] got = Files.readAllBytes(p);
        assertEquals(10100, got.length);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(got, 100, got.length));
    }

    @Test
    void strictRefusesWhatItCannotWriteZeroCopyAndWritesNothing() throws IOException {
        byte[] data = TestChains.randomBytes(8192, 6);
        Path p = dir.resolve("strict");
        Bvecq aligned = TestChains.pooled(pool, data);
        try (Arena arena = Arena.ofConfined(); IoFile f = IoFile.open(p, RW)) {
            Bvecq skewed = TestChains.skewed(arena, data, 1, 8192);
            try {
                WriteRefusedException e1 = assertThrows(WriteRefusedException.class,
                        () -> f.write(0, skewed, WritePolicy.STRICT));
                assertEquals(WriteReason.UNALIGNED_MEMORY, e1.decision().reason());
                WriteRefusedException e2 = assertThrows(WriteRefusedException.class,
                        () -> f.write(512 + 1, aligned, WritePolicy.STRICT));
                assertEquals(WriteReason.UNALIGNED_OFFSET, e2.decision().reason());
                assertEquals(0, f.size(), "a refused write writes nothing");
                assertEquals(WriteStrategy.DIRECT, f.write(0, aligned, WritePolicy.STRICT).decision().strategy());
            } finally {
                skewed.release();
            }
        } finally {
            aligned.release();
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    @Test
    void policiesBounceAndBufferedAreHonouredEvenWhenAligned() throws IOException {
        byte[] data = TestChains.randomBytes(65536, 7);
        Bvecq src = TestChains.pooled(pool, data);
        try (IoFile f = IoFile.open(dir.resolve("policies"), RW)) {
            WriteResult b = f.write(0, src, WritePolicy.BOUNCE);
            assertEquals(WriteStrategy.BOUNCE, b.decision().strategy());
            assertEquals(WriteReason.POLICY_BOUNCE, b.decision().reason());
            WriteResult u = f.write(65536, src, WritePolicy.BUFFERED);
            assertEquals(WriteStrategy.BUFFERED, u.decision().strategy());
            assertEquals(Map.of(), f.fallbackCounts(), "what the policy asked for is no fallback");
        } finally {
            src.release();
        }
        byte[] got = Files.readAllBytes(dir.resolve("policies"));
        assertArrayEquals(data, java.util.Arrays.copyOfRange(got, 0, 65536));
        assertArrayEquals(data, java.util.Arrays.copyOfRange(got, 65536, 131072));
    }

    @Test
    void dontcacheWritesLeaveAlmostNothingInThePageCache() throws IOException {
        int size = 16 << 20;
        byte[] data = TestChains.randomBytes(size, 8);
        Path uncached = dir.resolve("uncached");
        Path cached = dir.resolve("cached");
        Bvecq src = TestChains.pooled(pool, data);
        try (IoFile f = IoFile.open(uncached, RW)) {
            assertTrue(f.capabilities().dontcache());
            assertEquals(WriteStrategy.BUFFERED, f.write(0, src, WritePolicy.BUFFERED).decision().strategy());
        } finally {
            src.release();
        }
        Files.write(cached, data); // the control: an ordinary buffered write
        double uncachedResident = PageCache.residentFraction(uncached);
        double cachedResident = PageCache.residentFraction(cached);
        assertTrue(cachedResident > 0.5, "the control must stay cached, or mincore proves nothing: " + cachedResident);
        assertTrue(uncachedResident < 0.05, "DONTCACHE left " + uncachedResident + " of the file in the page cache");
        assertArrayEquals(data, Files.readAllBytes(uncached));
    }

    @Test
    void readsShortAtEndOfFileAndUnalignedReadsWork() throws IOException {
        byte[] data = TestChains.randomBytes(5000, 9);
        Path p = dir.resolve("short");
        Files.write(p, data);
        Bvecq dst = TestChains.pooledEmpty(pool, 8192);
        BvecqPos pos = BvecqPos.at(dst);
        try (IoFile f = IoFile.open(p)) {
            assertEquals(5000, f.read(0, dst));
            assertArrayEquals(data, java.util.Arrays.copyOf(TestChains.bytes(dst), 5000));
            assertEquals(1000, f.read(4000, pos, 3000));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 4000, 5000),
                    java.util.Arrays.copyOf(TestChains.bytes(dst), 1000));
            assertEquals(0, f.read(6000, pos, 100));
        } finally {
            pos.unset();
            dst.release();
        }
    }

    @Test
    void parallelDirectWritersLandByteExact() throws Exception {
        int per = 1 << 20;
        int writers = 4;
        byte[] data = TestChains.randomBytes(per * writers, 10);
        Path p = dir.resolve("parallel");
        ExecutorService ex = Executors.newFixedThreadPool(writers);
        try (IoFile f = IoFile.open(p, RW)) {
            List<Future<WriteResult>> fs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int off = w * per;
                fs.add(ex.submit(() -> {
                    Bvecq c = TestChains.pooled(pool, java.util.Arrays.copyOfRange(data, off, off + per));
                    try {
                        return f.write(off, c, WritePolicy.AUTO);
                    } finally {
                        c.release();
                    }
                }));
            }
            for (Future<WriteResult> r : fs) {
                assertEquals(WriteStrategy.DIRECT, r.get().decision().strategy());
            }
        } finally {
            ex.shutdown();
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    @Test
    void badInputIsRejectedClearlyAndWritesNothing() throws IOException {
        Path p = dir.resolve("bad");
        Bvecq src = TestChains.pooled(pool, new byte[4096]);
        BvecqPos pos = BvecqPos.at(src);
        try {
            IoFile f = IoFile.open(p, RW);
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                    () -> f.write(-1, src, WritePolicy.AUTO));
            assertTrue(neg.getMessage().contains("fileOffset: -1"), neg.getMessage());
            IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class,
                    () -> f.write(0, pos, 4097, WritePolicy.AUTO));
            assertTrue(past.getMessage().contains("length: 4097 (expected: 0 <= length <= 4096"), past.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.write(0, pos, -5, WritePolicy.AUTO));
            assertEquals(0, f.size());
            f.close();
            IOException closed = assertThrows(IOException.class, () -> f.write(0, src, WritePolicy.AUTO));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            f.close(); // twice: nothing
        } finally {
            pos.unset();
            src.release();
        }
        assertEquals(0, Files.size(p));
        IoErrnoException isDir = assertThrows(IoErrnoException.class, () -> IoFile.open(dir));
        assertEquals("EISDIR", isDir.errnoName());
        IoErrnoException isDirRw = assertThrows(IoErrnoException.class, () -> IoFile.open(dir, StandardOpenOption.WRITE));
        assertEquals("EISDIR", isDirRw.errnoName());
        IoErrnoException missing = assertThrows(IoErrnoException.class, () -> IoFile.open(dir.resolve("nope")));
        assertEquals(Errno.ENOENT, missing.errno());
        assertTrue(missing.getMessage().contains("ENOENT (errno 2)") && missing.getMessage().contains("nope"),
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IoFile.open(p, StandardOpenOption.APPEND));
    }

    @Test
    void closeWaitsForWritesInProgressAndLaterCallsFail() throws Exception {
        byte[] data = TestChains.randomBytes(1 << 20, 11);
        Bvecq src = TestChains.pooled(pool, data);
        IoFile f = IoFile.open(dir.resolve("closing"), RW);
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (long off = 0;; off += data.length) {
                    f.write(off % (8L << 20), src, WritePolicy.AUTO);
                    written.incrementAndGet();
                }
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        try {
            writer.start();
            while (written.get() < 3) {
                Thread.onSpinWait();
            }
            f.close();
            writer.join(10_000);
        } finally {
            src.release();
        }
        assertTrue(ended.get() instanceof IOException && ended.get().getMessage().contains("file closed"),
                String.valueOf(ended.get()));
        byte[] got = Files.readAllBytes(dir.resolve("closing"));
        for (int off = 0; off + data.length <= got.length; off += data.length) {
            assertArrayEquals(data, java.util.Arrays.copyOfRange(got, off, off + data.length), "block at " + off);
        }
    }

    @Test
    void writingToAReadOnlyFileNamesEbadfAndNothingIsWritten() throws IOException {
        Path p = dir.resolve("ro");
        Files.write(p, new byte[0]);
        Bvecq src = TestChains.pooled(pool, new byte[4096]);
        try (IoFile f = IoFile.open(p)) {
            IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.write(0, src, WritePolicy.AUTO));
            assertEquals("EBADF", e.errnoName());
            assertEquals(0, e.bytesTransferred());
        } finally {
            src.release();
        }
        assertEquals(0, Files.size(p));
    }
}
