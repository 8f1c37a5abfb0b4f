package io.bvecq.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.io.IoErrnoException;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteResult;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The io_uring engine on real files: ring wraparound, close with I/O in flight, bad input, chain ownership. */
class UringEngineTest {
    @TempDir
    Path dir;

    @Test
    void ringSetsUpWithTheRequestedEntries() throws Exception {
        try (AsyncFile f = AsyncFile.open(dir.resolve("r"), AsyncFile.Engine.URING, 4, StandardOpenOption.CREATE)) {
            Ring ring = ((UringEngine) f).ring();
            assertEquals(4, ring.sqEntries);
            assertEquals(8, ring.cqEntries);
            assertTrue(ring.noDrop());
            assertTrue(ring.singleMmap(), "6.x kernels offer IORING_FEAT_SINGLE_MMAP");
            assertEquals(2, ring.registeredFiles(), "the buffered and the O_DIRECT descriptor are registered files");
        }
    }

    /**
     * A handler that issues the next read keeps 4 reads in flight until 600 are done: each read it issues on
     * the reaper goes to the kernel at once, not held for the reaper's next wait (holding them made the device
     * wait for a whole batch), and each one reads its page exactly.
     */
    @Test
    void readsIssuedFromAHandlerGoToTheKernelAtOnceAndReadTheirPages() throws Exception {
        Path p = dir.resolve("chain");
        int pages = 256;
        int qd = 4;
        int total = 600;
        byte[] data = new byte[pages * 4096];
        new Random(11).nextBytes(data);
        Files.write(p, data);
        try (AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 8); Arena a = Arena.ofShared()) {
            MemorySegment mem = a.allocate((long) qd * 4096, 4096);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(total);
            AtomicLong issued = new AtomicLong(qd);
            long[] at = new long[qd];
            Random rnd = new Random(12);
            Completion<Integer> h = new Completion<>() {
                @Override
                public void completed(long result, Integer slot) {
                    try {
                        byte[] got = mem.asSlice(slot * 4096L, 4096).toArray(ValueLayout.JAVA_BYTE);
                        int from = (int) at[slot];
                        assertEquals(4096, result);
                        assertArrayEquals(java.util.Arrays.copyOfRange(data, from, from + 4096), got, "page at " + from);
                        if (issued.incrementAndGet() <= total) {
                            at[slot] = (long) rnd.nextInt(pages) * 4096;
                            f.read(at[slot], IoIter.segment(Direction.DEST, mem, slot * 4096L, 4096), slot, this);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                    done.countDown();
                }

                @Override
                public void failed(IOException error, Integer slot) {
                    failure.compareAndSet(null, error);
                    done.countDown();
                }
            };
            try (AsyncFile.Batch b = f.batch()) {
                for (int i = 0; i < qd; i++) {
                    at[i] = (long) rnd.nextInt(pages) * 4096;
                    f.read(at[i], IoIter.segment(Direction.DEST, mem, i * 4096L, 4096), i, h);
                }
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "reads left: " + done.getCount());
            assertEquals(null, failure.get());
            long byReaper = ((UringEngine) f).reaperSqes();
            // Only a submission the kernel refused for the moment (EAGAIN, EBUSY) is left to the reaper's wait.
            assertTrue(byReaper <= total / 10, "SQEs left to the reaper's wait: " + byReaper + " of " + total
                    + " (expected: at most " + total / 10 + ")");
        }
    }

    /** 1000 requests through a ring of 4 entries: the SQ and CQ indices wrap many times. */
    @Test
    void ringWrapsAroundWithMoreRequestsThanEntries() throws Exception {
        Path p = dir.resolve("wrap");
        int n = 1000;
        int size = 4096;
        byte[] data = new byte[n * size];
        new Random(5).nextBytes(data);
        try (AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 4, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); Arena a = Arena.ofShared()) {
            MemorySegment mem = a.allocate(data.length, 4096);
            MemorySegment.copy(data, 0, mem, ValueLayout.JAVA_BYTE, 0, data.length);
            CountDownLatch done = new CountDownLatch(n);
            AtomicReference<IOException> failure = new AtomicReference<>();
            AtomicLong bytes = new AtomicLong();
            Completion<CountDownLatch> h = new Completion<>() {
                @Override
                public void completed(long result, CountDownLatch latch) {
                    bytes.addAndGet(result);
                    latch.countDown();
                }

                @Override
                public void failed(IOException error, CountDownLatch latch) {
                    failure.set(error);
                    latch.countDown();
                }
            };
            for (int i = 0; i < n; i++) { // in reverse, so completions do not come in file order
                int k = n - 1 - i;
                f.write((long) k * size, IoIter.segment(Direction.SOURCE, mem, (long) k * size, size), WritePolicy.AUTO,
                        done, h);
            }
            assertTrue(done.await(60, TimeUnit.SECONDS));
            assertEquals(null, failure.get());
            assertEquals(data.length, bytes.get());
            MemorySegment back = a.allocate(data.length, 4096);
            CountDownLatch read = new CountDownLatch(n);
            bytes.set(0);
            for (int i = 0; i < n; i++) {
                f.read((long) i * size, IoIter.segment(Direction.DEST, back, (long) i * size, size), read, h);
            }
            assertTrue(read.await(60, TimeUnit.SECONDS));
            assertEquals(null, failure.get());
            assertEquals(data.length, bytes.get());
            assertArrayEquals(data, back.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0, ((UringEngine) f).requestsOpen());
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    /**
     * Close with writes in flight waits for all of them. The caller drops its chain references at once; the
     * pool clears (poisons) a chunk when it comes back, so a chunk released before the kernel wrote it would
     * leave zeros in the file.
     */
    @Test
    void closeWithWritesInFlightDrainsAndNeverFreesEarly() throws Exception {
        Path p = dir.resolve("close");
        int n = 200;
        int size = 64 << 10;
        byte[] data = new byte[n * size];
        new Random(9).nextBytes(data);
        List<CompletableFuture<WriteResult>> fs = new ArrayList<>();
        List<Bvecq> chains = new ArrayList<>();
        try (BufferPool pool = BufferPool.create(4096, 64L << 20, true)) {
            AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            for (int i = 0; i < n; i++) {
                Bvecq chain = BvecqBuffers.allocBuffer(pool, size, 0);
                int at = i * size;
                for (Bvecq node = chain; node != null; node = node.nextAcquire()) {
                    for (int s = 0; s < node.nrSlotsAcquire(); s++) {
                        MemorySegment.copy(data, at, node.segment(s), ValueLayout.JAVA_BYTE, node.offset(s),
                                (int) node.length(s));
                        at += (int) node.length(s);
                    }
                }
                try (BvecqPos pos = BvecqPos.at(chain)) {
                    fs.add(f.write((long) i * size, pos, size, WritePolicy.AUTO));
                }
                chain.release(); // the engine holds its own reference until the last CQE
                chains.add(chain);
            }
            f.close();
            for (CompletableFuture<WriteResult> w : fs) {
                assertTrue(w.isDone(), "close returned with a request in flight");
                assertEquals(size, w.get().bytes());
            }
            for (Bvecq c : chains) {
                assertTrue(c.isReleased(), "the engine's chain reference was released after completion");
            }
            assertEquals(0, pool.outstandingChunks());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.sync(false).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            f.close(); // twice does nothing
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    @Test
    void badInputIsRejectedAndChangesNothing() throws Exception {
        try (AsyncFile f = AsyncFile.open(dir.resolve("bad"), AsyncFile.Engine.URING, 4, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); Arena a = Arena.ofShared()) {
            MemorySegment m = a.allocate(4096);
            IoIter src = IoIter.segment(Direction.SOURCE, m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.write(-1, src, WritePolicy.AUTO));
            assertTrue(e.getMessage().contains("fileOffset: -1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.read(0, src));
            assertThrows(IllegalArgumentException.class, () -> f.write(0, IoIter.discard(5), WritePolicy.AUTO));
            assertEquals(4096, src.count());
            IoIter closed = IoIter.segment(Direction.DEST, m);
            closed.close();
            assertThrows(IllegalStateException.class, () -> f.read(0, closed));
            assertThrows(IllegalArgumentException.class,
                    () -> AsyncFile.open(dir.resolve("bad"), AsyncFile.Engine.URING, 0));
            assertEquals(0, ((UringEngine) f).requestsOpen());
            assertEquals(0, f.file().size());
        }
    }

    @Test
    void strictRefusalWritesNothingAndFailsTheFuture() throws Exception {
        Path p = dir.resolve("strict");
        try (AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 4, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); Arena a = Arena.ofShared()) {
            IoIter src = IoIter.segment(Direction.SOURCE, a.allocate(100, 4096));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.write(1, src, WritePolicy.STRICT).get(10, TimeUnit.SECONDS));
            assertInstanceOf(io.bvecq.io.WriteRefusedException.class, e.getCause());
            assertEquals(100, src.count());
        }
        assertEquals(0, Files.size(p));
    }

    @Test
    void writeErrorsAreIoErrnoExceptions() throws Exception {
        Path p = dir.resolve("ro");
        Files.write(p, new byte[8192]);
        try (AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 4); Arena a = Arena.ofShared()) {
            IoIter src = IoIter.segment(Direction.SOURCE, a.allocate(4096, 4096));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.write(4096, src, WritePolicy.AUTO).get(10, TimeUnit.SECONDS));
            IoErrnoException io = assertInstanceOf(IoErrnoException.class, e.getCause());
            assertEquals("IORING_OP_WRITEV", io.op());
            assertEquals(9, io.errno(), io.getMessage()); // EBADF: opened read-only
            assertEquals(4096, io.offset());
            assertEquals(4096, io.length());
            assertEquals(0, io.bytesTransferred());
            assertEquals(4096, src.count());
        }
    }
}
