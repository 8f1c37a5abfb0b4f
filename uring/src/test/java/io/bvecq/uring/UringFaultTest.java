package io.bvecq.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.io.IoErrnoException;
import io.bvecq.io.WritePolicy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected at the CQE through the {@link Faults} seam: {@code -EIO}, {@code -ENOSPC}, {@code -EAGAIN},
 * {@code -EINTR} and short transfers. After each, the file is byte-exact or the error names what was done.
 */
class UringFaultTest {
    private static final int SEG = 512;
    /** More than IOV_MAX pieces: a request of two SQEs. */
    private static final int PIECES = 1500;

    @TempDir
    Path dir;

    private byte[] old;
    private byte[] data;
    private Path path;

    private AsyncFile open(Faults faults) throws Exception {
        path = dir.resolve("f");
        old = new byte[PIECES * SEG + 8192];
        new Random(3).nextBytes(old);
        Files.write(path, old);
        data = new byte[PIECES * SEG];
        new Random(4).nextBytes(data);
        return AsyncFiles.open(path, AsyncFile.Engine.URING, 8, faults, StandardOpenOption.WRITE);
    }

    /** The data as {@value #PIECES} separate segments: one request of two SQEs (1024 + 476 iovecs). */
    private IoIter pieces(Arena a, Direction d, boolean fill) {
        MemorySegment[] segs = new MemorySegment[PIECES];
        for (int i = 0; i < PIECES; i++) {
            segs[i] = a.allocate(SEG, 4096).asSlice(0, SEG);
            if (fill) {
                MemorySegment.copy(data, i * SEG, segs[i], ValueLayout.JAVA_BYTE, 0, SEG);
            }
        }
        return IoIter.kvec(d, segs);
    }

    private byte[] expectWritten(long bytes) {
        byte[] e = old.clone();
        System.arraycopy(data, 0, e, 0, (int) bytes);
        return e;
    }

