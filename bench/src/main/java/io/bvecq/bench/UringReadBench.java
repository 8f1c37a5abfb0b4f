package io.bvecq.bench;

import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.uring.AsyncFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 4 KiB random direct reads from a 64 MiB file in /tmp (or the directory named by the system property
 * {@code bvecq.bench.dir}, which {@code bvq bench --io --dir} sets; or the existing file named by
 * {@code bvecq.bench.file}, which {@code bvq bench --io} sets to the file fio reads, kept afterwards) at a steady queue depth of {@code qd}, as
 * fio's {@code --iodepth} keeps it: one invocation makes {@link #READS} reads at random page offsets, issuing a
 * new one as each completes until all are issued, then waits for the last. The score is reads per second (IOPS)
 * at that queue depth. Group {@code randread4k/qd<N>}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link AsyncFile} on io_uring, callback form; the callback issues the next read on the
 *       reaper thread, and it goes to the kernel at once.</li>
 *   <li>{@code bvecqThreads}: the same on {@link AsyncFile}'s thread engine ({@code qd} threads over
 *       {@code IoFile}).</li>
 *   <li>{@code filechannel}: {@link FileChannel#read(ByteBuffer, long)} with {@code ExtendedOpenOption.DIRECT},
 *       driven by a pool of {@code qd} threads: each read is a task, and a finished task submits the next read
 *       (fio's psync, one job per slot, is the same without the pool).</li>
 * </ul>
 * Only the last {@code qd - 1} reads of an invocation run below the queue depth (about 1.5% of the reads at 32).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(UringReadBench.READS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class UringReadBench {
    /** The reads of one invocation. */
    static final int READS = 2048;
    private static final int PAGE = 4096;
    private static final long FILE = 64L << 20;

    /** The queue depth. */
    @Param({"1", "8", "32"})
    public int qd;

    private Path path;
    private boolean keep; // the file was given by bvecq.bench.file
    private AsyncFile uring;
    private AsyncFile threads;
    private FileChannel channel;
    private ExecutorService pool;
    private Arena arena;
    private IoIter[] its;
    private ByteBuffer[] bufs;
    private final Stream stream = new Stream();

    /**
     * Keeps {@code qd} reads in flight on one file until {@link #READS} are made: each completion issues the next
     * read into the iterator it filled (the attachment). The callbacks allocate nothing.
     */
    static final class Stream implements io.bvecq.uring.Completion<IoIter> {
        private AsyncFile file;
        private int issued;
        private int done;
        private long seed;
        private IOException failure;

        /** Issues the first {@code its.length} reads on {@code f}. */
        void start(AsyncFile f, IoIter[] its) {
            synchronized (this) {
                file = f;
                issued = its.length;
                done = 0;
                failure = null;
            }
            try (AsyncFile.Batch b = f.batch()) { // one io_uring_enter for the first reads
                for (IoIter it : its) {
                    issue(it, nextOffset());
                }
            }
        }

        private synchronized long nextOffset() {
            seed = seed * 6364136223846793005L + 1442695040888963407L; // Knuth's MMIX LCG
            return ((seed >>> 33) % (FILE / PAGE)) * PAGE;
        }

        private void issue(IoIter it, long at) {
            it.revert(it.consumed());
            try {
                file.read(at, it, it, this);
            } catch (RuntimeException e) {
                failed(new IOException("read at " + at + " not issued", e), null);
            }
        }

        @Override
        public void completed(long result, IoIter it) {
            if (result != PAGE) {
                failed(new IOException("short read: " + result + " bytes (expected: " + PAGE + ")"), null);
                return;
            }
            boolean more;
            synchronized (this) {
                done++;
                more = issued < READS && failure == null;
                if (more) {
                    issued++;
                } else if (done == issued) {
                    notifyAll();
                }
            }
            if (more) {
                issue(it, nextOffset());
            }
        }

        @Override
        public synchronized void failed(IOException error, IoIter it) {
            if (failure == null) {
                failure = error;
            }
            done++;
            if (done == issued) {
                notifyAll();
            }
        }

        /** Waits until every issued read completed, and no more will be issued. */
        synchronized void await() throws Exception {
            while (done < issued || (issued < READS && failure == null)) {
                wait();
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Creates the file (or checks the one given) and opens it three ways.
     *
     * @throws IOException if the file cannot be made, or the given file is shorter than 64 MiB
     */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        path = givenFile(FILE);
        keep = path != null;
        if (path == null) {
            path = Files.createTempFile(dir(), "bvecq-uring-bench", ".dat");
            byte[] block = new byte[1 << 20];
            new Random(1).nextBytes(block);
            try (FileChannel fc = FileChannel.open(path, StandardOpenOption.WRITE)) {
                for (long at = 0; at < FILE; at += block.length) {
                    fc.write(ByteBuffer.wrap(block), at);
                }
                fc.force(true);
            }
        }
        uring = AsyncFile.open(path, AsyncFile.Engine.URING, 64);
        threads = AsyncFile.open(path, AsyncFile.Engine.THREADS, qd);
        channel = FileChannel.open(path, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        pool = Executors.newFixedThreadPool(qd);
        arena = Arena.ofShared();
        MemorySegment mem = arena.allocate((long) qd * PAGE, PAGE);
        its = new IoIter[qd];
        bufs = new ByteBuffer[qd];
        for (int i = 0; i < qd; i++) {
            its[i] = IoIter.segment(Direction.DEST, mem, (long) i * PAGE, PAGE);
            bufs[i] = ByteBuffer.allocateDirect(2 * PAGE).alignedSlice(PAGE).limit(PAGE);
        }
    }

    /**
     * Closes everything and deletes the file (unless it was given).
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        uring.close();
        threads.close();
        channel.close();
        pool.shutdown();
        arena.close();
        if (!keep) {
            Files.deleteIfExists(path);
        }
    }

    /**
     * The file named by the system property {@code bvecq.bench.file} ({@code bvq bench --io} sets it to the file
     * fio works on), checked to hold at least {@code size} bytes; null when the property is not set.
     *
     * @param size the bytes the benchmark needs
     * @return the file, or null
     * @throws IOException if the file is missing or shorter than {@code size}
     */
    static Path givenFile(long size) throws IOException {
        String given = System.getProperty("bvecq.bench.file");
        if (given == null) {
            return null;
        }
        Path p = Path.of(given);
        long has = Files.size(p);
        if (has < size) {
            throw new IOException("bvecq.bench.file: " + p + " has " + has + " bytes (expected: at least " + size + ")");
        }
        return p;
    }

    /**
     * Where the benchmark files go: the system property {@code bvecq.bench.dir}, default {@code /tmp}.
     *
     * @return the directory
     */
    static Path dir() {
        return Path.of(System.getProperty("bvecq.bench.dir", "/tmp"));
    }

    /**
     * {@link #READS} reads at queue depth {@code qd} on io_uring.
     *
     * @throws Exception if a read fails
     */
    @Benchmark
    public void bvecq() throws Exception {
        stream.start(uring, its);
        stream.await();
    }

    /**
     * {@link #READS} reads at queue depth {@code qd} on the thread engine.
     *
     * @throws Exception if a read fails
     */
    @Benchmark
    public void bvecqThreads() throws Exception {
        stream.start(threads, its);
        stream.await();
    }

    /**
     * {@link #READS} reads through FileChannel on a pool of {@code qd} threads: {@code qd} read tasks in flight,
     * each task submitting the next read to the pool when its own is done.
     *
     * @throws Exception if a read fails
     */
    @Benchmark
    public void filechannel() throws Exception {
        ChannelReads reads = new ChannelReads(channel, pool, bufs);
        reads.startAndAwait();
    }

    /** Keeps {@code bufs.length} FileChannel reads in flight on an executor until {@link #READS} are done. */
    static final class ChannelReads {
        private final FileChannel channel;
        private final ExecutorService pool;
        private final ByteBuffer[] bufs;
        private int issued;
        private int done;
        private long seed = System.nanoTime();
        private Exception failure;

        ChannelReads(FileChannel channel, ExecutorService pool, ByteBuffer[] bufs) {
            this.channel = channel;
            this.pool = pool;
            this.bufs = bufs;
        }

        synchronized void startAndAwait() throws Exception {
            issued = bufs.length;
            for (int i = 0; i < bufs.length; i++) {
                int slot = i;
                long at = nextOffset();
                pool.execute(() -> read(slot, at));
            }
            while (done < issued) {
                wait();
            }
            if (failure != null) {
                throw failure;
            }
        }

        private long nextOffset() {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            return ((seed >>> 33) % (FILE / PAGE)) * PAGE;
        }

        private void read(int slot, long at) {
            Exception error = null;
            try {
                ByteBuffer b = bufs[slot].clear().limit(PAGE);
                int n = channel.read(b, at);
                if (n != PAGE) {
                    error = new IOException("short read at " + at + ": " + n + " bytes");
                }
            } catch (IOException | RuntimeException e) {
                error = e;
            }
            long next = -1;
            synchronized (this) {
                done++;
                if (error != null && failure == null) {
                    failure = error;
                }
                if (issued < READS && failure == null) {
                    issued++;
                    next = nextOffset();
                } else if (done == issued) {
                    notifyAll();
                }
            }
            if (next >= 0) {
                long at2 = next;
                pool.execute(() -> read(slot, at2));
            }
        }
    }
}
