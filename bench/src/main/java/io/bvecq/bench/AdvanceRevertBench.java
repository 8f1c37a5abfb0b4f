package io.bvecq.bench;

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
 * Advance and revert an iterator by random amounts: one operation = one move of 1 B to 32 KiB drawn from
 * a precomputed sequence, forwards until the next move would pass the end, then backwards until it
 * would pass the start, and so on; about half the moves are reverts. Group {@code advanceRevert/<slotSize>}.
 *
 * <ul>
 *   <li>{@code bvecq}: one {@link IoIter} over the chain, {@code advance(n)} and {@code revert(n)} (revert
 *       walks back across nodes through {@code prev}).</li>
 *   <li>{@code segarray}: the same walk both ways over a {@code MemorySegment[]}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class AdvanceRevertBench {
    /** Bytes per slot. */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private Steps steps;
    private IoIter it;
    private boolean forward = true;
    private long at;
    private int segIndex;
    private long segOffset;

    /** Builds the data and the iterator. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        it = IoIter.bvecq(Direction.SOURCE, f.chain, 0, 0, Fixture.TOTAL);
        steps = new Steps(32 << 10, 7);
    }

    /** Closes the iterator and frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        it.close();
        f.close();
    }

    /** @return the bytes consumed after the move */
    @Benchmark
    public long bvecq() {
        int step = steps.next();
        IoIter i = it;
        if (forward ? i.count() < step : i.consumed() < step) {
            forward = !forward;
        }
        if (forward) {
            i.advance(step);
        } else {
            i.revert(step);
        }
        return i.consumed();
    }

    /** @return the bytes consumed after the move */
    @Benchmark
    public long segarray() {
        int step = steps.next();
        if (forward ? Fixture.TOTAL - at < step : at < step) {
            forward = !forward;
        }
        MemorySegment[] slots = f.slots;
        int s = segIndex;
        long off = segOffset;
        long left = step;
        if (forward) {
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
            at += step;
        } else {
            while (left > 0) {
                if (off == 0) {
                    s--;
                    off = slots[s].byteSize();
                }
                long t = Math.min(off, left);
                off -= t;
                left -= t;
            }
            at -= step;
        }
        segIndex = s;
        segOffset = off;
        return at;
    }
}
