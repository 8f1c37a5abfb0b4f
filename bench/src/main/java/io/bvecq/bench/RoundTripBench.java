package io.bvecq.bench;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
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
 * Round trip: append 1 MiB in pieces of the slot size, then copy it all out; group
 * {@code roundTrip/<slotSize>}. The fair comparison with Okio, which copies each piece into its own
 * 8 KiB segments when it is written, where the others only reference the piece and copy once at the end.
 *
 * <ul>
 *   <li>{@code bvecq}: a new chain of {@link Disposal#NONE} nodes built with
 *       {@link BvecqBuffers#appendRegion}, copied out through a new {@link IoIter}, released.</li>
 *   <li>{@code memcpy}: each piece copied into a contiguous staging segment, then one 1 MiB copy out
 *       (the "gather into one buffer" approach).</li>
 *   <li>{@code netty}: a new {@code CompositeByteBuf}, each piece added with {@code retain()} (Netty's
 *       components are owned), {@code getBytes} out, released; {@code nettyUnsafe} the same with
 *       {@code sun.misc.Unsafe} allowed.</li>
 *   <li>{@code okio}: {@code Buffer.write(byte[], off, len)} per piece from a {@code byte[]}, then
 *       {@code readFully(byte[])}: heap only, which leaves the buffer empty for the next operation.</li>
 *   <li>{@code nio}, {@code segarray}: references stored into a reused array, then the copy loop.</li>
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
public class RoundTripBench {
    /** Bytes per appended piece. */
    @Param({"64", "4096", "65536"})
    public int slotSize;

    static final int BIG_NODE = 1024;

    private Fixture f;
    private MemorySegment staging;
    private MemorySegment[] segList;
    private java.nio.ByteBuffer[] bufList;

    /** Builds the data and checks that every implementation delivers the right bytes. */
    @Setup(Level.Trial)
    public void setup() {
        f = new Fixture(slotSize);
        f.okio.clear();
        staging = f.arena.allocate(Fixture.TOTAL, 4096);
        segList = new MemorySegment[f.nrSlots];
        bufList = new java.nio.ByteBuffer[f.nrSlots];
        String[] names = {"memcpy", "bvecq", "bvecqBigNodes", "netty", "nio", "segarray"};
        Runnable[] runs = {this::memcpy, this::bvecq, this::bvecqBigNodes, this::netty, this::nio, this::segarray};
        for (int i = 0; i < runs.length; i++) {
            f.dst.fill((byte) 0);
            runs[i].run();
            Fixture.checkPattern(f.dst, "roundTrip " + names[i]);
        }
        java.util.Arrays.fill(f.heapDst, (byte) 0);
        okio();
        Fixture.checkPattern(f.heapDst, "roundTrip okio");
    }

    /** Frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    /** @return bytes copied out */
    @Benchmark
    public long bvecq() {
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        try {
            Bvecq tail = head;
            for (MemorySegment s : f.slots) {
                tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, s, 0, s.byteSize(), null);
            }
            try (IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, Fixture.TOTAL)) {
                return it.copyFromIter(f.dst, 0, Fixture.TOTAL);
            }
        } finally {
            head.release();
        }
    }

    /**
     * Variant, not part of {@code bvq bench}: as {@link #bvecq()}, but the producer sizes its nodes for
     * many small pieces ({@value #BIG_NODE} slots, filled with {@link Bvecq#appendSlot}) instead of
     * {@link Bvecq#DEFAULT_SLOTS}: shows what node allocation costs the default path.
     *
     * @return bytes copied out
     */
    @Benchmark
    public long bvecqBigNodes() {
        Bvecq head = Bvecq.allocOne(BIG_NODE, Disposal.NONE);
        try {
            Bvecq tail = head;
            long fpos = 0;
            for (MemorySegment s : f.slots) {
                long len = s.byteSize();
                if (tail.appendSlot(s, 0, len, null) < 0) {
                    Bvecq n = Bvecq.allocOne(BIG_NODE, Disposal.NONE);
                    n.setFpos(fpos);
                    n.appendSlot(s, 0, len, null);
                    tail.linkNext(n);
                    tail = n;
                }
                fpos += len;
            }
            try (IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, Fixture.TOTAL)) {
                return it.copyFromIter(f.dst, 0, Fixture.TOTAL);
            }
        } finally {
            head.release();
        }
    }

    /** @return bytes copied out */
    @Benchmark
    public long memcpy() {
        long pos = 0;
        for (MemorySegment s : f.slots) {
            long len = s.byteSize();
            MemorySegment.copy(s, 0, staging, pos, len);
            pos += len;
        }
        MemorySegment.copy(staging, 0, f.dst, 0, pos);
        return pos;
    }

    /** @return bytes copied out */
    @Benchmark
    public long netty() {
        CompositeByteBuf c = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        try {
            for (io.netty.buffer.ByteBuf b : f.nettyPieces) {
                c.addComponent(true, b.retain());
            }
            int n = c.readableBytes();
            c.getBytes(0, f.nettyDst, 0, n);
            return n;
        } finally {
            c.release();
        }
    }

    /**
     * Netty as above, in a JVM that lets it use {@code sun.misc.Unsafe} (on JDK 25 Netty leaves Unsafe off
     * unless {@code --sun-misc-unsafe-memory-access=allow} is given): Netty at its fastest.
     *
     * @return bytes copied
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms2g",
            "-Xmx2g", "-XX:+AlwaysPreTouch"})
    public long nettyUnsafe() {
        return netty();
    }

    /** @return bytes copied out */
    @Benchmark
    public long okio() {
        okio.Buffer b = f.okio;
        byte[] srcBytes = f.heapSrc;
        int piece = slotSize;
        for (int off = 0; off < Fixture.TOTAL; off += piece) {
            b.write(srcBytes, off, piece);
        }
        long n = b.size();
        try {
            b.readFully(f.heapDst);
        } catch (java.io.EOFException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    /** @return bytes copied out */
    @Benchmark
    public long nio() {
        java.nio.ByteBuffer[] list = bufList;
        java.nio.ByteBuffer[] pieces = f.buffers;
        for (int i = 0; i < pieces.length; i++) {
            list[i] = pieces[i];
        }
        java.nio.ByteBuffer d = f.dstBuffer;
        int pos = 0;
        for (java.nio.ByteBuffer b : list) {
            int len = b.capacity();
            d.put(pos, b, 0, len);
            pos += len;
        }
        java.util.Arrays.fill(list, null);
        return pos;
    }

    /** @return bytes copied out */
    @Benchmark
    public long segarray() {
        MemorySegment[] list = segList;
        MemorySegment[] pieces = f.slots;
        for (int i = 0; i < pieces.length; i++) {
            list[i] = pieces[i];
        }
        MemorySegment d = f.dst;
        long pos = 0;
        for (MemorySegment s : list) {
            long len = s.byteSize();
            MemorySegment.copy(s, 0, d, pos, len);
            pos += len;
        }
        java.util.Arrays.fill(list, null);
        return pos;
    }
}
