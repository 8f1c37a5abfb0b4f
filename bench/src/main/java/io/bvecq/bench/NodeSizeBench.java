package io.bvecq.bench;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.MemorySegment;
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
 * Slots per node: the measurement behind {@link Bvecq#DEFAULT_SLOTS}. Not a peer comparison, so
 * {@code bvq bench} leaves it out; run it with the benchmarks jar:
 * {@code java -jar bench/target/benchmarks.jar NodeSizeBench}.
 *
 * <ul>
 *   <li>{@code walk}: copy 1 MiB out of a prebuilt chain through a BVECQ iterator. More slots per node
 *       means fewer node crossings (one acquire of {@code next}, one re-check, one liveness check each).</li>
 *   <li>{@code build}: append 1 MiB of regions into a new chain, node by node, then release it. More slots
 *       per node means fewer allocations, but each node's four parallel arrays grow, and a mostly empty tail
 *       node wastes more.</li>
 * </ul>
 * Slot size 64 B is where per-node costs weigh most (16,384 slots per MiB); 4 KiB is the page-sized case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NodeSizeBench {
    /** Bytes per slot. */
    @Param({"64", "4096"})
    public int slotSize;

    /** Slots per node. */
    @Param({"8", "16", "32", "64", "128", "256"})
    public int slotsPerNode;

    private Fixture f;
    private Bvecq chain;

    /** Builds the data and the prebuilt chain for {@code walk}. */
    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture(slotSize);
        chain = build(f.slots, slotsPerNode);
    }

    /** Releases the chain and the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        chain.release();
        f.close();
    }

    private static Bvecq build(MemorySegment[] slots, int perNode) {
        Bvecq head = Bvecq.allocOne(perNode, Disposal.NONE);
        Bvecq tail = head;
        long fpos = 0;
        for (MemorySegment s : slots) {
            long len = s.byteSize();
            if (tail.appendSlot(s, 0, len, null) < 0) {
                Bvecq n = Bvecq.allocOne(perNode, Disposal.NONE);
                n.setFpos(fpos);
                n.appendSlot(s, 0, len, null);
                tail.linkNext(n);
                tail = n;
            }
            fpos += len;
        }
        return head;
    }

    /**
     * Copies the whole chain out.
     *
     * @return bytes copied
     */
    @Benchmark
    public long walk() {
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, chain, 0, 0, Fixture.TOTAL)) {
            return it.copyFromIter(f.dst, 0, Fixture.TOTAL);
        }
    }

    /**
     * Builds a chain describing the whole MiB and releases it.
     *
     * @return the number of nodes built
     */
    @Benchmark
    public int build() {
        Bvecq head = build(f.slots, slotsPerNode);
        int nodes = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            nodes++;
        }
        head.release();
        return nodes;
    }
}
