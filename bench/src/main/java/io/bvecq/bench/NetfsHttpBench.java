package io.bvecq.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.netfs.HttpObjectServer;
import io.bvecq.netfs.Limits;
import io.bvecq.netfs.Netfs;
import io.bvecq.netfs.RegionRelease;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The netfs engine through the HTTP backend on loopback: one operation downloads {@code sizeMiB} MiB served from
 * memory by a JDK {@link HttpServer}. Group {@code netfsHttp/<sizeMiB>}; ms per operation, lower is better.
 *
 * <ul>
 *   <li>{@code jdkHttpClient}: the peer, one GET of the whole object into one heap array
 *       ({@link HttpResponse.BodyHandlers#ofByteArray()});</li>
 *   <li>{@code netfs}: {@link Netfs#read} with {@link HttpObjectServer}: ranged GETs of {@code rsizeKiB} KiB
 *       (4 MiB by default), 8 in flight, into one pooled chain.</li>
 * </ul>
 * An HTTP request costs a round trip and a dispatch on each side whatever its size, so an object-store client
 * reads in ranges of MiBs; run {@code -p rsizeKiB=256} for the file server's sub-request size (about half the
 * peer's speed on loopback, where each 256 KiB GET spends more in HTTP than in bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class NetfsHttpBench {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    /** The object's size in MiB. */
    @Param({"64"})
    public int sizeMiB;

    /** Bytes per ranged GET, in KiB. */
    @Param({"4096"})
    public int rsizeKiB;

    private byte[] object;
    private HttpServer http;
    private ExecutorService serverThreads;
    private ExecutorService ex;
    private HttpClient client;
    private URI uri;
    private BufferPool pool;
    private Bvecq chain;
    private Netfs netfs;

    /** Starts the server and the client, allocates the chain. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        object = new byte[sizeMiB << 20];
        new Random(1).nextBytes(object);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.createContext("/o", this::serve);
        serverThreads = Executors.newFixedThreadPool(8);
        http.setExecutor(serverThreads);
        http.start();
        uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/o");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        pool = BufferPool.create(64 << 10, (long) object.length + (64L << 20), false);
        chain = BvecqBuffers.allocBuffer(pool, object.length, 0);
        BvecqBuffers.shortenBuffer(chain, 0, object.length);
        ex = Executors.newFixedThreadPool(8);
        Limits l = new Limits((long) rsizeKiB << 10, 256);
        netfs = new Netfs(new HttpObjectServer(client, uri, l, l, Duration.ofSeconds(60)), null, ex, pool, 8);
    }

    private void serve(HttpExchange x) throws IOException {
        try (x) {
            if (x.getRequestMethod().equals("HEAD")) {
                x.getResponseHeaders().set("Content-Length", Integer.toString(object.length));
                x.sendResponseHeaders(200, -1);
                return;
            }
            String range = x.getRequestHeaders().getFirst("Range");
            int from = 0;
            int to = object.length - 1;
            int status = 200;
            if (range != null) {
                Matcher m = RANGE.matcher(range);
                if (!m.matches()) {
                    x.sendResponseHeaders(400, -1);
                    return;
                }
                from = Integer.parseInt(m.group(1));
                to = Math.min(Integer.parseInt(m.group(2)), object.length - 1);
                status = 206;
            }
            x.sendResponseHeaders(status, to - from + 1);
            try (OutputStream out = x.getResponseBody()) {
                out.write(object, from, to - from + 1);
            }
        }
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        chain.release();
        ex.shutdownNow();
        client.close();
        http.stop(0);
        serverThreads.shutdownNow();
        pool.close();
    }

    /**
     * The peer: the whole object into one heap array.
     *
     * @return bytes
     */
    @Benchmark
    public long jdkHttpClient() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    /**
     * The engine: ranged GETs into the chain.
     *
     * @return bytes
     */
    @Benchmark
    public long netfs() throws IOException {
        return netfs.read(chain, RegionRelease.NONE, null).fromServer();
    }
}
