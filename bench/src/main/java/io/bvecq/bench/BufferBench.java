package io.bvecq.bench;

import io.bvecq.BufferPool;
import io.bvecq.ChainBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The byte buffer against Okio's {@code Buffer} and Netty's pooled direct {@code ByteBuf}; every operation
 * moves {@link #TOTAL} (1 MiB) in and out, and leaves its buffer empty for the next.
 *
 * <ul>
 *   <li>{@code roundTrip64*}: 1 MiB appended in 64 B writes from a {@code byte[]}, then drained with one
 *       {@code readFully} into a {@code byte[]} ({@code chain}: {@link ChainBuffer} over 4 KiB pool chunks;
 *       {@code chainNative}: the same from and to native segments; {@code okio}: {@code Buffer.write} and
 *       {@code readFully}, 8 KiB heap segments).</li>
 *   <li>{@code longs*}, {@code ints*}: 1 MiB written as big-endian {@code long}s or {@code int}s, then read
 *       back and summed ({@code chain}: the buffer over 4 KiB chunks, so the loops change piece every 4 KiB;
 *       {@code chainReserved}: a buffer over a pool of 1 MiB chunks that first reserves the message's 1 MiB
 *       ({@link ChainBuffer#reserve}), so the loops stay in one piece; {@code netty}: a pooled direct buffer
 *       of 1 MiB taken per operation and released, the same declaration of size up front;
 *       {@code nettyUnsafe}: the same in a JVM that lets Netty use {@code sun.misc.Unsafe}).</li>
 * </ul>
 *
 * <p>{@code chunk} is the pool's chunk size for the {@code chain} benchmarks (default 4 KiB, the page).
 *
 * <p>The setup checks the implementation being measured, by running it once, and runs nothing else: a chain
 * loop compiles without its piece-change path only if that path never ran in the JVM, and code run before
 * it shapes the profile of the methods it shares.
 *
 * <p>Steady state: the buffer's chunks go back to the pool as they are read and come back on the next
 * operation; Okio's segments go back to its segment pool; Netty's memory to its arena.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BufferBench {
    /** The bytes every operation moves: 1 MiB. */
    static final int TOTAL = 1 << 20;
    static final int PIECE = 64;

    /** The pool's chunk size in bytes. */
    @org.openjdk.jmh.annotations.Param({"4096"})
    public int chunk;

    private final Arena arena = Arena.ofShared();
    private BufferPool pool;
    private ChainBuffer chain;
    private BufferPool messagePool;
    private ChainBuffer reserved;
    private final okio.Buffer okio = new okio.Buffer();
    private PooledByteBufAllocator netty;
    private final byte[] src = new byte[TOTAL];
    private final byte[] dst = new byte[TOTAL];
    private MemorySegment srcSeg;
    private MemorySegment dstSeg;

    /** Builds the data and checks that every implementation delivers it. */
    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) throws EOFException {
        pool = BufferPool.create(chunk, 64L << 20, false);
        chain = new ChainBuffer(pool);
        messagePool = BufferPool.create(TOTAL, 8L << 20, false);
        reserved = new ChainBuffer(messagePool);
        netty = new PooledByteBufAllocator(true);
        for (int i = 0; i < TOTAL; i++) {
            src[i] = (byte) (i * 31 + (i >>> 8));
        }
        srcSeg = arena.allocate(TOTAL, 4096);
        dstSeg = arena.allocate(TOTAL, 4096);
        MemorySegment.copy(src, 0, srcSeg, ValueLayout.JAVA_BYTE, 0, TOTAL);
        String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        checkOnce(name);
    }

    /**
     * Runs the benchmark being measured once and checks its result: the bytes of a round trip, or the sum
     * {@code 0 + 1 + ... + (count - 1)} of a typed loop. Only that one: what setup runs shapes the JIT's
     * profile of the code it shares with the measured loop (measured: a 64 B round trip through the chain run
     * here first left {@code intsChainReserved} at about half its speed), so each fork runs only its own code.
     */
    private void checkOnce(String name) throws EOFException {
        switch (name) {
            case "roundTrip64Chain" -> {
                roundTrip64Chain();
                check(dst, name);
            }
            case "roundTrip64ChainNative" -> {
                roundTrip64ChainNative();
                check(dstSeg.toArray(ValueLayout.JAVA_BYTE), name);
            }
            case "roundTrip64Okio" -> {
                roundTrip64Okio();
                check(dst, name);
            }
            default -> {
                long count = name.startsWith("longs") ? TOTAL / 8 : TOTAL / 4;
                long got = switch (name) {
                    case "longsChain" -> longsChain();
                    case "longsChainReserved" -> longsChainReserved();
                    case "longsOkio" -> longsOkio();
                    case "longsNetty", "longsNettyUnsafe" -> longsNetty();
                    case "intsChain" -> intsChain();
                    case "intsChainReserved" -> intsChainReserved();
                    case "intsOkio" -> intsOkio();
                    case "intsNetty", "intsNettyUnsafe" -> intsNetty();
                    default -> throw new IllegalStateException("no check for " + name);
                };
                long want = count * (count - 1) / 2;
                if (got != want) {
                    throw new IllegalStateException(name + ": sum " + got + " (expected: " + want + ")");
                }
            }
        }
    }

    private void check(byte[] got, String what) {
        if (!java.util.Arrays.equals(src, got)) {
            throw new IllegalStateException(what + ": wrong bytes");
        }
        java.util.Arrays.fill(dst, (byte) 0);
        dstSeg.fill((byte) 0);
    }

    /** Frees the memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        chain.close();
        pool.close();
        reserved.close();
        messagePool.close();
        arena.close();
    }

    /** @return bytes moved */
    @Benchmark
    public long roundTrip64Chain() {
        ChainBuffer b = chain;
        byte[] s = src;
        for (int off = 0; off < TOTAL; off += PIECE) {
            b.write(s, off, PIECE);
        }
        long n = b.size();
        b.readFully(dst);
        return n;
    }

    /** @return bytes moved */
    @Benchmark
    public long roundTrip64ChainNative() {
        ChainBuffer b = chain;
        MemorySegment s = srcSeg;
        for (int off = 0; off < TOTAL; off += PIECE) {
            b.write(s, off, PIECE);
        }
        long n = b.size();
        b.readFully(dstSeg, 0, n);
        return n;
    }

    /** @return bytes moved */
    @Benchmark
    public long roundTrip64Okio() throws EOFException {
        okio.Buffer b = okio;
        byte[] s = src;
        for (int off = 0; off < TOTAL; off += PIECE) {
            b.write(s, off, PIECE);
        }
        long n = b.size();
        b.readFully(dst);
        return n;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long longsChain() {
        ChainBuffer b = chain;
        for (int i = 0; i < TOTAL / 8; i++) {
            b.writeLong(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 8; i++) {
            sum += b.readLong();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long longsChainReserved() {
        ChainBuffer b = reserved.reserve(TOTAL);
        for (int i = 0; i < TOTAL / 8; i++) {
            b.writeLong(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 8; i++) {
            sum += b.readLong();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long longsOkio() throws EOFException {
        okio.Buffer b = okio;
        for (int i = 0; i < TOTAL / 8; i++) {
            b.writeLong(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 8; i++) {
            sum += b.readLong();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long longsNetty() {
        ByteBuf b = netty.directBuffer(TOTAL, TOTAL);
        try {
            for (int i = 0; i < TOTAL / 8; i++) {
                b.writeLong(i);
            }
            long sum = 0;
            for (int i = 0; i < TOTAL / 8; i++) {
                sum += b.readLong();
            }
            return sum;
        } finally {
            b.release();
        }
    }

    /** @return the sum of the values read */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
    public long longsNettyUnsafe() {
        return longsNetty();
    }

    /** @return the sum of the values read */
    @Benchmark
    public long intsChain() {
        ChainBuffer b = chain;
        for (int i = 0; i < TOTAL / 4; i++) {
            b.writeInt(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 4; i++) {
            sum += b.readInt();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long intsChainReserved() {
        ChainBuffer b = reserved.reserve(TOTAL);
        for (int i = 0; i < TOTAL / 4; i++) {
            b.writeInt(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 4; i++) {
            sum += b.readInt();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long intsOkio() throws EOFException {
        okio.Buffer b = okio;
        for (int i = 0; i < TOTAL / 4; i++) {
            b.writeInt(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 4; i++) {
            sum += b.readInt();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long intsNetty() {
        ByteBuf b = netty.directBuffer(TOTAL, TOTAL);
        try {
            for (int i = 0; i < TOTAL / 4; i++) {
                b.writeInt(i);
            }
            long sum = 0;
            for (int i = 0; i < TOTAL / 4; i++) {
                sum += b.readInt();
            }
            return sum;
        } finally {
            b.release();
        }
    }

    /** @return the sum of the values read */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
    public long intsNettyUnsafe() {
        return intsNetty();
    }
}
