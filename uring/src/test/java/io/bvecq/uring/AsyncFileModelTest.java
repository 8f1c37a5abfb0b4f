package io.bvecq.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.BufferPool;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteResult;
import io.bvecq.iter.Direction;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random reads and writes at random offsets, sizes, memory layouts and queue depths, through both engines,
 * against a {@code byte[]} model of the file. Requests in flight together never overlap, so the model's
 * answer does not depend on their order.
 */
class AsyncFileModelTest {
    private static final int FILE = 2 << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(AsyncFile.Engine.class)
    void randomRequestsMatchTheModel(AsyncFile.Engine engine) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            run(engine, seed);
        }
    }

    private void run(AsyncFile.Engine engine, long seed) throws Exception {
        Random rnd = new Random(seed * 7919 + engine.ordinal());
        Path p = dir.resolve("model-" + engine + "-" + seed);
        byte[] model = new byte[FILE];
        rnd.nextBytes(model);
        Files.write(p, model);
        WritePolicy[] policies = WritePolicy.values();
        TestMem.Kind[] kinds = TestMem.Kind.values();
        int[] depths = {1, 4, 16, 32};
        try (BufferPool pool = BufferPool.create(4096, 64L << 20, false);
                AsyncFile f = AsyncFile.open(p, engine, 8, StandardOpenOption.WRITE)) {
            assertEquals(engine, f.engine());
            for (int round = 0; round < 25; round++) {
                int qd = depths[rnd.nextInt(depths.length)];
                int region = FILE / qd;
                List<Runnable> checks = new ArrayList<>();
                List<CompletableFuture<?>> futures = new ArrayList<>();
                try (Arena arena = Arena.ofShared()) {
                    List<TestMem.Buf> bufs = new ArrayList<>();
                    boolean batched = rnd.nextBoolean();
                    AsyncFile.Batch b = batched ? f.batch() : null;
                    for (int i = 0; i < qd; i++) {
                        boolean aligned = rnd.nextInt(3) == 0;
                        int maxLen = Math.min(region, 300_000);
                        int len;
                        int off;
                        if (aligned) {
                            len = 4096 * (1 + rnd.nextInt(Math.max(1, maxLen / 4096)));
                            off = i * region + 4096 * rnd.nextInt(Math.max(1, (region - len) / 4096 + 1));
                        } else {
                            len = 1 + rnd.nextInt(maxLen);
                            off = i * region + rnd.nextInt(region - len + 1);
                        }
                        TestMem.Kind kind = kinds[rnd.nextInt(kinds.length)];
                        if (rnd.nextBoolean()) {
                            byte[] data = new byte[len];
                            rnd.nextBytes(data);
                            TestMem.Buf buf = TestMem.make(kind, Direction.SOURCE, len, data, arena, pool, rnd);
                            bufs.add(buf);
                            WritePolicy pol = policies[rnd.nextInt(policies.length)];
                            if (pol == WritePolicy.STRICT) {
                                pol = WritePolicy.AUTO;
                            }
                            CompletableFuture<WriteResult> w = f.write(off, buf.it, pol);
                            futures.add(w);
                            int o = off;
                            checks.add(() -> {
                                assertEquals(len, w.join().bytes());
                                assertEquals(0, buf.it.count(), "iterator advanced by the bytes written");
                                System.arraycopy(data, 0, model, o, len);
                            });
                        } else {
                            TestMem.Buf buf = TestMem.make(kind, Direction.DEST, len, null, arena, pool, rnd);
                            bufs.add(buf);
                            CompletableFuture<Long> r = f.read(off, buf.it);
                            futures.add(r);
                            byte[] expect = Arrays.copyOfRange(model, off, off + len);
                            int o = off;
                            checks.add(() -> {
                                assertEquals(len, r.join(), "read at " + o + " len " + len + " " + kind);
                                assertArrayEquals(expect, buf.bytes(), "read at " + o + " len " + len + " " + kind);
                            });
                        }
                    }
                    if (b != null) {
                        b.close();
                    }
                    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    for (Runnable c : checks) {
                        c.run();
                    }
                    for (TestMem.Buf buf : bufs) {
                        buf.it.close();
                        if (buf.chain != null) {
                            buf.chain.release();
                        }
                    }
                }
            }
            // a read past the end of the file is short
            try (Arena arena = Arena.ofShared()) {
                TestMem.Buf buf = TestMem.make(TestMem.Kind.ALIGNED, Direction.DEST, 8192, null, arena, pool, rnd);
                assertEquals(4096, f.read(FILE - 4096, buf.it).get(10, TimeUnit.SECONDS));
                assertEquals(4096, buf.it.count());
                assertArrayEquals(Arrays.copyOfRange(model, FILE - 4096, FILE), Arrays.copyOf(buf.bytes(), 4096));
            }
            f.sync(true).get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(model, Files.readAllBytes(p));
    }
}
