package io.bvecq.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP backend against a JDK HttpServer on loopback, through the cache file. */
class HttpObjectServerTest {
    @TempDir
    Path dir;
    private ExecutorService ex;
    private BufferPool pool;
    private HttpClient client;

    @BeforeEach
    void setUp() {
        ex = Executors.newFixedThreadPool(4);
        pool = BufferPool.create(4096, 256L << 20, false);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        ex.shutdownNow();
        assertEquals(0, pool.outstandingChunks());
        pool.close();
    }

    private byte[] read(Netfs nfs, long start, int len, RequestStats[] st) throws IOException {
        Bvecq chain = BvecqBuffers.allocBuffer(pool, len, 0);
        try {
            BvecqBuffers.shortenBuffer(chain, 0, len);
            chain.setFpos(start);
            st[0] = nfs.read(chain, RegionRelease.NONE, null);
            return TestChains.bytes(chain);
        } finally {
            chain.release();
        }
    }

    @Test
    void rangedGetsThroughTheCacheAndPutsBack() throws IOException {
        byte[] model = ReadRequestTest.model(300_000, 1);
        Path obj = dir.resolve("served");
        Files.write(obj, model);
        try (RangeHttpServer http = new RangeHttpServer(obj);
             CacheFile cache = CacheFile.open(dir.resolve("cache"), model.length)) {
            HttpObjectServer server = new HttpObjectServer(client, http.uri(), new Limits(64 * 1024, 64),
                    new Limits(50_000, 64), Duration.ofSeconds(20));
            assertEquals(model.length, server.objectSize());
            Netfs nfs = new Netfs(server, cache, ex, pool, 4);
            RequestStats[] st = new RequestStats[1];
            assertArrayEquals(model, read(nfs, 0, model.length, st));
            assertEquals(model.length, st[0].fromServer());
            int gets = http.gets.get();
            assertTrue(gets >= 5, "ranged GETs: " + gets);
            assertArrayEquals(model, read(nfs, 0, model.length, st));
            assertEquals(model.length, st[0].fromCache());
            assertEquals(gets, http.gets.get(), "the second read made no request");
            // past the end: a range starting after the object is answered 416 and zero-filled
            byte[] past = read(nfs, 290 * 1024, 16 * 1024, st);
            assertArrayEquals(Arrays.copyOfRange(model, 290 * 1024, model.length),
                    Arrays.copyOf(past, model.length - 290 * 1024));

            byte[] data = ReadRequestTest.model(120_000, 2);
            Bvecq chain = BvecqBuffers.allocBuffer(pool, data.length, 0);
            try {
                BvecqBuffers.shortenBuffer(chain, 0, data.length);
                chain.setFpos(200_000);
                byte[] m = new byte[200_000 + data.length];
                System.arraycopy(data, 0, m, 200_000, data.length);
                TestChains.fill(chain, m);
                RequestStats w = nfs.write(chain, RegionRelease.NONE, null);
                assertEquals(data.length, w.fromServer());
                assertTrue(http.puts.get() >= 3, "wsize 50000: " + http.puts.get());
            } finally {
                chain.release();
            }
            byte[] want = Arrays.copyOf(model, 320_000);
            System.arraycopy(data, 0, want, 200_000, data.length);
            assertArrayEquals(want, Files.readAllBytes(obj));
        }
    }
}
