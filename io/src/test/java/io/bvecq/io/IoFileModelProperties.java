package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.IterType;
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
 * Model check: random writes (random iterator types, memory layouts, alignments, heap or native memory,
 * offsets and policies) applied to a real file and to a flat {@code byte[]}; the file must equal the model,
 * and reading it back through an iterator of another random type and layout must give the same bytes.
 * Every type with memory (BVECQ, KVEC, BVEC, SEGMENT) goes through the one path of {@link IoFile}.
 */
@AddLifecycleHook(LeakCheckHook.class)
class IoFileModelProperties {
    private static final int FILE_MAX = 96 << 10;
    private static final IterType[] TYPES = {IterType.BVECQ, IterType.KVEC, IterType.BVEC, IterType.SEGMENT};
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = TestChains.tempDir();
    }

    @AfterContainer
    static void removeDir() {
        TestChains.deleteTree(dir);
    }

    record Op(int offset, int length, int skew, int[] slots, WritePolicy policy, long seed, IterType type, boolean heap) {
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
        Arbitrary<IterType> type = Arbitraries.of(TYPES);
        Arbitrary<Boolean> heap = Arbitraries.of(false, false, true);
        return Combinators.combine(offset, length, skew, slots, policy, Arbitraries.longs(), type, heap)
                .as(Op::new);
    }

    @Property(tries = 100) // each try does real file I/O: bounded so CI (1000 default tries) stays fast
    void fileEqualsTheModelAfterRandomWrites(@ForAll("ops") List<Op> ops) throws IOException {
        Path p = Files.createTempFile(dir, "model", ".bin");
        byte[] model = new byte[0];
        try (Arena arena = Arena.ofConfined();
                IoFile f = IoFile.open(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Op op : ops) {
                byte[] data = TestChains.randomBytes(op.length(), op.seed());
                try (TestMemory mem = new TestMemory(arena, data, op.type(), op.skew(), op.heap(), op.slots());
                        IoIter src = mem.iter(op.type(), Direction.SOURCE)) {
                    WriteResult r = f.write(op.offset(), src, op.policy());
                    assertEquals(op.length(), r.bytes());
                    assertEquals(0, src.count(), "the iterator moved past every byte written");
                }
                if (model.length < op.offset() + op.length()) {
                    model = Arrays.copyOf(model, op.offset() + op.length());
                }
                System.arraycopy(data, 0, model, op.offset(), op.length());
            }
            assertArrayEquals(model, Files.readAllBytes(p));
            // read back through another type and layout, from a random place, asking for more than there is
            Random r = new Random(ops.size() * 31L + ops.get(0).seed());
            int from = r.nextInt(model.length);
            int len = model.length - from;
            IterType type = TYPES[r.nextInt(TYPES.length)];
            try (TestMemory mem = new TestMemory(arena, new byte[len + 10], type, r.nextInt(3) == 0 ? 0 : 3,
                    r.nextBoolean(), 4096, 1000, 13); IoIter dst = mem.iter(type, Direction.DEST)) {
                assertEquals(len, f.read(from, dst), "reads stop at the end of the file");
                assertEquals(10, dst.count(), "the iterator moved by what was read");
                assertArrayEquals(Arrays.copyOfRange(model, from, model.length), Arrays.copyOf(mem.bytes(), len));
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
