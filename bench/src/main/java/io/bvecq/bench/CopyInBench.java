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
 * Copy in: fill every slot from one contiguous 1 MiB source, one operation = 1 MiB; group
 * {@code copyIn/<slotSize>}. The same implementations as {@link CopyOutBench}, in the other direction
 * ({@code bvecq}: a new {@code DEST} iterator and {@code copyToIter});
 * Okio's source is a {@code byte[]} and it writes into its existing heap segments through
 * {@code readAndWriteUnsafe}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class CopyInBench {
    /** Bytes per slot (component, segment). */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private IoIter reused;

    /** Builds the data and checks that every implementation writes the right bytes. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        reused = IoIter.bvecq(Direction.DEST, f.chain, 0, 0, Fixture.TOTAL);
        String[] names = {"memcpy", "bvecq", "bvecqReused", "bvecqCore", "netty", "nio", "segarray"};
        Runnable[] runs = {this::memcpy, this::bvecq, this::bvecqReused, this::bvecqCore, this::netty, this::nio, this::segarray};
        for (int i = 0; i < runs.length; i++) {
            f.backing.fill((byte) 0);
            runs[i].run();
            Fixture.checkPattern(f.backing, "copyIn " + names[i]);
        }
        f.okio.clear();
        f.okio.write(new byte[Fixture.TOTAL]);
        okio();
        Fixture.checkPattern(f.okio.snapshot().toByteArray(), "copyIn okio");
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
        MemorySegment.copy(f.src, 0, f.backing, 0, Fixture.TOTAL);
        return Fixture.TOTAL;
    }

    /** @return bytes copied */
    @Benchmark
    public long bvecq() {
        try (IoIter it = IoIter.bvecq(Direction.DEST, f.chain, 0, 0, Fixture.TOTAL)) {
            return it.copyToIter(f.src, 0, Fixture.TOTAL);
        }
    }

    /** @return bytes copied */
    @Benchmark
    public long bvecqReused() {
        IoIter it = reused;
        long n = it.copyToIter(f.src, 0, Fixture.TOTAL);
        it.revert(n);
        return n;
    }

    /** @return bytes copied */
    @Benchmark
    public long bvecqCore() {
        return CoreWalk.copyIn(f.src, f.chain);
    }

    /** @return bytes copied */
    @Benchmark
    public long netty() {
        f.netty.setBytes(0, f.nettySrc, 0, Fixture.TOTAL);
        return Fixture.TOTAL;
    }

    /** @return bytes copied */
    @Benchmark
    public long okio() {
        okio.Buffer.UnsafeCursor c = f.okio.readAndWriteUnsafe(f.cursor);
        long pos = 0;
        try {
            for (int n = c.seek(0); n != -1; n = c.next()) {
                System.arraycopy(f.heapSrc, (int) pos, c.data, c.start, n);
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
        java.nio.ByteBuffer s = f.srcBuffer;
        int pos = 0;
        for (java.nio.ByteBuffer b : f.buffers) {
            int len = b.capacity();
            b.put(0, s, pos, len);
            pos += len;
        }
        return pos;
    }

    /** @return bytes copied */
    @Benchmark
    public long segarray() {
        MemorySegment s = f.src;
        long pos = 0;
        for (MemorySegment d : f.slots) {
            long len = d.byteSize();
            MemorySegment.copy(s, pos, d, 0, len);
            pos += len;
        }
        return pos;
    }
}
