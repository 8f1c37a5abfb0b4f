package io.bvecq.bench;

import io.bvecq.io.WritePolicy;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 1 MiB sequential direct writes at queue depth 1 into a 64 MiB file in /tmp (or {@code bvecq.bench.dir}; or
 * the existing file named by {@code bvecq.bench.file}, which {@code bvq bench --io} sets to the file fio writes,
 * kept afterwards), wrapping to the start at its end. Where a file lies on the device changes what its writes
 * cost (on this project's test machine, 1.2 GB/s on one 64 MiB file and 0.74 GB/s on another, by fio alike),
 * so the comparison writes fio's file. One invocation is one write; the score is writes per second, so the
 * bandwidth is {@code score} MiB/s ({@code bvq bench --io} shows it in MB/s). Group {@code seqwrite1m}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link AsyncFile} on io_uring, callback form, {@link WritePolicy#STRICT} (zero-copy
 *       direct I/O or a failure, never a silent bounce or buffered fallback).</li>
 *   <li>{@code bvecqThreads}: the same on the thread engine.</li>
 *   <li>{@code filechannel}: {@link FileChannel#write(ByteBuffer, long)} with {@code ExtendedOpenOption.DIRECT}
 *       from an aligned direct buffer, on a one-thread pool (queue depth 1).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class UringWriteBench {
    private static final int BLOCK = 1 << 20;
    private static final long FILE = 64L << 20;

    private Path path;
    private boolean keep; // the file was given by bvecq.bench.file
    private AsyncFile uring;
    private AsyncFile threads;
    private FileChannel channel;
    private ExecutorService pool;
    private Arena arena;
    private IoIter it;
    private ByteBuffer buf;
    private long at;
    private final Waiter batch = new Waiter();

    /** Counts completions down and wakes the benchmark thread; the callback allocates nothing. */
    static final class Waiter implements io.bvecq.uring.Completion<Object> {
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
     * Creates the file at its full size (or checks the one given) and opens it three ways; fills the source
     * memory with random bytes.
     *
     * @throws IOException if the file cannot be made, or the given file is shorter than 64 MiB
     */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        byte[] data = new byte[BLOCK];
        new Random(1).nextBytes(data);
        path = UringReadBench.givenFile(FILE);
        keep = path != null;
        if (path == null) {
            path = Files.createTempFile(UringReadBench.dir(), "bvecq-uring-wbench", ".dat");
            try (FileChannel fc = FileChannel.open(path, StandardOpenOption.WRITE)) {
                for (long off = 0; off < FILE; off += BLOCK) {
                    fc.write(ByteBuffer.wrap(data), off);
                }
                fc.force(true);
            }
        }
        uring = AsyncFile.open(path, AsyncFile.Engine.URING, 8, StandardOpenOption.WRITE);
        threads = AsyncFile.open(path, AsyncFile.Engine.THREADS, 1, StandardOpenOption.WRITE);
        channel = FileChannel.open(path, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        pool = Executors.newSingleThreadExecutor();
        arena = Arena.ofShared();
        MemorySegment mem = arena.allocate(BLOCK, 4096);
        mem.copyFrom(MemorySegment.ofArray(data));
        it = IoIter.segment(Direction.SOURCE, mem, 0, BLOCK);
        buf = ByteBuffer.allocateDirect(BLOCK + 4096).alignedSlice(4096).limit(BLOCK);
        buf.put(data).flip();
        at = 0;
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

    private long nextOffset() {
        long off = at;
        at = off + BLOCK == FILE ? 0 : off + BLOCK;
        return off;
    }

    private void write(AsyncFile f) throws Exception {
        it.revert(it.consumed());
        batch.start(1);
        f.write(nextOffset(), it, WritePolicy.STRICT, null, batch);
        batch.await();
    }

    /**
     * One 1 MiB write on io_uring.
     *
     * @throws Exception if the write fails
     */
    @Benchmark
    public void bvecq() throws Exception {
        write(uring);
    }

    /**
     * One 1 MiB write on the thread engine.
     *
     * @throws Exception if the write fails
     */
    @Benchmark
    public void bvecqThreads() throws Exception {
        write(threads);
    }

    /**
     * One 1 MiB write through FileChannel on a one-thread pool.
     *
     * @return the bytes written (returned so that JMH consumes it)
     * @throws Exception if the write fails
     */
    @Benchmark
    public int filechannel() throws Exception {
        ByteBuffer b = buf.clear().limit(BLOCK);
        long off = nextOffset();
        return pool.submit(() -> channel.write(b, off)).get();
    }
}
