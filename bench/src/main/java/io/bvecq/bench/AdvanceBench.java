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
 * Advance by random amounts: one operation = one move of 1 to 32 KiB bytes (mean 16 KiB) drawn from a
 * precomputed sequence; a move that would pass the end first goes back to the start. Group
 * {@code advance/<slotSize>}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link BvecqPos#advance(long)} over the chain (walks slot by slot; takes and drops a
 *       node reference when it crosses into another node).</li>
 *   <li>{@code segarray}: the same slot-by-slot walk over a {@code MemorySegment[]}.</li>
 *   <li>{@code netty}: {@code CompositeByteBuf.readerIndex(int)}: index arithmetic, O(1) whatever the slot
 *       size; Netty pays instead with a component search on the next access.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class AdvanceBench {
    /** Bytes per slot. */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private Steps steps;
    private BvecqPos pos;
    private long at;
    private int segIndex;
    private long segOffset;

    /** Builds the data and a position at its start. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        pos = BvecqPos.at(f.chain);
        steps = new Steps(32 << 10, 42);
    }

    /** Drops the position and frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pos.unset();
        f.close();
    }

    /** @return the logical position after the move */
    @Benchmark
    public long bvecq() {
        int step = steps.next();
        if (at + step > Fixture.TOTAL) {
            pos.set(f.chain, 0, 0);
            at = 0;
        }
        pos.advance(step);
        return at += step;
    }

    /** @return the logical position after the move */
    @Benchmark
    public long segarray() {
        int step = steps.next();
        if (at + step > Fixture.TOTAL) {
            segIndex = 0;
            segOffset = 0;
            at = 0;
        }
        MemorySegment[] slots = f.slots;
        int s = segIndex;
        long off = segOffset;
        long left = step;
        while (left > 0) {
            long len = slots[s].byteSize() - off;
            if (left < len) {
                off += left;
                break;
            }
            left -= len;
            s++;
            off = 0;
        }
        segIndex = s;
        segOffset = off;
        return at += step;
    }

    /** @return the logical position after the move */
    @Benchmark
    public long netty() {
        int step = steps.next();
        if (at + step > Fixture.TOTAL) {
            at = 0;
        }
        at += step;
        f.netty.readerIndex((int) at);
        return at;
    }
}
