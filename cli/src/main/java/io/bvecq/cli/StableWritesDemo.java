package io.bvecq.cli;

import io.bvecq.BufferPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Runs the demo with {@code trials} writes each way; prints JSON or text on {@code out}. */
    static int run(int trials, boolean json, PrintStream out) throws Exception {
        if (trials < 1 || trials > 1_000_000) {
            throw new UsageException("--trials: " + trials + " (expected: 1 <= N <= 1000000)");
        }
        StableWritesExperiment.Result r;
        try (BufferPool pool = BufferPool.create(1 << 16, 4L << 20, false)) {
            r = StableWritesExperiment.run(trials, StableWritesExperiment.DEFAULT_BUFFER, TIME_CAP, pool);
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("trials", r.trials());
            j.put("zeroCopyMismatches", r.zeroCopyMismatches());
            j.put("bounceMismatches", r.policyMismatches());
            j.put("bufferBytes", StableWritesExperiment.DEFAULT_BUFFER);
            j.put("bounceStrategy", r.policyDecision().strategy().label());
            j.put("bounceReason", r.policyDecision().reason().name());
            j.put("seconds", r.elapsed().toNanos() / 1e9);
            out.println(Json.line(j));
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
}
