package io.bvecq.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.io.Extent;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.netfs.TestChains.Releases;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache file on real files in /tmp, read through a file server: the seed's cachefiles rules. */
class CacheFileTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    Path dir;
    private ExecutorService ex;
    private BufferPool pool;

    @BeforeEach
    void setUp() {
        ex = Executors.newFixedThreadPool(4);
        pool = BufferPool.create(4096, 256L << 20, false);
    }

    @AfterEach
    void tearDown() {
        ex.shutdownNow();
        assertEquals(0, pool.outstandingChunks(), "every chunk back in the pool");
        pool.close();
    }

    /** Counts the data-extent queries (the SEEK_DATA/SEEK_HOLE calls) a cache file makes. */
    static final class CountingExtents implements CacheFile.ExtentSource {
        final AtomicInteger calls = new AtomicInteger();
        IoFile file;

        @Override
        public List<Extent> dataExtents(long from, long to) throws IOException {
            calls.incrementAndGet();
            return file.dataExtents(from, to);
        }
    }

    private Path object(byte[] model) throws IOException {
        Path p = dir.resolve("object");
        Files.write(p, model);
        return p;
    }

    /** Reads {@code [start, start+len)} of the object through the cache into a fresh pooled chain; returns its bytes. */
    private byte[] readThrough(NetfsServer server, NetfsCache cache, long start, int len, RequestStats[] st)
            throws IOException {
        Bvecq chain = BvecqBuffers.allocBuffer(pool, len, 0);
        try {
            BvecqBuffers.shortenBuffer(chain, 0, len);
            chain.setFpos(start);
            Releases rel = new Releases();
            st[0] = new Netfs(server, cache, ex, pool, 4).read(chain, rel, null);
            assertEquals(TestChains.slotsWithBytes(chain), rel.ok.get());
            return TestChains.bytes(chain);
        } finally {
            chain.release();
        }
    }

    @Test
    void aSequentialReadFillsTheCacheAndTheSecondComesFromIt() throws IOException {
        byte[] model = ReadRequestTest.model(3 * 65_536 + 1234, 1);
        Path obj = object(model);
        try (IoFile f = IoFile.open(obj);
             CacheFile cache = CacheFile.open(dir.resolve("cache"), model.length)) {
            FileServer server = new FileServer(FileServer.FileIo.of(f, WritePolicy.AUTO), new Limits(65_536, 16),
                    new Limits(65_536, 16));
            RequestStats[] st = new RequestStats[1];
            assertArrayEquals(model, readThrough(server, cache, 0, model.length, st));
            assertEquals(model.length, st[0].fromServer());
            assertEquals(CacheFile.Content.ALL, cache.content());
            assertEquals(0, cache.backingSize() % cache.blockSize(), "the backing size is whole blocks");
            assertEquals((model.length + cache.blockSize() - 1) / cache.blockSize() * cache.blockSize(), cache.backingSize());
            byte[] tail = Files.readAllBytes(dir.resolve("cache"));
            for (int i = model.length; i < tail.length; i++) {
                assertEquals(0, tail[i], "past the object's end the last block is zeroes");
            }
            assertArrayEquals(model, Arrays.copyOf(tail, model.length));
            assertArrayEquals(model, readThrough(server, cache, 0, model.length, st));
            assertEquals(model.length, st[0].fromCache());
            assertEquals(0, st[0].fromServer());
        }
        // the metadata survives a reopen; another object size empties the cache
        try (CacheFile again = CacheFile.open(dir.resolve("cache"), model.length)) {
            assertEquals(CacheFile.Content.ALL, again.content());
        }
        try (CacheFile other = CacheFile.open(dir.resolve("cache"), model.length + 1)) {
            assertEquals(CacheFile.Content.NO_DATA, other.content());
            assertEquals(0, other.backingSize());
        }
    }

    @Test
    void allContentIsAnsweredWithoutSeekDataAndAGapFallsBackToIt() throws IOException {
        byte[] model = ReadRequestTest.model(512 * 1024, 2);
        Path obj = object(model);
        CountingExtents counting = new CountingExtents();
        try (IoFile f = IoFile.open(obj);
             CacheFile cache = CacheFile.open(dir.resolve("cache"), model.length, counting)) {
            counting.file = IoFile.open(dir.resolve("cache"));
            try {
                FileServer server = new FileServer(FileServer.FileIo.of(f, WritePolicy.AUTO), new Limits(32_768, 16),
                        new Limits(32_768, 16));
                RequestStats[] st = new RequestStats[1];
                readThrough(server, cache, 0, 128 * 1024, st);
                assertEquals(CacheFile.Content.ALL, cache.content());
                assertEquals(128 * 1024, readThrough(server, cache, 0, 128 * 1024, st).length);
                assertEquals(128 * 1024, st[0].fromCache());
                assertEquals(0, counting.calls.get(), "ALL content: no SEEK_DATA/SEEK_HOLE");

                // a read past a gap stores a run that does not follow on: the flag drops to PARTIAL
                byte[] far = readThrough(server, cache, 384 * 1024, 64 * 1024, st);
                assertArrayEquals(Arrays.copyOfRange(model, 384 * 1024, 448 * 1024), far);
                assertEquals(CacheFile.Content.PARTIAL, cache.content());
                int before = counting.calls.get();
                byte[] all = readThrough(server, cache, 0, model.length, st);
                assertArrayEquals(model, all);
                assertTrue(counting.calls.get() > before, "PARTIAL content asks the backing file");
                assertEquals(192 * 1024, st[0].fromCache(), st[0].toString());
                List<CacheExtent> occ = cache.queryOccupancy(0, model.length);
                assertFalse(occ.isEmpty());
            } finally {
                counting.file.close();
            }
        }
    }

    @Test
    void shorteningClearsPastTheNewSize() throws IOException {
        byte[] model = ReadRequestTest.model(40_000, 3);
        Path obj = object(model);
        try (IoFile f = IoFile.open(obj);
             CacheFile cache = CacheFile.open(dir.resolve("cache"), model.length)) {
            FileServer server = new FileServer(FileServer.FileIo.of(f, WritePolicy.AUTO), new Limits(16_384, 16),
                    new Limits(16_384, 16));
            readThrough(server, cache, 0, model.length, new RequestStats[1]);
            int bs = cache.blockSize();
            long newSize = 10_000 + (10_000 % bs == 0 ? 1 : 0);
            cache.setObjectSize(newSize);
            long tail = (newSize + bs - 1) / bs * bs;
            assertEquals(tail, cache.backingSize());
            byte[] back = Files.readAllBytes(dir.resolve("cache"));
            assertEquals(tail, back.length);
            assertArrayEquals(Arrays.copyOf(model, (int) newSize), Arrays.copyOf(back, (int) newSize));
            for (int i = (int) newSize; i < back.length; i++) {
                assertEquals(0, back[i], "cleared past the new size at " + i);
            }
            cache.setObjectSize(0);
            assertEquals(CacheFile.Content.NO_DATA, cache.content());
            assertEquals(0, Files.size(dir.resolve("cache")));
        }
    }

    /**
     * The seed's cleaning rule: bytes past the old object size in its partial last block may be stale (the seed
     * names shared-writable mmap); when the object grows past that block by a write that does not cover them,
     * {@code collectWrite} clears them with fallocate zero-range.
     */
    @Test
    void growingPastAPartialBlockClearsItsStaleTail() throws IOException {
        try (CacheFile cache = CacheFile.open(dir.resolve("cache"), 0)) {
            int bs = cache.blockSize();
            long oldSize = 2L * bs + bs / 2;
            byte[] first = new byte[3 * bs];
            new java.util.Random(6).nextBytes(first); // the tail past oldSize is stale junk, not zeroes
            try (io.bvecq.iter.IoIter it = io.bvecq.iter.IoIter.segment(io.bvecq.iter.Direction.SOURCE,
                    MemorySegment.ofArray(first))) {
                cache.write(0, it, oldSize);
            }
            cache.collectWrite(0, 3L * bs, oldSize);
            assertEquals(CacheFile.Content.ALL, cache.content());
            byte[] second = new byte[bs];
            java.util.Arrays.fill(second, (byte) 7);
            try (io.bvecq.iter.IoIter it = io.bvecq.iter.IoIter.segment(io.bvecq.iter.Direction.SOURCE,
                    MemorySegment.ofArray(second))) {
                cache.write(3L * bs, it, 4L * bs);
            }
            cache.collectWrite(3L * bs, bs, 4L * bs);
            byte[] back = Files.readAllBytes(dir.resolve("cache"));
            assertEquals(4L * bs, back.length);
            assertArrayEquals(Arrays.copyOf(first, (int) oldSize), Arrays.copyOf(back, (int) oldSize));
            for (int i = (int) oldSize; i < 3 * bs; i++) {
                assertEquals(0, back[i], "stale byte at " + i + " cleared");
            }
            assertEquals(7, back[3 * bs]);
            assertEquals(4L * bs, cache.objectSize());
        }
    }

    @Test
    void theMetadataLivesInAUserXattr() throws IOException {
        try (CacheFile cache = CacheFile.open(dir.resolve("cache"), 12_345)) {
            byte[] x = Xattrs.get(dir.resolve("cache").toString(), CacheFile.XATTR, 64);
            assertNotNull(x);
            assertEquals(9, x.length);
            assertEquals(12_345, java.nio.ByteBuffer.wrap(x).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
            assertEquals(CacheFile.Content.NO_DATA.ordinal(), x[8]);
            assertEquals(12_345, cache.objectSize());
        }
    }

    @Test
    void unalignedCacheWritesAreRejected() throws IOException {
        try (CacheFile cache = CacheFile.open(dir.resolve("cache"), 100_000);
             io.bvecq.iter.IoIter it = io.bvecq.iter.IoIter.segment(io.bvecq.iter.Direction.SOURCE,
                     MemorySegment.ofArray(new byte[100]))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.write(0, it, 100_000));
            assertTrue(e.getMessage().contains("multiples of the block"), e.getMessage());
            assertEquals(0, cache.backingSize());
        }
    }

    @Test
    void writesGoToTheServerFileAndTheCacheFile() throws IOException {
        byte[] base = ReadRequestTest.model(20_000, 4);
        Path obj = object(base);
        byte[] data = ReadRequestTest.model(70_000, 5);
        try (IoFile f = IoFile.open(obj, StandardOpenOption.READ, StandardOpenOption.WRITE);
             CacheFile cache = CacheFile.open(dir.resolve("cache"), base.length)) {
            FileServer server = new FileServer(FileServer.FileIo.of(f, WritePolicy.AUTO), new Limits(16_384, 16),
                    new Limits(16_384, 16));
            Bvecq chain = BvecqBuffers.allocBuffer(pool, data.length, 0);
            try {
                BvecqBuffers.shortenBuffer(chain, 0, data.length);
                byte[] m = new byte[data.length];
                System.arraycopy(data, 0, m, 0, data.length);
                TestChains.fill(chain, m);
                RequestStats st = new Netfs(server, cache, ex, pool, 4).write(chain, RegionRelease.NONE, null);
                assertFalse(st.cacheInvalidated(), st.toString());
            } finally {
                chain.release();
            }
            assertArrayEquals(data, Files.readAllBytes(obj));
            assertEquals(data.length, cache.objectSize());
            assertEquals(CacheFile.Content.ALL, cache.content());
            RequestStats[] st = new RequestStats[1];
            assertArrayEquals(data, readThrough(server, cache, 0, data.length, st));
            assertEquals(data.length, st[0].fromCache());
        }
    }

    @Test
    void aWriteIntoThePartialLastBlockGoesThroughTheBufferedPath() throws IOException {
        try (CacheFile cache = CacheFile.open(dir.resolve("cache"), 0)) {
            int bs = cache.blockSize();
            long objectEnd = 2L * bs + 100; // the object ends 100 bytes into its third block
            byte[] data = ReadRequestTest.model(3 * bs, 31);
            try (io.bvecq.iter.IoIter it = io.bvecq.iter.IoIter.segment(io.bvecq.iter.Direction.SOURCE,
                    MemorySegment.ofArray(data))) {
                cache.write(0, it, objectEnd);
            }
            // the two whole blocks by the file's policy (direct here), the block holding the end buffered
            assertEquals(bs, cache.bytesWritten(io.bvecq.io.WriteStrategy.BUFFERED));
            assertEquals(2L * bs, cache.bytesWritten(io.bvecq.io.WriteStrategy.DIRECT)
                    + cache.bytesWritten(io.bvecq.io.WriteStrategy.BOUNCE));
            // a write that lies wholly in the last block is buffered whole
            byte[] tail = ReadRequestTest.model(bs, 32);
            try (io.bvecq.iter.IoIter it = io.bvecq.iter.IoIter.segment(io.bvecq.iter.Direction.SOURCE,
                    MemorySegment.ofArray(tail))) {
                cache.write(2L * bs, it, objectEnd);
            }
            assertEquals(2L * bs, cache.bytesWritten(io.bvecq.io.WriteStrategy.BUFFERED));
            cache.collectWrite(0, 3L * bs, objectEnd);
            byte[] back = Files.readAllBytes(dir.resolve("cache"));
            assertEquals(3L * bs, back.length, "the backing file stays whole blocks");
            assertArrayEquals(Arrays.copyOf(data, 2 * bs), Arrays.copyOf(back, 2 * bs));
            assertArrayEquals(tail, Arrays.copyOfRange(back, 2 * bs, 3 * bs));
            assertEquals(objectEnd, cache.objectSize());
        }
    }
}
