package io.bvecq.bench;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.extract.Bounce;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
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
 * Bounce with a checksum: copy the whole 1 MiB chain into pooled toolkit memory (4 KiB chunks) and take
 * the CRC32C of the copy; one operation = 1 MiB, copy released at once. Group {@code bounceCrc/<slotSize>}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link Bounce#copy} (its loop, {@link Bounce#copyInto}, is the one {@code IoFile}'s
 *       bounced writes run), which checksums each block of the copy right after copying it,
 *       while it is in cache (fused).</li>
 *   <li>{@code twoPass}: the same result in two passes through public paths: allocate the buffer
 *       ({@link BvecqBuffers#allocBuffer}), copy into each chunk with {@link IoIter#copyFromIter}, then
 *       {@link IoIter#crc32c} over the whole copy.</li>
 * </ul>
 * The 1 MiB fits this machine's L2/L3 caches, so the second pass of {@code twoPass} re-reads cached data:
 * the case least favourable to fusing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BounceCrcBench {
    /** Bytes per source slot. */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    private Fixture f;
    private BufferPool pool;
    private BvecqPos pos;

    /** Builds the data and a pool, and checks that both ways give the same CRC as {@link CRC32C}. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        pool = BufferPool.create(BufferPool.PAGE_SIZE, 64L << 20, false);
        pos = BvecqPos.at(f.chain);
        CRC32C expected = new CRC32C();
        expected.update(f.heapSrc);
        if (bvecq() != expected.getValue() || twoPass() != expected.getValue()) {
            throw new IllegalStateException("bounce CRC32C mismatch: expected " + Long.toHexString(expected.getValue()));
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pos.unset();
        f.close();
        pool.close();
    }

    /** @return the CRC32C of the copy */
    @Benchmark
    public long bvecq() {
        BvecqPos p = pos;
        p.set(f.chain, 0, 0);
        Bounce.Copy c = Bounce.copy(p, Fixture.TOTAL, pool);
        c.head().release();
        return c.crc32c();
    }

    /** @return the CRC32C of the copy */
    @Benchmark
    public long twoPass() {
        Bvecq copy = BvecqBuffers.allocBuffer(pool, Fixture.TOTAL, 0);
        try {
            try (IoIter src = IoIter.bvecq(Direction.SOURCE, f.chain, 0, 0, Fixture.TOTAL)) {
                for (Bvecq n = copy; n != null; n = n.nextAcquire()) {
                    int nr = n.nrSlotsAcquire();
                    for (int s = 0; s < nr; s++) {
                        src.copyFromIter(n.segment(s), n.offset(s), n.length(s));
                    }
                }
            }
            try (IoIter it = IoIter.bvecq(Direction.SOURCE, copy, 0, 0, Fixture.TOTAL)) {
                return Integer.toUnsignedLong(it.crc32c(0, Fixture.TOTAL));
            }
        } finally {
            copy.release();
        }
    }
}
