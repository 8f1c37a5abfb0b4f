package io.bvecq.bench;

import io.bvecq.iter.Channels;
import io.bvecq.netty.ChainViews;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Gathering write: the 1 MiB of the fixture to a {@link FileChannel} at position 0 (a temporary file, so the
 * page cache takes the bytes), one operation = 1 MiB. The group is {@code gatherWrite/<slotSize>}.
 *
 * <ul>
 *   <li>{@code bvecq}: {@link Channels#write(java.nio.channels.GatheringByteChannel, io.bvecq.Bvecq)} of the
 *       chain: calls of at most 1024 regions, continued after partial writes.</li>
 *   <li>{@code bvecqView} (not part of {@code bvq bench}): the chain seen as a Netty {@code ByteBuf}
 *       ({@link ChainViews#view}, made and released per operation, as a pipeline would), then a loop of
 *       {@code FileChannel.write(view.nioBuffers())}: the cost of the adapter over Netty's own composite.</li>
 *   <li>{@code netty}: the same loop over Netty's {@code CompositeByteBuf} of the same regions.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GatherWriteBench {
    /** Bytes per slot (component, segment). */
    @Param({"4096"})
    public int slotSize;

    private Fixture f;
    private Path file;
    private FileChannel out;
    private final Channels channels = new Channels();

    /** Builds the data, opens the file and checks that every implementation writes the right bytes. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        f = new Fixture(slotSize);
        file = Files.createTempFile("bvecq-gather", ".bin");
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        String[] names = {"bvecq", "bvecqView", "netty"};
        for (int i = 0; i < names.length; i++) {
            out.truncate(0);
            long n = switch (i) {
                case 0 -> bvecq();
                case 1 -> bvecqView();
                default -> netty();
            };
            ByteBuffer back = ByteBuffer.allocateDirect(Fixture.TOTAL);
            out.read(back, 0);
            if (n != Fixture.TOTAL || out.size() != Fixture.TOTAL || !back.flip().equals(f.backing.asByteBuffer())) {
                throw new IllegalStateException("gatherWrite " + names[i] + " wrote the wrong bytes");
            }
        }
    }

    /** Closes and deletes the file, frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        out.close();
        Files.deleteIfExists(file);
        f.close();
    }

    /** @return bytes written */
    @Benchmark
    public long bvecq() {
        try {
            out.position(0);
            return channels.write(out, f.chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return bytes written */
    @Benchmark
    public long bvecqView() {
        ByteBuf view = ChainViews.view(f.chain);
        try {
            return writeAll(view.nioBuffers());
        } finally {
            view.release();
        }
    }

    /** @return bytes written */
    @Benchmark
    public long netty() {
        return writeAll(f.netty.nioBuffers());
    }

    private long writeAll(ByteBuffer[] bufs) {
        try {
            out.position(0);
            long done = 0;
            for (int first = 0; first < bufs.length; ) {
                done += out.write(bufs, first, Math.min(1024, bufs.length - first)); // IOV_MAX per call
                while (first < bufs.length && !bufs[first].hasRemaining()) {
                    first++;
                }
            }
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
