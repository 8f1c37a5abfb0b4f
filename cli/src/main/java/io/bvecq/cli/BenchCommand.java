package io.bvecq.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bvq bench [--quick] [--json FILE] [--html FILE] [--include REGEX]... [--jar FILE] [--from FILE]}:
 * runs the JMH comparison benchmarks of {@code bench/} in a child JVM, showing progress on stderr, then
 * prints bvecq's score beside each peer's with the ratio, and optionally writes the report as JSON and
 * as an HTML page of bar charts. {@code --io [--dir DIR]} runs the I/O comparison instead ({@link IoBench}):
 * the uring benchmarks under JMH beside fio and FileChannel, on files in {@code /tmp} or {@code DIR}.
 *
 * <p>The benchmarks jar is {@code bench/target/benchmarks.jar} under the repository root; the {@code bvq}
 * script builds it and passes the root as the system property {@code bvq.root}. Without it the command
 * looks upwards from its own jar. {@code --from} renders an existing JMH JSON result instead of running.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = BenchCommand.HEADER,
        description = {"", "Runs the JMH comparison in a child JVM, then prints bvecq's score beside each peer's "
            + "with the ratio (progress on standard error).",
            "",
            "--io runs the I/O comparison instead: 4 KiB random direct reads at queue depth 1, 8 and 32 "
            + "(groups randread4k/qd1, /qd8, /qd32, in IOPS) and 1 MiB sequential direct writes at queue depth 1 "
            + "(group seqwrite1m, in MB/s = 10^6 bytes/s) on a 64 MiB file in /tmp (or --dir), by bvecq's uring "
            + "engine (bvecq), its thread engine (bvecqThreads) and FileChannel on a thread pool (filechannel) "
            + "under JMH, and by fio with --ioengine=io_uring (fio-uring) and --ioengine=psync (fio-psync, one "
            + "job per queue slot). The comparison runs 3 rounds (1 with --quick), each running every fio "
            + "workload once, then the JMH benchmarks once; both work on one file. Each score is the "
            + "best round, its error half the range of the rounds. fio is "
            + "installed with apt-get install -y fio when missing; if that fails the fio rows are left out and "
            + "the exit status is 1."})
final class BenchCommand implements Callable<Integer> {
    /** The one-line summary, for {@code bvq help}. */
    static final String HEADER = "Benchmark bvecq against memcpy, Netty, Okio and NIO (JMH).";

    /** Quick mode: one fork, one warm-up long enough for C2 to compile the walks, two short measurements. */
    static final List<String> QUICK_OPTIONS = List.of("-f", "1", "-wi", "1", "-w", "700ms", "-i", "2", "-r", "300ms");
    /** The benchmarks run when no {@code --include} is given: every comparison in the bench module. */
    static final String DEFAULT_INCLUDE = "io\\.bvecq\\.bench\\.";
    /**
     * Left out of every run: the bvecq variants kept for investigation ({@code bvecqReused},
     * {@code bvecqCore}), {@code NodeSizeBench}, which measures bvecq against itself, and
     * {@code LoopShapeBench} and {@code TypedLoopBench}, which measure loop shapes without bvecq; run them with the
     * benchmarks jar directly. The uring benchmarks run with {@code --io} only.
     */
    static final String EXCLUDE = "Bench\\.bvecq[A-Z]|NodeSizeBench|LoopShapeBench|TypedLoopBench|Uring(Read|Write)Bench";

    private static final Pattern BENCHMARK = Pattern.compile("^# Benchmark: (\\S+)");
    private static final Pattern PARAMETERS = Pattern.compile("^# Parameters: \\((.*)\\)");
    private static final Pattern PROGRESS = Pattern.compile("^# Run progress: ([0-9.]+)% complete, ETA (\\S+)");

    private final Main.Streams io;

