package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.Iovecs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Positional reads and writes of every IoIter type with memory. */
class IoIterIoTest {
    private Path dir;
    private Path file;
    private BufferPool pool;

    @BeforeEach
    void setUp() throws IOException {
        dir = TestChains.tempDir();
        file = dir.resolve("f");
        pool = BufferPool.create();
    }

    @AfterEach
    void tearDown() {
        pool.close();
        TestChains.deleteTree(dir);
    }

    private IoFile open() throws IOException {
        return IoFile.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Test
    void alignedNativeSegmentGoesDirectAndTheIteratorIsConsumed() throws IOException {
        byte[] data = TestChains.randomBytes(64 << 10, 1);
        try (Arena a = Arena.ofConfined(); IoFile f = open()) {
            MemorySegment seg = a.allocate(data.length, 4096).copyFrom(MemorySegment.ofArray(data));
            IoIter it = IoIter.segment(Direction.SOURCE, seg);
            WriteResult r = f.write(4096, it, WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy());
            assertEquals(0, it.count());
            assertEquals(data.length, it.consumed());
            MemorySegment back = a.allocate(data.length, 4096);
            IoIter in = IoIter.segment(Direction.DEST, back);
            assertEquals(data.length, f.read(4096, in));
            assertEquals(0, in.count());
            assertArrayEquals(data, back.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void kvecMixingHeapAndNativeMemoryIsBouncedAndReadBack() throws IOException {
        byte[] a1 = TestChains.randomBytes(5000, 2);
        byte[] a2 = TestChains.randomBytes(3192, 3);
        byte[] all = new byte[8192];
        System.arraycopy(a1, 0, all, 0, 5000);
        System.arraycopy(a2, 0, all, 5000, 3192);
        try (Arena a = Arena.ofConfined(); IoFile f = open()) {
            MemorySegment nat = a.allocate(3192, 4096).copyFrom(MemorySegment.ofArray(a2));
            IoIter it = IoIter.kvec(Direction.SOURCE, MemorySegment.ofArray(a1), nat);
            WriteResult r = f.write(0, it, WritePolicy.AUTO);
            assertEquals(WriteStrategy.BOUNCE, r.decision().strategy(), "heap memory is never handed to the kernel");
            assertEquals(0, it.count());
            byte[] h1 = new byte[3000];
            byte[] h2 = new byte[5192];
            IoIter in = IoIter.kvec(Direction.DEST, MemorySegment.ofArray(h1), MemorySegment.ofArray(h2));
            assertEquals(8192, f.read(0, in));
            assertArrayEquals(Arrays.copyOfRange(all, 0, 3000), h1);
            assertArrayEquals(Arrays.copyOfRange(all, 3000, 8192), h2);
        }
        assertArrayEquals(all, Files.readAllBytes(file));
    }

    @Test
    void bvecqIteratorWritesFromItsChainAndReadsShortAtEndOfFile() throws IOException {
        byte[] data = TestChains.randomBytes(3 * 4096, 4);
        Bvecq src = TestChains.pooled(pool, data);
        Bvecq dst = TestChains.pooledEmpty(pool, 4 * 4096);
        try (IoFile f = open(); IoIter it = IoIter.bvecq(Direction.SOURCE, src, 1, 0, 2 * 4096);
                IoIter in = IoIter.bvecq(Direction.DEST, dst, 0, 0, 4 * 4096)) {
            assertEquals(WriteStrategy.DIRECT, f.write(0, it, WritePolicy.AUTO).decision().strategy());
            assertEquals(0, it.count());
            assertEquals(2 * 4096, f.read(0, in), "the file ends after two blocks");
            assertEquals(2 * 4096, in.count(), "the iterator moved by what was read");
            assertArrayEquals(Arrays.copyOfRange(data, 4096, 3 * 4096), Arrays.copyOf(TestChains.bytes(dst), 2 * 4096));
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void refusedAndFailedWritesLeaveTheIteratorWhereTheBytesStopped() throws IOException {
        byte[] data = TestChains.randomBytes(8192, 5);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(data.length + 1, 4096).asSlice(1).copyFrom(MemorySegment.ofArray(data));
            try (IoFile f = open()) {
                IoIter it = IoIter.segment(Direction.SOURCE, seg);
                assertThrows(WriteRefusedException.class, () -> f.write(0, it, WritePolicy.STRICT));
                assertEquals(8192, it.count(), "refused: nothing consumed");
                IoIter kv = IoIter.kvec(Direction.SOURCE, seg);
                assertThrows(WriteRefusedException.class, () -> f.write(0, kv, WritePolicy.STRICT));
                assertEquals(8192, kv.count(), "refused: nothing consumed (described as a chain, then reverted)");
            }
            FaultySyscalls sys = new FaultySyscalls().shorten(FaultySyscalls.Op.WRITE, 1, 4096)
                    .fail(FaultySyscalls.Op.WRITE, 2, Errno.EIO);
            try (IoFile f = IoFile.open(file, sys, Path.of("/sys"), StandardOpenOption.WRITE)) {
                IoIter kv = IoIter.kvec(Direction.SOURCE, seg);
                IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.write(0, kv, WritePolicy.BOUNCE));
                assertEquals(4096, e.bytesTransferred());
                assertEquals(4096, kv.consumed(), "advanced by what reached the file");
            }
        }
        assertArrayEquals(Arrays.copyOf(data, 4096), Files.readAllBytes(file));
    }

    /**
     * More pieces than one pwritev takes (IOV_MAX = 1024), each a multiple of the memory alignment but the
     * first 1024 not a multiple of the offset alignment: each direct call must be cut back to an aligned
     * length (or O_DIRECT refuses it), and the write stays direct with no fallback.
     */
    @Test
    void moreThanIovMaxPiecesGoDirectInAlignedBatches() throws IOException {
        try (Arena a = Arena.ofConfined(); IoFile f = open()) {
            int m = Math.max(f.capabilities().dioMemAlign(), 1);
            int o = f.capabilities().dioOffsetAlign();
            MemorySegment[] segs = new MemorySegment[1500];
            long total = 0;
            for (int i = 0; i < segs.length - 1; i++) {
                segs[i] = a.allocate((long) m * (1 + i % 3), Math.max(m, 8));
                total += segs[i].byteSize();
            }
            segs[segs.length - 1] = a.allocate(o - total % o, Math.max(m, 8)); // the whole write is aligned
            total += segs[segs.length - 1].byteSize();
            byte[] data = TestChains.randomBytes((int) total, 6);
            long at = 0;
            for (MemorySegment s : segs) {
                MemorySegment.copy(data, (int) at, s, ValueLayout.JAVA_BYTE, 0, (int) s.byteSize());
                at += s.byteSize();
            }
            IoIter it = IoIter.kvec(Direction.SOURCE, segs);
            WriteResult r = f.write(0, it, WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy());
            assertEquals(0, it.count());
            assertEquals(java.util.Map.of(), f.fallbackCounts(), "every batch went direct");
            assertArrayEquals(data, Files.readAllBytes(file));
        }
    }

    /** Where the offset alignment exceeds the memory alignment (not so on this machine's ext4), batches are cut back. */
    @Test
    void aBatchCutByIovMaxEndsOnAnAlignedLength() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment[] segs = new MemorySegment[1500];
            for (int i = 0; i < segs.length; i++) {
                segs[i] = a.allocate(512L * (1 + i % 3), 512); // 1024 pieces: 1,048,064 bytes, not a multiple of 4096
            }
            IoIter it = IoIter.kvec(Direction.SOURCE, segs);
            Iovecs iov = new Iovecs(1024);
            long n = Transfers.batch(it, it.count(), 4096, iov);
            assertEquals(1_044_480, n, "cut back to the last multiple of 4096 within the 1024 pieces");
            assertEquals(n, iov.bytes());
            assertEquals(1020, iov.size());
            assertEquals(1536, Transfers.batch(IoIter.kvec(Direction.SOURCE, segs[0], segs[1]), 1536, 4096, iov),
                    "not cut when the run is not cut by IOV_MAX");
            assertEquals(0, Transfers.batch(it, it.count(), 1 << 20, iov), "no aligned unit fits in 1024 pieces");
        }
    }

    @Test
    void wrongDirectionAndDiscardAreRejected() throws IOException {
        try (Arena a = Arena.ofConfined(); IoFile f = open()) {
            MemorySegment seg = a.allocate(4096, 4096);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.write(0, IoIter.segment(Direction.DEST, seg), WritePolicy.AUTO));
            assertEquals("src direction: DEST (expected: SOURCE)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.read(0, IoIter.segment(Direction.SOURCE, seg)));
            assertThrows(IllegalArgumentException.class, () -> f.read(0, IoIter.discard(10)));
            assertEquals(0, f.size());
        }
    }
}