    @Test
    void eioOnTheSecondSqeNamesTheBytesOfTheFirst() throws Exception {
        long second = 1024L * SEG;
        Faults eio = (op, off, len) -> op == IoUringAbi.IORING_OP_WRITEV && off == second ? -IoUringAbi.EIO : 0;
        try (AsyncFile f = open(eio); Arena a = Arena.ofShared()) {
            IoIter src = pieces(a, Direction.SOURCE, true);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.write(0, src, WritePolicy.BUFFERED).get(10, TimeUnit.SECONDS));
            IoErrnoException io = assertInstanceOf(IoErrnoException.class, e.getCause());
            assertEquals("IORING_OP_WRITEV", io.op());
            assertEquals(5, io.errno());
            assertEquals(path.toString(), io.path());
            assertEquals(0, io.offset());
            assertEquals(data.length, io.length());
            assertEquals(second, io.bytesTransferred());
            assertTrue(io.getMessage().contains("EIO"), io.getMessage());
            assertEquals(data.length - second, src.count(), "iterator advanced by the bytes transferred");
        }
        assertArrayEquals(expectWritten(second), Files.readAllBytes(path));
    }

    @Test
    void enospcOnTheFirstSqeWritesNothingOfTheRequestBeforeIt() throws Exception {
        Faults enospc = (op, off, len) -> op == IoUringAbi.IORING_OP_WRITEV && off == 0 ? -IoUringAbi.ENOSPC : 0;
        try (AsyncFile f = open(enospc); Arena a = Arena.ofShared()) {
            IoIter src = pieces(a, Direction.SOURCE, true);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.write(0, src, WritePolicy.BUFFERED).get(10, TimeUnit.SECONDS));
            IoErrnoException io = assertInstanceOf(IoErrnoException.class, e.getCause());
            assertEquals(28, io.errno());
            assertEquals("ENOSPC", io.errnoName());
            assertEquals(0, io.bytesTransferred());
            assertEquals(data.length, src.count());
        }
        // the second SQE ran: the error names only the prefix from the start, as for a short write
        byte[] e = old.clone();
        System.arraycopy(data, 1024 * SEG, e, 1024 * SEG, data.length - 1024 * SEG);
        assertArrayEquals(e, Files.readAllBytes(path));
    }

    @Test
    void eagainAndEintrAreResubmitted() throws Exception {
        AtomicInteger injected = new AtomicInteger();
        Faults once = new Faults() {
            private final java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

            @Override
            public int plan(int op, long off, long len) {
                if (op == IoUringAbi.IORING_OP_SYNC_FILE_RANGE || !seen.add(off * 4 + op)) {
                    return 0;
                }
                injected.incrementAndGet();
                return (off & 1) == 0 ? -IoUringAbi.EAGAIN : -IoUringAbi.EINTR;
            }
        };
        try (AsyncFile f = open(once); Arena a = Arena.ofShared()) {
            IoIter src = pieces(a, Direction.SOURCE, true);
            assertEquals(data.length, f.write(0, src, WritePolicy.AUTO).get(10, TimeUnit.SECONDS).bytes());
            IoIter dst = pieces(a, Direction.DEST, false);
            assertEquals(data.length, f.read(0, dst).get(10, TimeUnit.SECONDS));
            f.sync(false).get(10, TimeUnit.SECONDS);
        }
        assertTrue(injected.get() >= 5, "faults injected: " + injected.get());
        assertArrayEquals(expectWritten(data.length), Files.readAllBytes(path));
    }

    @Test
    void eagainForeverFailsAfterTheRetries() throws Exception {
        Faults always = (op, off, len) -> op == IoUringAbi.IORING_OP_READV ? -IoUringAbi.EAGAIN : 0;
        try (AsyncFile f = open(always); Arena a = Arena.ofShared()) {
            IoIter dst = IoIter.segment(Direction.DEST, a.allocate(4096, 4096));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.read(4096, dst).get(10, TimeUnit.SECONDS));
            IoErrnoException io = assertInstanceOf(IoErrnoException.class, e.getCause());
            assertEquals("EAGAIN", io.errnoName());
            assertEquals(4096, io.offset());
            assertEquals(0, io.bytesTransferred());
        }
    }

    /** Every SQE reports at most 1000 bytes: the engine continues each, direct ones on the buffered descriptor. */
    @Test
    void shortTransfersAreContinued() throws Exception {
        Faults shortly = (op, off, len) -> op == IoUringAbi.IORING_OP_WRITEV || op == IoUringAbi.IORING_OP_READV
                ? 1000 : 0;
        try (AsyncFile f = open(shortly); Arena a = Arena.ofShared()) {
            IoIter src = pieces(a, Direction.SOURCE, true);
            assertEquals(data.length, f.write(0, src, WritePolicy.AUTO).get(30, TimeUnit.SECONDS).bytes());
            MemorySegment one = a.allocate(64 << 10, 4096);
            MemorySegment.copy(data, 0, one, ValueLayout.JAVA_BYTE, 0, 64 << 10);
            assertEquals(64 << 10, f.write(0, IoIter.segment(Direction.SOURCE, one), WritePolicy.AUTO)
                    .get(30, TimeUnit.SECONDS).bytes()); // direct, then buffered from an unaligned point
            IoIter dst = pieces(a, Direction.DEST, false);
            assertEquals(data.length, f.read(0, dst).get(30, TimeUnit.SECONDS));
            byte[] back = new byte[data.length];
            MemorySegment aligned = a.allocate(data.length, 4096);
            assertEquals(data.length, f.read(0, IoIter.segment(Direction.DEST, aligned)).get(30, TimeUnit.SECONDS));
            MemorySegment.copy(aligned, ValueLayout.JAVA_BYTE, 0, back, 0, data.length);
            assertArrayEquals(data, back);
        }
        assertArrayEquals(expectWritten(data.length), Files.readAllBytes(path));
        assertArrayEquals(Arrays.copyOf(data, 100), Arrays.copyOf(Files.readAllBytes(path), 100));
    }
}
