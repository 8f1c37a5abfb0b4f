package io.bvecq.bench;

import io.bvecq.BufferPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pool take and return of one 4 KiB chunk, on one thread and on two threads sharing one pool; one
 * operation = one take and one return. Groups {@code pool/1} and {@code pool/2} (threads).
 *
 * <ul>
 *   <li>{@code bvecq}: {@link BufferPool#take()} then {@code PoolChunk.release()}.</li>
 *   <li>{@code netty}: {@code PooledByteBufAllocator.directBuffer(4096)} then {@code release()}
 *       (Netty's thread-local caches make this its fastest case).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PoolBench {
    private BufferPool pool;
    private PooledByteBufAllocator netty;

    /** Opens the pools. */
    @Setup(Level.Trial)
    public void setup() {
        pool = BufferPool.create(BufferPool.PAGE_SIZE, 64L << 20, false);
        netty = new PooledByteBufAllocator(true);
    }

    /** Closes the bvecq pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    private long bvecqOnce() {
        io.bvecq.PoolChunk c = pool.take();
        long a = c.segment().address();
        c.release();
        return a;
    }

    private long nettyOnce() {
        ByteBuf b = netty.directBuffer(BufferPool.PAGE_SIZE);
        long a = b.memoryAddress();
        b.release();
        return a;
    }

    /** @return the chunk's address */
    @Benchmark
    @Threads(1)
    public long bvecq1() {
        return bvecqOnce();
    }

    /** @return the chunk's address */
    @Benchmark
    @Threads(2)
    public long bvecq2() {
        return bvecqOnce();
    }

    /** @return the buffer's address */
    @Benchmark
    @Threads(1)
    public long netty1() {
        return nettyOnce();
    }

    /** @return the buffer's address */
    @Benchmark
    @Threads(2)
    public long netty2() {
        return nettyOnce();
    }
}
