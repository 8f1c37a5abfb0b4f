package io.bvecq.bench;

import io.bvecq.BvecqPos;
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
 * Slice the whole 1 MiB into runs of at most 256 KiB in at most 64 slots, as a transport with those
 * limits would carve sub-requests; one operation = one pass over the data. Group {@code slice/<slotSize>}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link BvecqPos#slice(long, int)} from the head until it returns 0.</li>
 *   <li>{@code segarray}: the same carving over a {@code MemorySegment[]}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SliceBench {
    static final long MAX_SIZE = 256 << 10;
    static final int MAX_SLOTS = 64;

    /** Bytes per slot. */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private BvecqPos pos;

    /** Builds the data and checks that both implementations carve the same number of slices. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        pos = BvecqPos.at(f.chain);
        long a = bvecq();
        long b = segarray();
        if (a != b) {
            throw new IllegalStateException("slice counts differ: bvecq=" + a + " segarray=" + b);
        }
    }

    /** Drops the position and frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pos.unset();
        f.close();
    }

    /** @return the number of slices */
    @Benchmark
    public long bvecq() {
        BvecqPos p = pos;
        p.set(f.chain, 0, 0);
        long count = 0;
        while (p.slice(MAX_SIZE, MAX_SLOTS) > 0) {
            count++;
        }
        return count;
    }

    /** @return the number of slices */
    @Benchmark
    public long segarray() {
        MemorySegment[] slots = f.slots;
        int s = 0;
        long off = 0;
        long count = 0;
        while (s < slots.length) {
            long size = 0;
            int n = 0;
            while (s < slots.length && size < MAX_SIZE && n < MAX_SLOTS) {
                long len = slots[s].byteSize() - off;
                long take = Math.min(len, MAX_SIZE - size);
                size += take;
                n++;
                if (take < len) {
                    off += take;
                    break;
                }
                s++;
                off = 0;
            }
            count++;
        }
        return count;
    }
}
