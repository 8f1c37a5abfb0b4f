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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 4 KiB random direct reads from a 64 MiB file in /tmp (or the directory named by the system property
 * {@code bvecq.bench.dir}, which {@code bvq bench --io --dir} sets), {@code qd} at a time: one invocation issues {@code qd}
 * reads at random page offsets and waits for all of them. The score is batches per second: the IOPS at that
 * queue depth is {@code score * qd}. Group {@code randread4k/qd<N>}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link AsyncFile} on io_uring, callback form (one batch, one {@code io_uring_enter}).</li>
 *   <li>{@code bvecqThreads}: {@link AsyncFile} on its thread engine ({@code qd} threads over {@code IoFile}).</li>
 *   <li>{@code filechannel}: {@link FileChannel#read(ByteBuffer, long)} with {@code ExtendedOpenOption.DIRECT},
 *       driven by a pool of {@code qd} threads.</li>
 * </ul>
 * The closed loop per batch is not fio's continuous queue depth: a batch waits for its slowest read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class UringReadBench {
    private static final int PAGE = 4096;
    private static final long FILE = 64L << 20;

    /** The queue depth. */
    @Param({"1", "8", "32"})
    public int qd;

    private Path path;
    private AsyncFile uring;
    private AsyncFile threads;
    private FileChannel channel;
    private ExecutorService pool;
    private Arena arena;
    private IoIter[] its;
    private ByteBuffer[] bufs;
    private final Random rnd = new Random(42);
    private final Batch batch = new Batch();

    /** Counts a batch's completions down; the callback allocates nothing. */
    static final class Batch implements io.bvecq.uring.Completion<Object> {
        private int left;
        private IOException failure;

        synchronized void start(int n) {
            left = n;
            failure = null;
        }

        @Override
        public synchronized void completed(long result, Object attachment) {
            if (--left == 0) {
                notifyAll();
            }
        }

        @Override
        public synchronized void failed(IOException error, Object attachment) {
            failure = error;
            if (--left == 0) {
                notifyAll();
            }
        }

        synchronized void await() throws Exception {
            while (left > 0) {
                wait();
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Creates the file and opens it three ways.
     *
     * @throws IOException if the file cannot be made
     */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        path = Files.createTempFile(dir(), "bvecq-uring-bench", ".dat");
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        try (FileChannel fc = FileChannel.open(path, StandardOpenOption.WRITE)) {
            for (long at = 0; at < FILE; at += block.length) {
                fc.write(ByteBuffer.wrap(block), at);
            }
            fc.force(true);
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
     * Closes everything and deletes the file.
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
        Files.deleteIfExists(path);
    }

    /**
     * Where the benchmark files go: the system property {@code bvecq.bench.dir}, default {@code /tmp}.
     *
     * @return the directory
     */
    static Path dir() {
        return Path.of(System.getProperty("bvecq.bench.dir", "/tmp"));
    }

    private long nextOffset() {
        return (long) rnd.nextInt((int) (FILE / PAGE)) * PAGE;
    }

    private void rewind() {
        for (IoIter it : its) {
            it.revert(it.consumed());
        }
    }

    /**
     * One batch of {@code qd} reads on io_uring.
     *
     * @throws Exception if a read fails
     */
    @Benchmark
    public void bvecq() throws Exception {
        rewind();
        batch.start(qd);
        try (AsyncFile.Batch b = uring.batch()) {
            for (int i = 0; i < qd; i++) {
                uring.read(nextOffset(), its[i], null, batch);
            }
        }
        batch.await();
    }

    /**
     * One batch of {@code qd} reads on the thread engine.
     *
     * @throws Exception if a read fails
     */
    @Benchmark
    public void bvecqThreads() throws Exception {
        rewind();
        batch.start(qd);
        for (int i = 0; i < qd; i++) {
            threads.read(nextOffset(), its[i], null, batch);
        }
        batch.await();
    }

    /**
     * One batch of {@code qd} reads through FileChannel on a thread pool.
     *
     * @throws Exception if a read fails
     */
    @Benchmark
    public void filechannel() throws Exception {
        @SuppressWarnings("unchecked")
        Future<Integer>[] fs = new Future[qd];
        for (int i = 0; i < qd; i++) {
            ByteBuffer b = bufs[i].clear().limit(PAGE);
            long at = nextOffset();
            fs[i] = pool.submit(() -> channel.read(b, at));
        }
        for (Future<Integer> f : fs) {
            f.get();
        }
    }
}
