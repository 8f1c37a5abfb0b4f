package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.testing.LeakCheckHook;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Model check: random writes (random chain layouts, alignments, offsets and policies) applied to a real file
 * and to a flat {@code byte[]}; the file must equal the model, and reading it back into a chain of another
 * random layout must give the same bytes.
 */
@AddLifecycleHook(LeakCheckHook.class)
class IoFileModelProperties {
    private static final int FILE_MAX = 96 << 10;
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = TestChains.tempDir();
    }

    @AfterContainer
    static void removeDir() {
        TestChains.deleteTree(dir);
    }

    record Op(int offset, int length, int skew, int[] slots, WritePolicy policy, long seed) {
    }

    @Provide
    Arbitrary<Op> op() {
        Arbitrary<Integer> offset = Arbitraries.oneOf(Arbitraries.integers().between(0, 16).map(i -> i * 4096),
                Arbitraries.integers().between(0, 64 << 10));
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(1, 8).map(i -> i * 4096),
                Arbitraries.integers().between(1, 32 << 10));
        Arbitrary<Integer> skew = Arbitraries.of(0, 0, 1, 512, 7);
        Arbitrary<int[]> slots = Arbitraries.integers().between(1, 9000).array(int[].class).ofMinSize(1).ofMaxSize(5);
        Arbitrary<WritePolicy> policy = Arbitraries.of(WritePolicy.AUTO, WritePolicy.BOUNCE, WritePolicy.BUFFERED,
                WritePolicy.TRUSTED);
        return Combinators.combine(offset, length, skew, slots, policy, Arbitraries.longs())
                .as((o, l, k, s, p, seed) -> new Op(o, l, k, s, p, seed));
    }

    @Property(tries = 100) // each try does real file I/O: bounded so CI (1000 default tries) stays fast
    void fileEqualsTheModelAfterRandomWrites(@ForAll("ops") List<Op> ops) throws IOException {
        Path p = Files.createTempFile(dir, "model", ".bin");
        byte[] model = new byte[0];
        try (Arena arena = Arena.ofConfined();
                IoFile f = IoFile.open(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Op op : ops) {
                byte[] data = TestChains.randomBytes(op.length(), op.seed());
                Bvecq src = TestChains.skewed(arena, data, op.skew(), op.slots());
                try {
                    WriteResult r = f.write(op.offset(), src, op.policy());
                    assertEquals(op.length(), r.bytes());
                } finally {
                    src.release();
                }
                if (model.length < op.offset() + op.length()) {
                    model = Arrays.copyOf(model, op.offset() + op.length());
                }
                System.arraycopy(data, 0, model, op.offset(), op.length());
            }
            assertArrayEquals(model, Files.readAllBytes(p));
            // read back into another random layout, from a random place
            Random r = new Random(ops.size());
            int from = r.nextInt(model.length);
            int len = model.length - from;
            Bvecq dst = TestChains.skewed(arena, new byte[len + 10], r.nextInt(3) == 0 ? 0 : 3, 4096, 1000, 13);
            BvecqPos pos = BvecqPos.at(dst);
            try {
                assertEquals(len, f.read(from, pos, len + 10), "reads stop at the end of the file");
                assertArrayEquals(Arrays.copyOfRange(model, from, model.length),
                        Arrays.copyOf(TestChains.bytes(dst), len));
            } finally {
                pos.unset();
                dst.release();
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return op().list().ofMinSize(1).ofMaxSize(6).filter(l -> l.stream().allMatch(o -> o.offset() + o.length() <= FILE_MAX));
    }
}
