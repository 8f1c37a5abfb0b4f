package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.io.FaultySyscalls.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected under {@link IoFile}: after each, either the file is byte-exact or the exception names
 * how much was written, and exactly that prefix is in the file.
 */
class FaultInjectionTest {
    private static final int SIZE = 12 << 20; // three calls of 1024 iovecs of 4 KiB (IOV_MAX)
    private static final byte[] DATA = TestChains.randomBytes(SIZE, 42);
    private Path dir;
    private Path file;
    private BufferPool pool;
    private Bvecq src;

    @BeforeAll
    static void warmDontcacheProbe() throws IOException {
        // the RWF_DONTCACHE probe runs once per file system; run it now so it does not count as a READ below
        Path d = TestChains.tempDir();
        try (IoFile f = IoFile.open(d.resolve("warm"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertTrue(f.capabilities().directIo());
        } finally {
            TestChains.deleteTree(d);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        dir = TestChains.tempDir();
        file = dir.resolve("f");
        pool = BufferPool.create();
        src = TestChains.pooled(pool, DATA);
    }

    @AfterEach
    void tearDown() {
        src.release();
        pool.close();
        TestChains.deleteTree(dir);
    }

    private IoFile open(FaultySyscalls sys) throws IOException {
        return IoFile.open(file, sys, Path.of("/sys"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private void assertByteExact() throws IOException {
        assertArrayEquals(DATA, Files.readAllBytes(file));
    }

    /** The error names what was written, and that prefix is what the file holds. */
    private void assertPrefixNamed(IoErrnoException e, long offset) throws IOException {
        byte[] got = Files.readAllBytes(file);
        long n = e.bytesTransferred();
        assertTrue(n >= 0 && n <= e.length(), e.getMessage());
        assertTrue(got.length >= offset + n, "file shorter than the bytes reported: " + got.length + " < " + n);
        assertArrayEquals(Arrays.copyOfRange(DATA, 0, (int) n), Arrays.copyOfRange(got, (int) offset, (int) (offset + n)),
                "the bytes the error says were written must be in the file");
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("offset=" + offset)
                && e.getMessage().contains("length=" + e.length()), e.getMessage());
    }

    @Test
    void eintrAndEagainAreRetried() throws IOException {
        FaultySyscalls sys = new FaultySyscalls().fail(Op.WRITE, 1, Errno.EINTR).fail(Op.WRITE, 2, Errno.EAGAIN)
                .fail(Op.WRITE, 4, Errno.EINTR);
        try (IoFile f = open(sys)) {
            assertEquals(SIZE, f.write(0, src, WritePolicy.AUTO).bytes());
        }
        assertTrue(sys.calls(Op.WRITE) >= 6, "faulted calls were retried: " + sys.calls(Op.WRITE));
        assertByteExact();
    }

    @Test
    void endlessEintrGivesUpAfterTheBoundAndSaysNothingWasWritten() throws IOException {
        FaultySyscalls sys = new FaultySyscalls();
        for (int i = 1; i <= IoFile.MAX_RETRIES + 1; i++) {
            sys.fail(Op.WRITE, i, Errno.EINTR);
        }
        try (IoFile f = open(sys)) {
            IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.write(0, src, WritePolicy.AUTO));
            assertEquals("EINTR", e.errnoName());
            assertEquals(0, e.bytesTransferred());
        }
        assertEquals(IoFile.MAX_RETRIES + 1, sys.calls(Op.WRITE));
        assertEquals(0, Files.size(file));
    }

    @Test
    void shortAlignedDirectWritesContinueDirect() throws IOException {
        FaultySyscalls sys = new FaultySyscalls().shorten(Op.WRITE, 1, 8192).shorten(Op.WRITE, 3, 4096);
        try (IoFile f = open(sys)) {
            WriteResult r = f.write(0, src, WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy());
            assertTrue(f.fallbackCounts().isEmpty(), f.fallbackCounts().toString());
        }
        assertByteExact();
    }

    @Test
    void shortUnalignedDirectWriteFinishesBufferedAndIsCounted() throws IOException {
        FaultySyscalls sys = new FaultySyscalls().shorten(Op.WRITE, 1, 1000);
        try (IoFile f = open(sys)) {
            f.write(0, src, WritePolicy.AUTO);
            assertEquals(1L, f.fallbackCounts().get(WriteReason.UNALIGNED_OFFSET));
        }
        assertByteExact();
    }

    @Test
    void shortBufferedAndBouncedWritesContinue() throws IOException {
        FaultySyscalls sys = new FaultySyscalls().shorten(Op.WRITE, 1, 777).shorten(Op.WRITE, 2, 1)
                .shorten(Op.WRITE, 5, 4096 * 3);
        try (IoFile f = open(sys)) {
            f.write(0, src, WritePolicy.BUFFERED);
            f.write(0, src, WritePolicy.BOUNCE);
        }
        assertByteExact();
    }

    @Test
    void shortReadsContinueByteExact() throws IOException {
        Files.write(file, DATA);
        FaultySyscalls sys = new FaultySyscalls().shorten(Op.READ, 1, 4096).shorten(Op.READ, 2, 100)
                .fail(Op.READ, 3, Errno.EINTR).shorten(Op.READ, 5, 1);
        Bvecq dst = TestChains.pooledEmpty(pool, SIZE);
        try (IoFile f = open(sys)) {
            assertEquals(SIZE, f.read(0, dst));
            assertArrayEquals(DATA, TestChains.bytes(dst));
        } finally {
            dst.release();
        }
    }

    @Test
    void eioInTheMiddleNamesWhatWasWritten() throws IOException {
        FaultySyscalls sys = new FaultySyscalls().fail(Op.WRITE, 3, Errno.EIO);
        try (IoFile f = open(sys)) {
            IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.write(8192, src, WritePolicy.AUTO));
            assertEquals(Errno.EIO, e.errno());
            assertEquals("pwritev", e.op());
            assertEquals(2L * 1024 * 4096, e.bytesTransferred(), "two full calls of 1024 iovecs went through");
            assertTrue(e.getMessage().contains("EIO (errno 5)"), e.getMessage());
            assertPrefixNamed(e, 8192);
        }
    }

    @Test
    void enospcAfterAShortWriteNamesThePartialCount() throws IOException {
        FaultySyscalls sys = new FaultySyscalls().shorten(Op.WRITE, 1, 12288).fail(Op.WRITE, 2, Errno.ENOSPC);
        try (IoFile f = open(sys)) {
            IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.write(0, src, WritePolicy.BUFFERED));
            assertEquals("ENOSPC", e.errnoName());
            assertEquals("pwritev2", e.op(), "the uncached path uses pwritev2(RWF_DONTCACHE)");
            assertEquals(12288, e.bytesTransferred());
            assertPrefixNamed(e, 0);
        }
    }

    @Test
    void writebackErrorSurfacesOnTheWriteThatCausedIt() throws IOException {
        FaultySyscalls sys = new FaultySyscalls().fail(Op.SYNC, 1, Errno.EIO);
        try (IoFile f = open(sys)) {
            IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.write(0, src, WritePolicy.BUFFERED));
            assertEquals("sync_file_range", e.op());
            assertEquals(Errno.EIO, e.errno());
            assertEquals(SIZE, e.bytesTransferred(), "every byte reached the page cache; writeback failed");
            // the next write is not blamed for the earlier failure
            assertEquals(SIZE, f.write(0, src, WritePolicy.BUFFERED).bytes());
        }
        assertByteExact();
    }

    @Test
    void eioOnReadNamesWhatWasRead() throws IOException {
        Files.write(file, DATA);
        FaultySyscalls sys = new FaultySyscalls().fail(Op.READ, 2, Errno.EIO);
        Bvecq dst = TestChains.pooledEmpty(pool, SIZE);
        try (IoFile f = open(sys)) {
            IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.read(0, dst));
            assertEquals("preadv", e.op());
            assertEquals(1024L * 4096, e.bytesTransferred());
            assertArrayEquals(Arrays.copyOf(DATA, 1024 * 4096), Arrays.copyOf(TestChains.bytes(dst), 1024 * 4096));
        } finally {
            dst.release();
        }
    }
}
