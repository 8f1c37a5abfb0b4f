package io.bvecq.bench;

import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
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
 * A rolling buffer used as a queue, producer and consumer on one thread: append 1 MiB in pieces of the
 * slot size, consume it (move the reader past it, as a consumer that hands the regions to I/O would) and
 * drop what was consumed; one operation = 1 MiB through the queue. Group {@code rolling/<slotSize>}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link RollingBuffer#append} per piece ({@link Disposal#NONE}), the reader's
 *       {@link BvecqPos#advance}, then {@link RollingBuffer#deleteSpent}.</li>
 *   <li>{@code netty}: {@code addComponent(true, piece.retain())}, {@code skipBytes},
 *       {@code discardReadComponents()}.</li>
 *   <li>{@code okio}: {@code write(byte[], off, len)} per piece (a copy into its heap segments), then
 *       {@code skip}.</li>
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
public class RollingBench {
    /** Bytes per appended piece. */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private RollingBuffer rolling;
    private BvecqPos reader;
    private CompositeByteBuf composite;

    /** Builds the data and the queues. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        f.okio.clear();
        rolling = new RollingBuffer(io.bvecq.Bvecq.DEFAULT_SLOTS, Disposal.NONE);
        reader = rolling.openReader();
        composite = Unpooled.compositeBuffer(Integer.MAX_VALUE);
    }

    /** Closes the queues and frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        reader.unset();
        rolling.close();
        composite.release();
        f.close();
    }

    /** @return the bytes still queued (0) plus the bytes consumed */
    @Benchmark
    public long bvecq() {
        RollingBuffer r = rolling;
        for (MemorySegment s : f.slots) {
            r.append(s, 0, s.byteSize(), null);
        }
        reader.advance(Fixture.TOTAL);
        r.deleteSpent(reader);
        return r.appended();
    }

    /** @return the bytes consumed */
    @Benchmark
    public long netty() {
        CompositeByteBuf c = composite;
        for (ByteBuf b : f.nettyPieces) {
            c.addComponent(true, b.retain());
        }
        c.skipBytes(Fixture.TOTAL);
        c.discardReadComponents();
        return c.readerIndex();
    }

    /** @return the bytes consumed */
    @Benchmark
    public long okio() {
        okio.Buffer b = f.okio;
        byte[] srcBytes = f.heapSrc;
        int piece = slotSize;
        for (int off = 0; off < Fixture.TOTAL; off += piece) {
            b.write(srcBytes, off, piece);
        }
        try {
            b.skip(Fixture.TOTAL);
        } catch (java.io.EOFException e) {
            throw new IllegalStateException(e);
        }
        return b.size();
    }
}
