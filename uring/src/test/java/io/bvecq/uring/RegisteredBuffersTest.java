package io.bvecq.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import io.bvecq.io.IoErrnoException;
import io.bvecq.io.WritePolicy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** READ_FIXED/WRITE_FIXED on memory in the pool's registered slabs, and the fallback when registration fails. */
class RegisteredBuffersTest {
    private static final int CHUNK = 64 << 10;

    @TempDir
    Path dir;

    /** Grows the pool by {@code n} chunks and gives them back, so its slabs exist before registration. */
    private static void grow(BufferPool pool, int n) {
        List<PoolChunk> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cs.add(pool.take());
        }
        cs.forEach(PoolChunk::release);
    }

    private long roundTrip(AsyncFile f, BufferPool pool, Path p) throws Exception {
        byte[] data = new byte[8 * CHUNK];
        new Random(2).nextBytes(data);
        List<PoolChunk> cs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PoolChunk c = pool.take();
            cs.add(c);
            MemorySegment.copy(data, i * CHUNK, c.segment(), ValueLayout.JAVA_BYTE, 0, CHUNK);
            // one contiguous region per request, some with an unaligned tail so that part goes buffered
            int len = i % 2 == 0 ? CHUNK : CHUNK - 100;
            assertEquals(len, f.write((long) i * CHUNK, IoIter.segment(Direction.SOURCE, c.segment(), 0, len),
                    WritePolicy.AUTO).get(10, TimeUnit.SECONDS).bytes());
        }
        for (int i = 0; i < 8; i++) {
            PoolChunk c = cs.get(i);
            c.segment().fill((byte) 0);
            int len = i % 2 == 0 ? CHUNK : CHUNK - 100;
            assertEquals(len, f.read((long) i * CHUNK, IoIter.segment(Direction.DEST, c.segment(), 0, len))
                    .get(10, TimeUnit.SECONDS));
            byte[] expect = new byte[len];
            System.arraycopy(data, i * CHUNK, expect, 0, len);
            assertArrayEquals(expect, c.segment().asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
            c.release();
        }
        return ((UringEngine) f).fixedSqes();
    }

    @Test
    void chunksInRegisteredSlabsGoFixed() throws Exception {
        Path p = dir.resolve("fixed");
        try (BufferPool pool = BufferPool.create(CHUNK, 16L << 20, false);
                AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
            grow(pool, 16);
            assertTrue(f.registerBuffers(pool));
            assertThrows(IllegalStateException.class, () -> f.registerBuffers(pool));
            assertEquals(16, roundTrip(f, pool, p), "every one-region request in a registered slab went FIXED");
        }
    }

    @Test
    void failedRegistrationIsLoggedAndRequestsGoUnregistered() throws Exception {
        Path p = dir.resolve("unfixed");
        Faults memlock = new Faults() {
            @Override
            public int plan(int opcode, long fileOffset, long length) {
                return 0;
            }

            @Override
            public int register() {
                return -IoUringAbi.ENOMEM;
            }
        };
        try (BufferPool pool = BufferPool.create(CHUNK, 16L << 20, false);
                AsyncFile f = AsyncFiles.open(p, AsyncFile.Engine.URING, 8, memlock, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
            grow(pool, 16);
            assertFalse(f.registerBuffers(pool));
            assertEquals(0, roundTrip(f, pool, p));
        }
    }

    @Test
    void memoryOutsideTheRegisteredSlabsGoesVectored() throws Exception {
        Path p = dir.resolve("later");
        try (BufferPool pool = BufferPool.create(CHUNK, 16L << 20, false);
                AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
            grow(pool, 16); // one 1 MiB slab
            assertTrue(f.registerBuffers(pool));
            List<PoolChunk> held = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                held.add(pool.take()); // the registered slab, all of it
            }
            PoolChunk later = pool.take(); // a new slab, not registered
            assertEquals(CHUNK, f.write(0, IoIter.segment(Direction.SOURCE, later.segment()), WritePolicy.AUTO)
                    .get(10, TimeUnit.SECONDS).bytes());
            assertEquals(0, ((UringEngine) f).fixedSqes());
            later.release();
            held.forEach(PoolChunk::release);
        }
        assertEquals(CHUNK, Files.size(p));
    }

    @Test
    void fixedReadErrorsNameTheFixedOpcode() throws Exception {
        Path p = dir.resolve("eio");
        Faults eio = (op, off, len) -> op == IoUringAbi.IORING_OP_READV ? -IoUringAbi.EIO : 0;
        Files.write(p, new byte[CHUNK]);
        try (BufferPool pool = BufferPool.create(CHUNK, 16L << 20, false);
                AsyncFile f = AsyncFiles.open(p, AsyncFile.Engine.URING, 8, eio, StandardOpenOption.WRITE)) {
            grow(pool, 1);
            assertTrue(f.registerBuffers(pool));
            PoolChunk c = pool.take();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.read(0, IoIter.segment(Direction.DEST, c.segment())).get(10, TimeUnit.SECONDS));
            IoErrnoException io = (IoErrnoException) e.getCause();
            assertEquals("IORING_OP_READ_FIXED", io.op());
            c.release();
        }
    }
}
