package io.bvecq.bench;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.netfs.CacheFile;
import io.bvecq.netfs.FileServer;
import io.bvecq.netfs.Limits;
import io.bvecq.netfs.Netfs;
import io.bvecq.netfs.RegionRelease;
import io.bvecq.netfs.RequestStats;
import io.bvecq.uring.AsyncFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The netfs request engine reading a whole file from the file server: one operation reads {@code sizeMiB} MiB into
 * one pooled chain. Group {@code netfsRead/<sizeMiB>}; compare the scores (ms per operation, lower is better).
 *
 * <ul>
 *   <li>{@code plainDirect}: the peer, a plain sequential {@code O_DIRECT} read of the same file, 1 MiB per call,
 *       one thread ({@link IoFile#read(long, io.bvecq.BvecqPos, long)} on the chain);</li>
 *   <li>{@code netfsServer}: {@link Netfs#read} with no cache: 256 KiB sub-requests, 8 in flight;</li>
 *   <li>{@code netfsServerUring}: the same, the file server on the uring module's {@link AsyncFile} (io_uring;
 *       its thread-pool engine where io_uring is unavailable, which the setup prints);</li>
 *   <li>{@code netfsFromCache}: the same read when a {@link CacheFile} holds the file (filled in the setup): the
 *       second read of the issue, all from the cache.</li>
 * </ul>
 * The file is written once per trial in /tmp; direct reads bypass the page cache on both sides.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class NetfsReadBench {
    /** The file's size in MiB. */
    @Param({"256"})
    public int sizeMiB;

    private Path dir;
    private IoFile file;
    private CacheFile cache;
    private BufferPool pool;
    private Bvecq chain;
    private ExecutorService ex;
    private Netfs server;
    private Netfs cached;
    private AsyncFile async;
    private Netfs serverUring;

    /** Writes the file, fills the cache, allocates the chain. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        long size = (long) sizeMiB << 20;
        dir = Files.createTempDirectory(Path.of("/tmp"), "netfs-bench");
        Path p = dir.resolve("object");
        byte[] block = new byte[1 << 20];
        Random r = new Random(1);
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long at = 0; at < size; at += block.length) {
                r.nextBytes(block);
                out.write(block);
            }
        }
        file = IoFile.open(p);
        pool = BufferPool.create(64 << 10, size + (64L << 20), false);
        chain = BvecqBuffers.allocBuffer(pool, size, 0);
        BvecqBuffers.shortenBuffer(chain, 0, size);
        ex = Executors.newFixedThreadPool(8);
        Limits l = new Limits(256 << 10, 256);
        FileServer fs = new FileServer(FileServer.FileIo.of(file, WritePolicy.AUTO), l, l);
        server = new Netfs(fs, null, ex, pool, 8);
        async = AsyncFile.open(p);
        System.out.println("netfsServerUring engine: " + async.engine() + " (" + async.engineReason() + ")");
        serverUring = new Netfs(new FileServer(FileServer.FileIo.of(async, WritePolicy.AUTO), l, l), null, ex, pool, 8);
        cache = CacheFile.open(dir.resolve("cache"), size);
        cached = new Netfs(fs, cache, ex, pool, 8);
        RequestStats fill = cached.read(chain, RegionRelease.NONE, null);
        RequestStats again = cached.read(chain, RegionRelease.NONE, null);
        if (fill.fromServer() != size || again.fromCache() != size) {
            throw new IllegalStateException("cache not filled: " + fill + " then " + again);
        }
    }

    /** Closes and deletes everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        chain.release();
        ex.shutdownNow();
        cache.close();
        async.close();
        file.close();
        pool.close();
        try (var s = Files.walk(dir)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * The peer: sequential 1 MiB direct reads.
     *
     * @return bytes read
     */
    @Benchmark
    public long plainDirect() throws IOException {
        long size = (long) sizeMiB << 20;
        long done = 0;
        try (io.bvecq.BvecqPos pos = io.bvecq.BvecqPos.at(chain)) {
            while (done < size) {
                long n = file.read(done, pos, 1 << 20);
                pos.advance(n);
                done += n;
            }
        }
        return done;
    }

    /**
     * The engine, from the server.
     *
     * @return bytes read
     */
    @Benchmark
    public long netfsServer() throws IOException {
        return server.read(chain, RegionRelease.NONE, null).fromServer();
    }

    /**
     * The engine, from the server on io_uring.
     *
     * @return bytes read
     */
    @Benchmark
    public long netfsServerUring() throws IOException {
        return serverUring.read(chain, RegionRelease.NONE, null).fromServer();
    }

    /**
     * The engine, from the cache.
     *
     * @return bytes read
     */
    @Benchmark
    public long netfsFromCache() throws IOException {
        return cached.read(chain, RegionRelease.NONE, null).fromCache();
    }
}
