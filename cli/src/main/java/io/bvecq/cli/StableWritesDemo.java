package io.bvecq.cli;

import io.bvecq.BufferPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code bvq demo stable-writes [--trials N] [--json]}: the stable-writes hazard and its cure on this
 * machine. Writes a 1 MiB buffer that another thread keeps rewriting to a sink that reads the data twice,
 * zero-copy and bounced, and prints how many writes came out torn each way.
 */
final class StableWritesDemo {
    static final int DEFAULT_TRIALS = 200;
    private static final Duration TIME_CAP = Duration.ofSeconds(60);

    private StableWritesDemo() {
    }

    /** Runs the demo; {@code args} are the arguments after {@code stable-writes}. */
    static int run(String[] args, PrintStream out) throws Exception {
        int trials = DEFAULT_TRIALS;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--trials" -> {
                    if (i + 1 == args.length) {
                        throw new UsageException("--trials needs a value (expected: 1 <= N <= 1000000)");
                    }
                    trials = parseTrials(args[++i]);
                }
                default -> throw new UsageException("unknown option '" + args[i] + "' (usage: bvq demo stable-writes "
                        + "[--trials N] [--json])");
            }
        }
        StableWritesExperiment.Result r;
        try (BufferPool pool = BufferPool.create(1 << 16, 4L << 20, false)) {
            r = StableWritesExperiment.run(trials, StableWritesExperiment.DEFAULT_BUFFER, TIME_CAP, pool);
        }
        if (json) {
            out.println(new Json()
                    .put("trials", r.trials())
                    .put("zeroCopyMismatches", r.zeroCopyMismatches())
                    .put("bounceMismatches", r.policyMismatches())
                    .put("bufferBytes", StableWritesExperiment.DEFAULT_BUFFER)
                    .put("bounceStrategy", r.policyDecision().strategy().label())
                    .put("bounceReason", r.policyDecision().reason().name())
                    .put("seconds", r.elapsed().toNanos() / 1e9));
        } else {
            out.printf(Locale.ROOT, "stable writes: %d trials, 1 MiB buffer rewritten by another thread"
                    + " (%d sweeps) while a checksumming sink reads it twice%n", r.trials(), r.mutatorSweeps());
            out.printf(Locale.ROOT, "  zero-copy: %4d torn writes (checksum does not describe the data)%n",
                    r.zeroCopyMismatches());
            out.printf(Locale.ROOT, "  bounce:    %4d torn writes (policy AUTO: %s)%n", r.policyMismatches(),
                    r.policyDecision().text());
            if (r.trials() < trials) {
                out.printf(Locale.ROOT, "  (stopped after %d of %d trials: time cap %d s)%n", r.trials(), trials,
                        TIME_CAP.toSeconds());
            }
        }
        return r.policyMismatches() == 0 ? 0 : 1;
    }

    private static int parseTrials(String s) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException("--trials: '" + s + "' (expected: an integer, 1 <= N <= 1000000)");
        }
        if (n < 1 || n > 1_000_000) {
            throw new UsageException("--trials: " + n + " (expected: 1 <= N <= 1000000)");
        }
        return n;
    }
}
