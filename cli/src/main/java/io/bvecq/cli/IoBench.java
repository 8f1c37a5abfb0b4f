package io.bvecq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code bvq bench --io}: the I/O comparison. Builds fio's command lines for the four workloads and two
 * engines, reads fio's JSON output, and merges fio's results with JMH's ({@code UringReadBench},
 * {@code UringWriteBench}) into one {@link BenchReport} with the groups {@code randread4k/qd1},
 * {@code randread4k/qd8}, {@code randread4k/qd32} (unit {@value #IOPS}) and {@code seqwrite1m} (unit
 * {@value #MBPS}, 10<sup>6</sup> bytes per second) and the impls {@code bvecq}, {@code bvecqThreads},
 * {@code fio-uring}, {@code fio-psync} and {@code filechannel}.
 *
 * <p>The comparison runs in {@value #ROUNDS} rounds (one in quick mode). Each round runs every fio workload
 * once on each engine, then the JMH benchmarks once (one fork), so a disk whose speed drifts from minute to
 * minute is met by both sides alike. Every impl's score is its best round, and its error half the range of its
 * rounds ({@link Rounds}). fio and JMH read and write the same file, which the command lays out before the
 * first round ({@link #layOut}). {@code psync} has no queue: at queue depth N it runs N jobs
 * ({@code --numjobs}), as the thread engines do. JMH's reads score reads per second at a steady queue depth, as
 * fio's do, so their score is the IOPS; its writes score 1 MiB writes per second, so they are multiplied by
 * 1.048576. Stateless but for {@link Rounds}; callable from any thread.
 */
final class IoBench {
    /** The unit of the random-read groups: I/Os per second. */
    static final String IOPS = "IOPS";
    /** The unit of the write group: 10^6 bytes per second. */
    static final String MBPS = "MB/s";
    /** How many rounds a full comparison runs: every impl's score is the best of this many. */
    static final int ROUNDS = 3;
    /** The size of the file both fio and JMH read and write: 64 MiB. */
    static final long FILE_BYTES = 64L << 20;
    /** {@link #FILE_BYTES} as fio's {@code --size}. */
    static final String FIO_SIZE = "64M";
    /** The JMH benchmarks of the I/O comparison. */
    static final String JMH_INCLUDE = "io\\.bvecq\\.bench\\.Uring(Read|Write)Bench\\.";
    /** fio's two engines and the impl names they are reported as. */
    static final Map<String, String> FIO_ENGINES = Map.of("io_uring", "fio-uring", "psync", "fio-psync");
    /** The impls in the order they are reported after bvecq. */
    static final List<String> IMPLS = List.of("bvecq", "bvecqThreads", "fio-uring", "fio-psync", "filechannel");

    /**
     * One fio workload.
     *
     * @param group the report group
     * @param rw fio's {@code --rw}
     * @param bs fio's {@code --bs}
     * @param qd the queue depth
     */
    record Workload(String group, String rw, String bs, int qd) {
        boolean read() {
            return rw.contains("read");
        }
    }

    /** The four workloads, in report order. */
    static final List<Workload> WORKLOADS = List.of(
            new Workload("randread4k/qd1", "randread", "4k", 1),
            new Workload("randread4k/qd8", "randread", "4k", 8),
            new Workload("randread4k/qd32", "randread", "4k", 32),
            new Workload("seqwrite1m", "write", "1M", 1));

    private IoBench() {
    }

    /**
     * fio's command line for one run of one workload.
     *
     * @param fio the fio executable
     * @param w the workload
     * @param engine {@code io_uring} or {@code psync}
     * @param file the file to work on (fio lays it out when it is missing or short)
     * @param seconds the run time, at least 1
     * @return the command
     * @throws IllegalArgumentException if the engine is not one of the two or seconds is below 1
     */
    static List<String> fioCommand(String fio, Workload w, String engine, Path file, int seconds) {
        if (!FIO_ENGINES.containsKey(engine)) {
            throw new IllegalArgumentException("fio engine: '" + engine + "' (expected: io_uring or psync)");
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("fio run time: " + seconds + " s (expected: at least 1)");
        }
        List<String> cmd = new ArrayList<>(List.of(fio,
                "--name=" + w.group().replace('/', '-'),
                "--filename=" + file,
                "--size=" + FIO_SIZE,
                "--rw=" + w.rw(),
                "--bs=" + w.bs(),
                "--direct=1",
                "--ioengine=" + engine,
                "--runtime=" + seconds,
                "--time_based",
                "--randrepeat=0",
                "--output-format=json"));
        if (engine.equals("psync") && w.qd() > 1) {
            cmd.add("--numjobs=" + w.qd());
            cmd.add("--group_reporting");
        } else {
            cmd.add("--iodepth=" + w.qd());
        }
        return cmd;
    }

    /**
     * The score of one fio run: IOPS for a read workload, MB/s for a write workload.
     *
     * @param fioOutput fio's {@code --output-format=json} standard output (text before the first
     *     {@code '{'}, such as fio's warnings, is skipped)
     * @param w the workload it ran
     * @return the score
     * @throws IllegalArgumentException if the text is not fio's JSON, has no job, or the job reports an error
     */
    static double parseFio(String fioOutput, Workload w) {
        int brace = fioOutput.indexOf('{');
        if (brace < 0) {
            throw new IllegalArgumentException("fio output: no JSON object in " + abbreviate(fioOutput));
        }
        if (!(Json.parse(fioOutput.substring(brace)) instanceof Map<?, ?> root)
                || !(root.get("jobs") instanceof List<?> jobs) || jobs.isEmpty()
                || !(jobs.get(0) instanceof Map<?, ?> job)) {
            throw new IllegalArgumentException("fio output: expected an object with a non-empty 'jobs' array");
        }
        if (job.get("error") instanceof Number e && e.intValue() != 0) {
            throw new IllegalArgumentException("fio output: the job failed with error " + e);
        }
        String side = w.read() ? "read" : "write";
        if (!(job.get(side) instanceof Map<?, ?> stats)) {
            throw new IllegalArgumentException("fio output: job has no '" + side + "' statistics");
        }
        String field = w.read() ? "iops" : "bw_bytes";
        if (!(stats.get(field) instanceof Number n)) {
            throw new IllegalArgumentException("fio output: " + side + "." + field + " missing or not a number");
        }
        return w.read() ? n.doubleValue() : n.doubleValue() / 1e6;
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return "'" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "'";
    }

    /**
     * One result from repeated runs: the best run, with half the range of the runs as the error.
     *
     * @param group the report group
     * @param impl the impl
     * @param unit the unit ({@value #IOPS} or {@value #MBPS})
     * @param runs the scores of the runs, at least one
     * @return the result ({@code error} NaN after one run)
     * @throws IllegalArgumentException if there is no run
     */
    static BenchReport.Result best(String group, String impl, String unit, List<Double> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs: none for " + group + " " + impl + " (expected: at least 1)");
        }
        double max = runs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double min = runs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return new BenchReport.Result(group, impl, max, unit, true, runs.size() < 2 ? Double.NaN : (max - min) / 2);
    }

    /**
     * The scores of every round, by group and impl. Not thread-safe: one thread adds, then reads.
     */
    static final class Rounds {
        private final Map<List<String>, List<Double>> runs = new LinkedHashMap<>();

        /**
         * Adds one round's score.
         *
         * @param r the result of one round (its error is dropped)
         */
        void add(BenchReport.Result r) {
            runs.computeIfAbsent(List.of(r.group(), r.impl(), r.unit()), k -> new ArrayList<>()).add(r.score());
        }

        /**
         * The best of each group and impl ({@link #best}), in the order first added.
         *
         * @return the results
         */
        List<BenchReport.Result> best() {
            List<BenchReport.Result> out = new ArrayList<>();
            runs.forEach((k, v) -> out.add(IoBench.best(k.get(0), k.get(1), k.get(2), v)));
            return out;
        }
    }

    /**
     * Turns JMH's scores of {@code UringReadBench} ({@code uringRead/qd<N>}, reads per second) and
     * {@code UringWriteBench} ({@code uringWrite}, 1 MiB writes per second) into the I/O groups; other
     * results are dropped.
     *
     * @param jmh the JMH report
     * @return the results in IOPS and MB/s
     * @throws IllegalArgumentException if a score is not in ops/s
     */
    static List<BenchReport.Result> fromJmh(BenchReport jmh) {
        List<BenchReport.Result> out = new ArrayList<>();
        for (BenchReport.Result r : jmh.results) {
            String group;
            double factor;
            String unit;
            if (r.group().startsWith("uringRead/qd")) {
                int qd = Integer.parseInt(r.group().substring("uringRead/qd".length()));
                group = "randread4k/qd" + qd;
                factor = 1;
                unit = IOPS;
            } else if (r.group().equals("uringWrite")) {
                group = "seqwrite1m";
                factor = (1 << 20) / 1e6;
                unit = MBPS;
            } else {
                continue;
            }
            if (!r.unit().equals("ops/s")) {
                throw new IllegalArgumentException("JMH result: " + r.group() + " " + r.impl() + " in '" + r.unit()
                        + "' (expected: ops/s)");
            }
            out.add(new BenchReport.Result(group, r.impl(), r.score() * factor, unit, true, r.error() * factor));
        }
        return out;
    }

    /**
     * One report of JMH's and fio's results, impls in {@link #IMPLS} order within each group.
     *
     * @param jmh the JMH report (its JDK is kept)
     * @param fio fio's results
     * @param cpu the processor, for the report
     * @return the merged report
     */
    static BenchReport merge(BenchReport jmh, List<BenchReport.Result> fio, String cpu) {
        List<BenchReport.Result> all = new ArrayList<>(fromJmh(jmh));
        all.addAll(fio);
        return ordered(jmh.jdk, cpu, all);
    }

    /**
     * One report of the given results, impls in {@link #IMPLS} order within each group.
     *
     * @param jdk the JDK, for the report
     * @param cpu the processor, for the report
     * @param results the results
     * @return the report
     */
    static BenchReport ordered(String jdk, String cpu, List<BenchReport.Result> results) {
        List<BenchReport.Result> all = new ArrayList<>(results);
        all.sort(Comparator.comparingInt(r -> {
            int i = IMPLS.indexOf(r.impl());
            return i < 0 ? IMPLS.size() : i;
        }));
        return new BenchReport(jdk, cpu, all);
    }

    /**
     * Creates the file both fio and JMH work on: {@link #FILE_BYTES} of pseudo-random bytes (fixed seed), synced.
     * It never replaces a file: if {@code file} exists, it is left as it was.
     *
     * @param file the file to create
     * @throws FileAlreadyExistsException if {@code file} exists (nothing written)
     * @throws IOException if it cannot be written (what was created is removed)
     */
    static void layOut(Path file) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (fc) {
            for (long at = 0; at < FILE_BYTES; at += block.length) {
                fc.write(ByteBuffer.wrap(block), at);
            }
            fc.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file); // ours: created above
            throw e;
        }
    }

    /**
     * Runs every fio workload once on each engine on {@code file} (one round), installing fio with
     * {@code apt-get install -y fio} when it is missing, and adds one result per workload and engine to
     * {@code rounds}. Progress and failures go to {@code err}; a failed run is left out.
     *
     * @param file the file to work on; the write workload overwrites it
     * @param seconds each run's time, at least 1
     * @param round this round's number, for the progress lines
     * @param err where progress goes
     * @param rounds receives the results
     * @return the number of failures: runs that failed, or 1 if fio is missing and could not be installed
     * @throws InterruptedException if interrupted while fio runs
     * @throws IOException if fio cannot be started
     */
    static int runFio(Path file, int seconds, int round, PrintStream err, Rounds rounds)
            throws IOException, InterruptedException {
        if (!fioPresent()) {
            err.println("bvq bench: fio not found; installing it: apt-get install -y fio");
            int status;
            try {
                status = run(List.of("apt-get", "install", "-y", "fio"), err);
            } catch (IOException e) {
                status = -1;
                err.println("bvq bench: " + e.getMessage());
            }
            if (status != 0 || !fioPresent()) {
                err.println("bvq bench: could not install fio (apt-get install -y fio: status " + status
                        + "); the fio-uring and fio-psync results are missing");
                return 1;
            }
        }
        int failures = 0;
        for (Workload w : WORKLOADS) {
            for (String engine : List.of("io_uring", "psync")) {
                List<String> cmd = fioCommand("fio", w, engine, file, seconds);
                String text = output(cmd);
                try {
                    double v = parseFio(text, w);
                    String unit = w.read() ? IOPS : MBPS;
                    rounds.add(new BenchReport.Result(w.group(), FIO_ENGINES.get(engine), v, unit, true, Double.NaN));
                    err.printf(Locale.ROOT, "bvq bench: round %d: fio %s %s: %s %s%n", round, w.group(), engine,
                            BenchReport.fmt(v), unit);
                } catch (IllegalArgumentException e) {
                    failures++;
                    err.println("bvq bench: FAILED " + String.join(" ", cmd) + ": " + e.getMessage());
                }
            }
        }
        return failures;
    }

    private static boolean fioPresent() throws InterruptedException {
        try {
            return output(List.of("fio", "--version")).startsWith("fio");
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command, returning its standard output and error together. */
    private static String output(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        p.waitFor();
        return text;
    }

    /** Runs a command with its output copied to {@code err}; returns its exit status. */
    private static int run(List<String> cmd, PrintStream err) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(err);
        }
        return p.waitFor();
    }
}
