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
 * Copy out: the whole 1 MiB into one contiguous destination, one operation = 1 MiB. Each method is one
 * implementation; the group is {@code copyOut/<slotSize>}.
 *
 * <ul>
 *   <li>{@code memcpy}: one {@link MemorySegment#copy} of 1 MiB from the contiguous backing: the limit.</li>
 *   <li>{@code bvecq}: a new {@link IoIter} over the chain ({@code IoIter.bvecq}, which counts the
 *       chain's bytes to check the count), {@code copyFromIter} of 1 MiB, close: the path a user writes.
 *       Variants, not part of {@code bvq bench}: {@code bvecqReused} keeps one iterator and rewinds it with
 *       {@code revert} (copy and revert allocate nothing); {@code bvecqCore} walks the slots through the
 *       core's checked accessors without the iterator module.</li>
 *   <li>{@code netty}: {@code CompositeByteBuf.getBytes} into a wrapped direct buffer.</li>
 *   <li>{@code okio}: a walk of Okio's segments ({@code UnsafeCursor}) with {@code System.arraycopy} into a
 *       {@code byte[]}: heap to heap, as Okio has no native memory. Its segments are 8 KiB whatever the
 *       slot size, because Okio copied the data when it was written; see {@code RoundTripBench}.</li>
 *   <li>{@code nio}: a {@code ByteBuffer[]} loop of absolute bulk puts.</li>
 *   <li>{@code segarray}: a plain {@code MemorySegment[]} walk, one copy per slot.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class CopyOutBench {
    /** Bytes per slot (component, segment). */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private IoIter reused;

    /** Builds the data and checks that every implementation copies the right bytes. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        reused = IoIter.bvecq(Direction.SOURCE, f.chain, 0, 0, Fixture.TOTAL);
        String[] names = {"memcpy", "bvecq", "bvecqReused", "bvecqCore", "netty", "nio", "segarray"};
        Runnable[] runs = {this::memcpy, this::bvecq, this::bvecqReused, this::bvecqCore, this::netty, this::nio, this::segarray};
        for (int i = 0; i < runs.length; i++) {
            f.dst.fill((byte) 0);
            runs[i].run();
            Fixture.checkPattern(f.dst, "copyOut " + names[i]);
        }
        java.util.Arrays.fill(f.heapDst, (byte) 0);
        okio();
        Fixture.checkPattern(f.heapDst, "copyOut okio");
    }

    /** Frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        reused.close();
        f.close();
    }

    /** @return bytes copied */
    @Benchmark
    public long memcpy() {
        MemorySegment.copy(f.backing, 0, f.dst, 0, Fixture.TOTAL);
        return Fixture.TOTAL;
    }

    /** @return bytes copied */
    @Benchmark
    public long bvecq() {
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, f.chain, 0, 0, Fixture.TOTAL)) {
            return it.copyFromIter(f.dst, 0, Fixture.TOTAL);
        }
    }

    /** @return bytes copied */
    @Benchmark
    public long bvecqReused() {
        IoIter it = reused;
        long n = it.copyFromIter(f.dst, 0, Fixture.TOTAL);
        it.revert(n);
        return n;
    }

    /** @return bytes copied */
    @Benchmark
    public long bvecqCore() {
        return CoreWalk.copyOut(f.chain, f.dst);
    }

    /** @return bytes copied */
    @Benchmark
    public long netty() {
        f.netty.getBytes(0, f.nettyDst, 0, Fixture.TOTAL);
        return Fixture.TOTAL;
    }

    /** @return bytes copied */
    @Benchmark
    public long okio() {
        okio.Buffer.UnsafeCursor c = f.okio.readUnsafe(f.cursor);
        long pos = 0;
        try {
            for (int n = c.seek(0); n != -1; n = c.next()) {
                System.arraycopy(c.data, c.start, f.heapDst, (int) pos, n);
                pos += n;
            }
        } finally {
            c.close();
        }
        return pos;
    }

    /** @return bytes copied */
    @Benchmark
    public long nio() {
        java.nio.ByteBuffer d = f.dstBuffer;
        java.nio.ByteBuffer[] bufs = f.buffers;
        int pos = 0;
        for (java.nio.ByteBuffer b : bufs) {
            int len = b.capacity();
            d.put(pos, b, 0, len);
            pos += len;
        }
        return pos;
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
}
