package io.bvecq.bench;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
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
 * Zero-copy extraction: the whole 1 MiB carved into new {@code NONE} chains of at most 256 KiB in at
 * most 64 slots, each released at once; one operation = one pass. Group {@code extract/<slotSize>}.
 * Extraction builds new nodes, so it allocates by design (about one node per 32 slots).
 *
 * <ul>
 *   <li>{@code bvecq}: {@link BvecqPos#extract(long, int)} until it returns null.</li>
 *   <li>{@code netty}: {@code CompositeByteBuf.retainedSlice} of 256 KiB (or 64 components, whichever is
 *       less), released at once.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// a fixed, pre-touched heap: these groups allocate in every operation, and on a heap that grows the first
// touches of new memory (page faults) made scores move 5-10x inside one fork
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ExtractBench {
    /** Bytes per slot. */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private BvecqPos pos;

    /** Builds the data. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        pos = BvecqPos.at(f.chain);
        if (bvecq() != Fixture.TOTAL || netty() != Fixture.TOTAL) {
            throw new IllegalStateException("extract did not cover the data");
        }
    }

    /** Frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pos.unset();
        f.close();
    }

    /** @return the bytes extracted */
    @Benchmark
    public long bvecq() {
        BvecqPos p = pos;
        p.set(f.chain, 0, 0);
        long total = 0;
        for (Bvecq e = p.extract(SliceBench.MAX_SIZE, SliceBench.MAX_SLOTS); e != null;
                e = p.extract(SliceBench.MAX_SIZE, SliceBench.MAX_SLOTS)) {
            total += BvecqBuffers.totalBytes(e);
            e.release();
        }
        return total;
    }

    /** @return the bytes sliced */
    @Benchmark
    public long netty() {
        int step = (int) Math.min(SliceBench.MAX_SIZE, (long) SliceBench.MAX_SLOTS * slotSize);
        long total = 0;
        for (int at = 0; at < Fixture.TOTAL; at += step) {
            io.netty.buffer.ByteBuf s = f.netty.retainedSlice(at, step);
            total += s.readableBytes();
            s.release();
        }
        return total;
    }
}
