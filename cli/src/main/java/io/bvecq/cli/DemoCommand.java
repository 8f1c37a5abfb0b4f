package io.bvecq.cli;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.zip.CRC32C;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bvq demo chain}: builds a pooled chain, slices it into sub-requests, and checks the bytes.
 * {@code bvq demo stable-writes}: see {@link StableWritesDemo}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = DemoCommand.HEADER,
        description = {"", "bvq demo chain | bvq demo stable-writes [--trials N] [--json]"})
final class DemoCommand implements Callable<Integer> {
    /** The one-line summary, for {@code bvq help}. */
    static final String HEADER = "Demonstrations: a chain walk-through; torn writes zero-copy versus bounce.";

    private final Main.Streams io;

    @Spec
    CommandSpec spec;

    DemoCommand(Main.Streams io) {
        this.io = io;
    }

    /** Without a demo's name: bad usage. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing demo: chain or stable-writes");
    }

    /**
     * {@code bvq demo stable-writes}.
     *
     * @param trials the writes each way
     * @param json whether to print JSON
     * @return the exit status
     * @throws Exception if the experiment fails
     */
    @Command(name = "stable-writes", mixinStandardHelpOptions = true,
            description = {"Write a 1 MiB buffer that another thread keeps rewriting to a checksumming sink,",
                "zero-copy and bounced, and count the torn writes each way."})
    int stableWrites(@Option(names = "--trials", paramLabel = "N", defaultValue = "" + StableWritesDemo.DEFAULT_TRIALS,
                    description = "writes each way, 1 to 1000000 (default: ${DEFAULT-VALUE})") int trials,
            @Option(names = "--json", description = "print one line of JSON") boolean json) throws Exception {
        return StableWritesDemo.run(trials, json, io.out());
    }

    /**
     * {@code bvq demo chain}.
     *
     * @return the exit status
     */
    @Command(name = "chain", mixinStandardHelpOptions = true,
            description = "Build a pooled 1 MiB chain, carve it into sub-requests, and check the bytes.")
    int chain() {
        PrintStream out = io.out();
        long size = 1 << 20;
        try (BufferPool pool = BufferPool.create()) {
            Bvecq head = BvecqBuffers.allocBuffer(pool, size, 1);
            try {
                // fill with a pattern, checksumming as we go
                CRC32C written = new CRC32C();
                long i = 0;
                for (Bvecq n = head; n != null; n = n.nextAcquire()) {
                    for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                        var seg = n.segment(s).asSlice(n.offset(s), n.length(s));
                        for (long b = 0; b < seg.byteSize(); b++, i++) {
                            seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, b, (byte) (i + (i >> 8) + (i >> 16)));
                        }
                        written.update(seg.asByteBuffer());
                    }
                }
                // carve sub-requests of at most 100 KiB in at most 8 slots, as a transport would
                BvecqPos pos = BvecqPos.at(head);
                CRC32C read = new CRC32C();
                int subRequests = 0;
                long total = 0;
                try {
                    for (Bvecq ext = pos.extract(100 << 10, 8); ext != null; ext = pos.extract(100 << 10, 8)) {
                        subRequests++;
                        for (Bvecq n = ext; n != null; n = n.nextAcquire()) {
                            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                                read.update(n.segment(s).asSlice(n.offset(s), n.length(s)).asByteBuffer());
                                total += n.length(s);
                            }
                        }
                        ext.release();
                    }
                } finally {
                    pos.unset();
                }
                out.printf("chain: %d bytes in %d nodes, %d chunks of %d B from the pool%n", size,
                        BvecqBuffers.nodeCount(head), pool.outstandingChunks(), pool.chunkSize());
                out.printf("extracted %d bytes as %d sub-requests (<= 100 KiB, <= 8 slots each)%n", total, subRequests);
                out.printf("crc32c written=%08x extracted=%08x %s%n", written.getValue(), read.getValue(),
                        written.getValue() == read.getValue() && total == size ? "OK" : "MISMATCH");
                return written.getValue() == read.getValue() && total == size ? 0 : 1;
            } finally {
                head.release();
            }
        }
    }
}
