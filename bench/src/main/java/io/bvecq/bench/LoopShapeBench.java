package io.bvecq.bench;

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
 * What a per-slot copy costs by the shape of the walk alone, with no chain, no cursor and no iterator: the
 * measurement behind the 64 B copy-out ratio of {@code CopyOutBench}. Not a peer comparison, so
 * {@code bvq bench} leaves it out; run it with the benchmarks jar:
 * {@code java -jar bench/target/benchmarks.jar LoopShapeBench}.
 *
 * <ul>
 *   <li>{@code segarray}: {@code CopyOutBench.segarray}, a for-each over a {@code MemorySegment[]} of exact
 *       slices, one {@code MemorySegment.copy(slice, 0, dst, pos, slice.byteSize())} each.</li>
 *   <li>{@code segarrayRange}: the same loop from a first to a last index held in fields, as any walk that
 *       can start and stop anywhere must be written.</li>
 *   <li>{@code slotArrays}: the node's layout (segment, offset and length in three arrays, as the kernel's
 *       {@code bio_vec} has page, offset and length), one copy per slot of its range.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LoopShapeBench {
    /** Bytes per slot. */
    @Param({"64", "4096"})
    public int slotSize;

    private Fixture f;
    private MemorySegment[] segments;
    private long[] offsets;
    private long[] lengths;
    private int first;
    private int end;

    /** Builds the data, the slot arrays over the same memory, and checks every walk copies the right bytes. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        int n = f.slots.length;
        segments = new MemorySegment[n];
        offsets = new long[n];
        lengths = new long[n];
        for (int i = 0; i < n; i++) {
            segments[i] = f.backing;
            offsets[i] = (long) i * slotSize;
            lengths[i] = slotSize;
        }
        first = 0;
        end = n;
        String[] names = {"segarray", "segarrayRange", "slotArrays"};
        Runnable[] runs = {this::segarray, this::segarrayRange, this::slotArrays};
        for (int i = 0; i < runs.length; i++) {
            f.dst.fill((byte) 0);
            runs[i].run();
            Fixture.checkPattern(f.dst, "loopShape " + names[i]);
        }
    }

    /** Frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    /** @return bytes copied */
    @Benchmark
    public long segarray() {
        MemorySegment d = f.dst;
        long pos = 0;
        for (MemorySegment s : f.slots) {
            long len = s.byteSize();
            MemorySegment.copy(s, 0, d, pos, len);
            pos += len;
        }
        return pos;
    }

    /** @return bytes copied */
    @Benchmark
    public long segarrayRange() {
        MemorySegment d = f.dst;
        MemorySegment[] slots = f.slots;
        long pos = 0;
        for (int i = first, e = end; i < e; i++) {
            MemorySegment s = slots[i];
            long len = s.byteSize();
            MemorySegment.copy(s, 0, d, pos, len);
            pos += len;
        }
        return pos;
    }

    /** @return bytes copied */
    @Benchmark
    public long slotArrays() {
        MemorySegment d = f.dst;
        MemorySegment[] segs = segments;
        long[] offs = offsets;
        long[] lens = lengths;
        long pos = 0;
        for (int i = first, e = end; i < e; i++) {
            long len = lens[i];
            MemorySegment.copy(segs[i], offs[i], d, pos, len);
            pos += len;
        }
        return pos;
    }
}
