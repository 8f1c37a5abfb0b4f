package io.bvecq.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.io.IoErrnoException;
import io.bvecq.io.WritePolicy;
import io.bvecq.netfs.TestChains.Releases;
import io.bvecq.uring.AsyncFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file server on the uring module's {@link AsyncFile} ({@link FileServer.FileIo#of(AsyncFile, WritePolicy)}),
 * through both of its engines: reads and writes of the request engine, byte-exact against the file, every region
 * released once, every chunk back in the pool, and a failure reported as the engine reported it.
 */
class AsyncFileServerTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    Path dir;
    private ExecutorService ex;
    private BufferPool pool;

    @BeforeEach
    void setUp() {
        ex = Executors.newFixedThreadPool(8);
        pool = BufferPool.create(4096, 64L << 20, false);
    }

    @AfterEach
    void tearDown() {
        ex.shutdownNow();
        assertEquals(0, pool.outstandingChunks(), "every chunk back in the pool");
        pool.close();
    }

    private static AsyncFile open(Path p, AsyncFile.Engine engine, StandardOpenOption... options) throws IOException {
        AsyncFile f = AsyncFile.open(p, engine, 64, options);
        assertEquals(engine, f.engine(), f.engineReason());
        return f;
    }

    @ParameterizedTest
    @EnumSource(AsyncFile.Engine.class)
    void aReadAtDepthEightIsByteExactThroughTheCache(AsyncFile.Engine engine) throws IOException {
        byte[] model = ReadRequestTest.model(3 * 65_536 + 12_345, 21);
        Path obj = dir.resolve("object");
        Files.write(obj, model);
        try (AsyncFile f = open(obj, engine);
             CacheFile cache = CacheFile.open(dir.resolve("cache"), model.length)) {
            FileServer server = new FileServer(FileServer.FileIo.of(f, WritePolicy.AUTO), new Limits(16_384, 4),
                    new Limits(16_384, 4));
            assertEquals(model.length, server.objectSize());
            for (int pass = 0; pass < 2; pass++) {
                Bvecq chain = BvecqBuffers.allocBuffer(pool, model.length, 0);
                try {
                    BvecqBuffers.shortenBuffer(chain, 0, model.length);
                    Releases rel = new Releases();
                    RequestStats st = new Netfs(server, cache, ex, pool, 8).read(chain, rel, null);
                    assertArrayEquals(model, TestChains.bytes(chain), "pass " + pass);
                    assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get(), "each region released once");
                    assertEquals(0, rel.notOk.get());
                    if (pass == 0) {
                        assertEquals(model.length, st.fromServer(), st.toString());
                    } else {
                        assertEquals(model.length, st.fromCache(), st.toString());
                    }
                } finally {
                    chain.release();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AsyncFile.Engine.class)
    void aWriteReachesTheFileThroughTheEngine(AsyncFile.Engine engine) throws IOException {
        byte[] data = ReadRequestTest.model(2 * 65_536 + 4_321, 22);
        Path obj = dir.resolve("object");
        Files.write(obj, new byte[1000]);
        try (AsyncFile f = open(obj, engine, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileServer server = new FileServer(FileServer.FileIo.of(f, WritePolicy.AUTO), new Limits(16_384, 4),
                    new Limits(16_384, 4));
            Bvecq chain = BvecqBuffers.allocBuffer(pool, data.length, 0);
            try {
                BvecqBuffers.shortenBuffer(chain, 0, data.length);
                TestChains.fill(chain, data);
                RequestStats st = new Netfs(server, null, ex, pool, 8).write(chain, RegionRelease.NONE, null);
                assertEquals(data.length, st.fromServer(), st.toString());
            } finally {
                chain.release();
            }
        }
        assertArrayEquals(data, Files.readAllBytes(obj));
    }

    @ParameterizedTest
    @EnumSource(AsyncFile.Engine.class)
    void aFailedWriteIsTheEnginesErrorNotAWrapper(AsyncFile.Engine engine) throws IOException {
        Path obj = dir.resolve("object");
        Files.write(obj, new byte[100]);
        try (AsyncFile f = open(obj, engine)) { // opened read-only: the write fails with EBADF
            FileServer server = new FileServer(FileServer.FileIo.of(f, WritePolicy.BUFFERED), new Limits(16_384, 4),
                    new Limits(16_384, 4));
            byte[] data = ReadRequestTest.model(4096, 23);
            Bvecq chain = BvecqBuffers.allocBuffer(pool, data.length, 0);
            try {
                BvecqBuffers.shortenBuffer(chain, 0, data.length);
                TestChains.fill(chain, data);
                try (io.bvecq.iter.IoIter it = io.bvecq.iter.IoIter.bvecq(io.bvecq.iter.Direction.SOURCE, chain, 0, 0,
                        data.length)) {
                    IoErrnoException e = assertThrows(IoErrnoException.class, () -> server.write(0, it));
                    assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
                }
            } finally {
                chain.release();
            }
        }
        assertArrayEquals(new byte[100], Files.readAllBytes(obj), "the file is unchanged");
    }
}
