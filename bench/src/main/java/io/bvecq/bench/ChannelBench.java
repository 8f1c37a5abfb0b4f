package io.bvecq.bench;

import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.iter.Channels;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A gathering write of a 1 MiB chain of 4 KiB slots ({@link Fixture}, 256 regions) to a {@link FileChannel}
 * at position 0 of a temporary file (the page cache: no sync), each operation the whole megabyte.
 *
 * <ul>
 *   <li>{@code chain}: {@link Channels#write(java.nio.channels.GatheringByteChannel, io.bvecq.Bvecq)} with one
 *       reused {@code Channels} (calls of at most IOV_MAX regions, partial writes continued).</li>
 *   <li>{@code netty}: the same bytes as a {@code CompositeByteBuf} of 256 wrapped direct components,
 *       {@code nioBuffers()} then {@code write(ByteBuffer[])} until all is written (Netty's own idiom);
 *       {@code nettyUnsafe}: the same with {@code sun.misc.Unsafe} allowed.</li>
 *   <li>{@code bvecqIoFile}: the same chain to the same file through the toolkit's own system calls,
 *       {@link IoFile#write(long, io.bvecq.Bvecq, WritePolicy)} with {@link WritePolicy#BUFFERED}, which Linux
 *       carries out as uncached buffered writes ({@code RWF_DONTCACHE}: the pages are written back and dropped),
 *       so its speed is not comparable with the page-cache writes above. It is here for its allocation: it
 *       passes no {@code ByteBuffer} to the JDK, so the JDK's per-buffer cost ({@link Channels}) does not
 *       arise. Like every {@code bvecq<Variant>}, {@code bvq bench} leaves it out: run it with the jar.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChannelBench {
    static final int SLOT = 4096;

    private Fixture f;
    private Path file;
    private FileChannel ch;
    private final Channels channels = new Channels();
    private IoFile io;

    /** Builds the data and checks that every benchmark writes the same file. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        f = new Fixture(SLOT);
        file = Files.createTempFile("bvecq-channel-bench", ".dat");
        ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        check(bvecq(), "bvecq");
        check(netty(), "netty");
        io = IoFile.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        check(bvecqIoFile(), "bvecqIoFile");
    }

    private void check(long n, String what) throws IOException {
        if (n != Fixture.TOTAL || ch.size() != Fixture.TOTAL) {
            throw new IllegalStateException(what + ": wrote " + n + " bytes (expected " + Fixture.TOTAL + ")");
        }
        ByteBuffer back = ByteBuffer.allocate(Fixture.TOTAL);
        ch.read(back, 0);
        for (int i = 0; i < Fixture.TOTAL; i++) {
            if (back.get(i) != Fixture.pattern(i)) {
                throw new IllegalStateException(what + ": wrong byte at " + i);
            }
        }
        ch.truncate(0);
    }

    /** Closes and deletes the file, frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        io.close();
        ch.close();
        Files.deleteIfExists(file);
        f.close();
    }

    /** @return bytes written */
    @Benchmark
    public long bvecq() throws IOException {
        ch.position(0);
        return channels.write(ch, f.chain);
    }

    /** @return bytes written */
    @Benchmark
    public long netty() throws IOException {
        ByteBuffer[] bufs = f.netty.nioBuffers();
        long total = f.netty.readableBytes();
        ch.position(0);
        long n = 0;
        while (n < total) {
            n += ch.write(bufs);
        }
        return n;
    }

    /** @return bytes written */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
    public long nettyUnsafe() throws IOException {
        return netty();
    }

    /** @return bytes written */
    @Benchmark
    public long bvecqIoFile() throws IOException {
        return io.write(0, f.chain, WritePolicy.BUFFERED).bytes();
    }
}
