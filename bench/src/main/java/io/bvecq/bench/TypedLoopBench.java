package io.bvecq.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * Why a chained buffer's typed loops trail Netty's unless the message is one piece: the same job as
 * {@code BufferBench.intsNetty} (1 MiB written as big-endian {@code int}s, then read back and summed), through
 * a minimal cursor that has only the shapes in question. Not part of {@code bvq bench}; run it by name.
 *
 * <ul>
 *   <li>{@code piece}: the cursor walks 1 MiB of memory in pieces of this size. At 1 MiB the whole job fits
 *       in the piece it starts with, so the cursor's piece-change path never runs, and the JIT compiles the
 *       loop without it (as Netty's loop over one 1 MiB buffer, whose growth path never runs either). At
 *       4 KiB the path runs every 1,024 values. It is a few lines, inlined, with no call.</li>
 *   <li>{@code segmentLong}: a {@code MemorySegment} per piece, {@code long} positions (what
 *       {@code ChainBuffer} did until it moved to the third form); {@code segmentInt}: the same with
 *       {@code int} positions; {@code byteBuffer}: a {@code ByteBuffer} view of each piece, absolute
 *       {@code getInt/putInt}, {@code int} positions (what Netty's pooled direct buffer does without
 *       {@code sun.misc.Unsafe}, and what {@code ChainBuffer} does now).</li>
 * </ul>
 *
 * <p>Each benchmark runs in its own fork, so no run's branch profile reaches another's compiled code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TypedLoopBench {
    static final int TOTAL = 1 << 20;
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** The piece size in bytes: 4096 (the piece changes in the loop) or 1048576 (it never does). */
    @Param({"4096", "1048576"})
    public int piece;

    private final Arena arena = Arena.ofShared();
    private LongCursor longCursor;
    private IntCursor intCursor;
    private BufferCursor bufferCursor;

    /** Cuts 1 MiB of a shared arena into pieces for each cursor. */
    @Setup(Level.Trial)
    public void setup() {
        MemorySegment all = arena.allocate(TOTAL, 4096);
        MemorySegment[] segs = new MemorySegment[TOTAL / piece];
        ByteBuffer[] bufs = new ByteBuffer[segs.length];
        for (int i = 0; i < segs.length; i++) {
            segs[i] = all.asSlice((long) i * piece, piece);
            bufs[i] = segs[i].asByteBuffer();
        }
        longCursor = new LongCursor(segs);
        intCursor = new IntCursor(segs);
        bufferCursor = new BufferCursor(bufs);
    }

    /** Frees the memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** @return the sum of the values read */
    @Benchmark
    public long segmentLong() {
        LongCursor c = longCursor;
        c.start();
        for (int i = 0; i < TOTAL / 4; i++) {
            c.writeInt(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 4; i++) {
            sum += c.readInt();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long segmentInt() {
        IntCursor c = intCursor;
        c.start();
        for (int i = 0; i < TOTAL / 4; i++) {
            c.writeInt(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 4; i++) {
            sum += c.readInt();
        }
        return sum;
    }

    /** @return the sum of the values read */
    @Benchmark
    public long byteBuffer() {
        BufferCursor c = bufferCursor;
        c.start();
        for (int i = 0; i < TOTAL / 4; i++) {
            c.writeInt(i);
        }
        long sum = 0;
        for (int i = 0; i < TOTAL / 4; i++) {
            sum += c.readInt();
        }
        return sum;
    }

    /** Segment pieces, {@code long} positions; values never straddle pieces (pieces are multiples of 4). */
    static final class LongCursor {
        private final MemorySegment[] pieces;
        private MemorySegment wseg;
        private MemorySegment rseg;
        private long wpos;
        private long wlimit;
        private long rpos;
        private long rlimit;
        private int wnext;
        private int rnext;

        LongCursor(MemorySegment[] pieces) {
            this.pieces = pieces;
        }

        void start() {
            wseg = rseg = pieces[0];
            wpos = rpos = 0;
            wlimit = rlimit = wseg.byteSize();
            wnext = rnext = 1;
        }

        void writeInt(int v) {
            long p = wpos;
            if (p + 4 <= wlimit) {
                wseg.set(INT_BE, p, v);
                wpos = p + 4;
                return;
            }
            wseg = pieces[wnext++];
            wlimit = wseg.byteSize();
            wseg.set(INT_BE, 0, v);
            wpos = 4;
        }

        int readInt() {
            long p = rpos;
            if (p + 4 <= rlimit) {
                rpos = p + 4;
                return rseg.get(INT_BE, p);
            }
            rseg = pieces[rnext++];
            rlimit = rseg.byteSize();
            rpos = 4;
            return rseg.get(INT_BE, 0);
        }
    }

    /** As {@link LongCursor}, with {@code int} positions. */
    static final class IntCursor {
        private final MemorySegment[] pieces;
        private MemorySegment wseg;
        private MemorySegment rseg;
        private int wpos;
        private int wlimit;
        private int rpos;
        private int rlimit;
        private int wnext;
        private int rnext;

        IntCursor(MemorySegment[] pieces) {
            this.pieces = pieces;
        }

        void start() {
            wseg = rseg = pieces[0];
            wpos = rpos = 0;
            wlimit = rlimit = (int) wseg.byteSize();
            wnext = rnext = 1;
        }

        void writeInt(int v) {
            int p = wpos;
            if (p + 4 <= wlimit) {
                wseg.set(INT_BE, p, v);
                wpos = p + 4;
                return;
            }
            wseg = pieces[wnext++];
            wlimit = (int) wseg.byteSize();
            wseg.set(INT_BE, 0, v);
            wpos = 4;
        }

        int readInt() {
            int p = rpos;
            if (p + 4 <= rlimit) {
                rpos = p + 4;
                return rseg.get(INT_BE, p);
            }
            rseg = pieces[rnext++];
            rlimit = (int) rseg.byteSize();
            rpos = 4;
            return rseg.get(INT_BE, 0);
        }
    }

    /** {@code ByteBuffer} pieces (big-endian, the default), absolute access, {@code int} positions. */
    static final class BufferCursor {
        private final ByteBuffer[] pieces;
        private ByteBuffer wbuf;
        private ByteBuffer rbuf;
        private int wpos;
        private int wlimit;
        private int rpos;
        private int rlimit;
        private int wnext;
        private int rnext;

        BufferCursor(ByteBuffer[] pieces) {
            this.pieces = pieces;
        }

        void start() {
            wbuf = rbuf = pieces[0];
            wpos = rpos = 0;
            wlimit = rlimit = wbuf.capacity();
            wnext = rnext = 1;
        }

        void writeInt(int v) {
            int p = wpos;
            if (p + 4 <= wlimit) {
                wbuf.putInt(p, v);
                wpos = p + 4;
                return;
            }
            wbuf = pieces[wnext++];
            wlimit = wbuf.capacity();
            wbuf.putInt(0, v);
            wpos = 4;
        }

        int readInt() {
            int p = rpos;
            if (p + 4 <= rlimit) {
                rpos = p + 4;
                return rbuf.getInt(p);
            }
            rbuf = pieces[rnext++];
            rlimit = rbuf.capacity();
            rpos = 4;
            return rbuf.getInt(0);
        }
    }
}