    @Option(names = "--quick", description = "one short fork per benchmark: minutes instead of hours")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the report as a page of bar charts")
    Path html;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "run the benchmarks matching REGEX (repeatable; default: every comparison)")
    List<String> includes = new ArrayList<>();

    @Option(names = "--jar", paramLabel = "FILE", description = "the benchmarks jar (default: bench/target/benchmarks.jar)")
    Path jar;

    @Option(names = "--from", paramLabel = "FILE", description = "render an existing JMH JSON result instead of running")
    Path from;

    @Option(names = "--io", description = "run the I/O comparison (uring, fio io_uring and psync, FileChannel) instead")
    boolean ioBench;

    @Option(names = "--dir", paramLabel = "DIR", description = "with --io: where the test files go (default: /tmp)")
    Path dir;

    BenchCommand(Main.Streams io) {
        this.io = io;
    }

    /** The parsed command line. */
    record Options(boolean quick, Path json, Path html, List<String> includes, Path jar, Path from, boolean io,
            Path dir) {
    }

    /**
     * Parses bench's options, as {@code bvq bench ARGS} would.
     *
     * @param args the arguments after {@code bench}
     * @return the options
     * @throws picocli.CommandLine.ParameterException on bad usage
     */
    static Options parse(String[] args) {
        BenchCommand c = new BenchCommand(null);
        new CommandLine(c).parseArgs(args);
        return c.options();
    }

    private Options options() {
        return new Options(quick, json, html, includes.isEmpty() ? List.of(DEFAULT_INCLUDE) : List.copyOf(includes),
                jar, from, ioBench, dir != null ? dir : Path.of("/tmp"));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = io.out();
        PrintStream err = io.err();
        Options o = options();
        if (o.io() && !Files.isDirectory(o.dir())) {
            throw new UsageException("--dir: '" + o.dir() + "' is not a directory");
        }
        if (o.io() && o.dir().toString().chars().anyMatch(Character::isWhitespace)) {
            throw new UsageException("--dir: '" + o.dir() + "' contains white space (JMH splits its JVM options at spaces)");
        }
        BenchReport report;
        int failures = 0;
        if (o.io() && o.from() == null) {
            IoBench.Rounds rounds = new IoBench.Rounds();
            int n = o.quick() ? 1 : IoBench.ROUNDS;
            Path file = o.dir().resolve("bvq-io-bench-" + ProcessHandle.current().pid() + ".dat");
            String jdk = "unknown";
            IoBench.layOut(file); // a new file, never one that was there: the finally below deletes it
            try {
                for (int round = 1; round <= n; round++) {
                    err.println("bvq bench: round " + round + " of " + n);
                    failures += IoBench.runFio(file, o.quick() ? 1 : 5, round, err, rounds);
                    JmhRun jmh = runJmh(o, file, err);
                    if (jmh == null) {
                        return 1;
                    }
                    failures += jmh.failures();
                    BenchReport r = BenchReport.fromJmh(jmh.json(), cpuDescription());
                    jdk = r.jdk;
                    IoBench.fromJmh(r).forEach(rounds::add);
                }
            } finally {
                Files.deleteIfExists(file);
            }
            report = IoBench.ordered(jdk, cpuDescription(), rounds.best());
        } else {
            String jmhJson;
            if (o.from() != null) {
                jmhJson = Files.readString(o.from(), StandardCharsets.UTF_8);
            } else {
                JmhRun jmh = runJmh(o, null, err);
                if (jmh == null) {
                    return 1;
                }
                jmhJson = jmh.json();
                failures += jmh.failures();
            }
            report = BenchReport.fromJmh(jmhJson, cpuDescription());
            if (o.io()) {
                report = IoBench.merge(report, List.of(), report.cpu);
            }
        }
        if (report.results.isEmpty()) {
            err.println("bvq bench: no results (did --include match any benchmark?)");
            return 1;
        }
        out.println("JDK " + report.jdk + ", CPU " + report.cpu);
        out.print(report.table());
        if (o.json() != null) {
            Files.writeString(o.json(), report.toJson(), StandardCharsets.UTF_8);
            err.println("bvq bench: wrote " + o.json());
        }
        if (o.html() != null) {
            Files.writeString(o.html(), BenchHtml.render(report), StandardCharsets.UTF_8);
            err.println("bvq bench: wrote " + o.html());
        }
        if (failures > 0) {
            err.println("bvq bench: " + failures + " benchmark(s) or fio run(s) failed and are missing from the results (see the errors above)");
            return 1;
        }
        return 0;
    }

    /** One run of the JMH child: its JSON result and how many benchmarks it reported as failed. */
    private record JmhRun(String json, int failures) {
    }

    /**
     * Runs the JMH child once; null (with the reason on {@code err}) if the child JVM failed.
     */
    private static JmhRun runJmh(Options o, Path ioFile, PrintStream err)
            throws IOException, InterruptedException, UsageException {
        Path jar = o.jar() != null ? o.jar() : findBenchJar(System.getProperty("bvq.root"), ownLocation());
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("benchmarks jar not found: " + jar + " (build it with ./bvq, or: mvn -pl bench -am package -DskipTests)");
        }
        Path result = Files.createTempFile("bvq-bench-", ".json");
        try {
            List<String> cmd = command(jar, o, ioFile, result);
            err.println("bvq bench: " + String.join(" ", cmd));
            Progress progress = new Progress();
            int status = runChild(cmd, err, progress);
            if (status != 0) {
                err.println("bvq bench: the benchmark JVM exited with status " + status);
                return null;
            }
            return new JmhRun(Files.readString(result, StandardCharsets.UTF_8), progress.failures());
        } finally {
            Files.deleteIfExists(result);
        }
    }

    /**
     * The child JVM's command line: this JVM's java, the benchmarks jar, the includes, JSON results. With
     * {@code --io}, {@code ioFile} (when not null) is the file the benchmarks read and write (fio's).
     */
    static List<String> command(Path jar, Options o, Path ioFile, Path result) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-jar");
        cmd.add(jar.toString());
        if (o.io()) {
            cmd.add(IoBench.JMH_INCLUDE);
            cmd.addAll(List.of("-jvmArgsAppend", "--enable-native-access=ALL-UNNAMED -Dbvecq.bench.dir=" + o.dir()
                    + (ioFile != null ? " -Dbvecq.bench.file=" + ioFile : "")));
        } else {
            cmd.addAll(o.includes());
            cmd.addAll(List.of("-e", EXCLUDE));
        }
        if (o.quick()) {
            cmd.addAll(QUICK_OPTIONS);
        }
        cmd.addAll(List.of("-rf", "json", "-rff", result.toString()));
        return cmd;
    }

    /**
     * Finds {@code bench/target/benchmarks.jar}: under {@code root} when given, else in the first of
     * {@code from}'s ancestors that holds one (the cli jar lives in {@code <root>/cli/target/}).
     *
     * @param root the repository root, or null
     * @param from where this command's code was loaded from, or null
     * @return the jar's path; it may not exist when nothing was found
     */
    static Path findBenchJar(String root, Path from) {
        Path rel = Path.of("bench", "target", "benchmarks.jar");
        if (root != null && !root.isEmpty()) {
            return Path.of(root).resolve(rel);
        }
        for (Path p = from; p != null; p = p.getParent()) {
            Path cand = p.resolve(rel);
            if (Files.isRegularFile(cand)) {
                return cand;
            }
        }
        return Path.of("").toAbsolutePath().resolve(rel);
    }

    private static Path ownLocation() {
        try {
            return Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /** Runs the child, turning its output into one progress line per benchmark on {@code err}. */
    private static int runChild(List<String> cmd, PrintStream err, Progress progress) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (tail.size() == 40) {
                    tail.removeFirst();
                }
                tail.addLast(line);
                String shown = progress.accept(line);
                if (shown != null) {
                    err.println(shown);
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        int status = p.waitFor();
        if (status != 0) {
            err.println("bvq bench: last output of the benchmark JVM:");
            tail.forEach(l -> err.println("  " + l));
        }
        return status;
    }

    /** Follows JMH's console output and produces the lines to show as progress. */
    static final class Progress {
        private String benchmark = "?";
        private String params = "";
        private int failures;

        /**
         * The benchmarks that failed so far (JMH prints {@code <failure>} for each and goes on).
         *
         * @return the count
         */
        int failures() {
            return failures;
        }

        /**
         * Takes one line of JMH output.
         *
         * @param line the line
         * @return a progress line to show, or null
         */
        String accept(String line) {
            Matcher m = BENCHMARK.matcher(line);
            if (m.find()) {
                String b = m.group(1);
                benchmark = b.startsWith("io.bvecq.bench.") ? b.substring("io.bvecq.bench.".length()) : b;
                params = "";
                return null;
            }
            m = PARAMETERS.matcher(line);
            if (m.find()) {
                params = " " + m.group(1).replace(" = ", "=");
                return null;
            }
            m = PROGRESS.matcher(line);
            if (m.find()) {
                return String.format("bvq bench: [%5s%% ETA %s] %s%s", m.group(1), m.group(2), benchmark, params);
            }
            if (line.contains("<failure>")) {
                failures++;
                return "bvq bench: FAILED " + benchmark + params;
            }
            if (line.startsWith("ERROR") || line.contains("Exception")) {
                return "bvq bench: " + line;
            }
            return null;
        }
    }

    /** The processor's model name from /proc/cpuinfo and the processor count. */
    static String cpuDescription() {
        String model = System.getProperty("os.arch");
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    model = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep os.arch
        }
        return model + " x" + Runtime.getRuntime().availableProcessors();
    }
}
