package io.bvecq.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bvq aot-train DIR} (hidden): the training run for the JDK's ahead-of-time cache. The {@code bvq}
 * launcher runs it once after a build with {@code -XX:AOTCacheOutput=...}, so that the classes, linked
 * call sites and profiles of help, info and copy are in the cache and later runs start fast. It runs those
 * commands on a small file in a temporary directory under DIR, prints nothing, and removes the directory.
 */
@Command(name = "aot-train", hidden = true, description = "training run for the AOT cache (used by the bvq launcher)")
final class AotTraining implements Callable<Integer> {
    private final Main.Streams io;

    @Parameters(index = "0", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}",
            description = "where to make the temporary directory")
    Path dir;

    AotTraining(Main.Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        Path work = Files.createTempDirectory(dir, "bvq-aot-");
        try {
            Path src = work.resolve("src");
            byte[] data = new byte[(9 << 20) + 123];
            new Random(1).nextBytes(data);
            Files.write(src, data);
            int bad = 0;
            bad |= Main.run(new String[] {"--help"}, none, none);
            bad |= Main.run(new String[] {"help", "copy"}, none, none);
            bad |= Main.run(new String[] {"--version"}, none, none);
            bad |= Main.run(new String[] {"info", work.toString()}, none, none);
            bad |= Main.run(new String[] {"info", src.toString(), "--json"}, none, none);
            for (int i = 0; i < 3; i++) {
                bad |= Main.run(new String[] {"copy", src.toString(), work.resolve("dst").toString()}, none, none);
                bad |= Main.run(new String[] {"copy", src.toString(), work.resolve("dst").toString(), "--json",
                    "--verify", "--block-size", "1M"}, none, none);
            }
            Main.run(new String[] {"copy", work.resolve("missing").toString(), work.resolve("x").toString()}, none, none);
            Main.run(new String[] {"copy", "--frobnicate"}, none, none);
            if (bad != 0) {
                io.err().println("bvq aot-train: a training command failed (status " + bad + ")");
            }
            return bad == 0 ? 0 : Failure.FAILED;
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
