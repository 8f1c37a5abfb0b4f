package io.bvecq.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bvq stress [--mode sanity|quick|default|tough] [--tests REGEX]}: runs the jcstress suite of the
 * concurrency contracts from {@code stress/target/jcstress.jar} and passes jcstress's output through,
 * its {@code (Results: N planned; ...)} line included. The run goes through
 * {@code io.bvecq.stress.SuiteRunner}, which also fails when the jar holds fewer tests than jcstress ran.
 *
 * <p>The jar is the one named by the system property {@code bvecq.stress.jar}; else
 * {@code stress/target/jcstress.jar} under the repository root that the {@code bvq} script passes as
 * {@code bvq.root}; else the one next to this command's own jar ({@code <repo>/cli/target/bvecq-cli.jar}
 * gives {@code <repo>/stress/target/jcstress.jar}); else {@code stress/target/jcstress.jar} under the
 * working directory. The {@code bvq} launcher builds it with everything else ({@code mvn install
 * -DskipTests} packages the stress module's uber-jar without running the suite). Results go to
 * {@code stress/target/jcstress-results}. Exit status: 0 all passed, 1 a failure, 2 bad usage.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        header = StressCommand.HEADER,
        description = {"", "Runs the jcstress suite of the concurrency contracts from stress/target/jcstress.jar, "
            + "with jcstress's own output."})
final class StressCommand implements Callable<Integer> {
    /** The one-line summary, for {@code bvq help}. */
    static final String HEADER = "Run the jcstress suite of the concurrency contracts.";

    private static final Set<String> MODES = Set.of("sanity", "quick", "default", "tough");
    private final Main.Streams io;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "quick",
            completionCandidates = Modes.class,
            description = "jcstress mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--tests", paramLabel = "REGEX", description = "run only the tests whose names match")
    String tests;

    StressCommand(Main.Streams io) {
        this.io = io;
    }

    /** The jcstress modes, for help and completion. */
    static final class Modes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("sanity", "quick", "default", "tough").iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = io.out();
        PrintStream err = io.err();
        if (!MODES.contains(mode)) {
            throw new UsageException("--mode: " + mode + " (expected: one of sanity, quick, default, tough)");
        }
        Path jar = findJar();
        if (jar == null) {
            err.println("bvq stress: no jcstress jar found (looked at -Dbvecq.stress.jar, <bvq.root>/stress/target, the "
                    + "stress/target next to the bvq jar, and ./stress/target/jcstress.jar); build it with "
                    + "`mvn -B -pl stress -am package -DskipTests`");
            return 1;
        }
        Path target = jar.toAbsolutePath().getParent();
        Path workDir = target.resolve("jcstress-run");
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), "io.bvecq.stress.SuiteRunner", "--mode", mode,
                "--results", target.resolve("jcstress-results").toString()));
        if (tests != null) {
            cmd.add("--tests");
            cmd.add(tests);
        }
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
            }
        }
        out.flush();
        return p.waitFor();
    }

    private static Path findJar() {
        String prop = System.getProperty("bvecq.stress.jar");
        if (prop != null) {
            Path p = Path.of(prop);
            return Files.isRegularFile(p) ? p : null;
        }
        String root = System.getProperty("bvq.root");
        if (root != null) {
            Path p = Path.of(root, "stress", "target", "jcstress.jar");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        try {
            Path self = Path.of(StressCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <repo>/cli/target/bvecq-cli.jar (or <repo>/cli/target/classes) -> <repo>
            Path repo = self.toAbsolutePath().getParent().getParent().getParent();
            Path p = repo.resolve("stress/target/jcstress.jar");
            if (Files.isRegularFile(p)) {
                return p;
            }
        } catch (Exception e) {
            // no usable code source: fall back to the working directory
        }
        Path p = Path.of("stress", "target", "jcstress.jar");
        return Files.isRegularFile(p) ? p : null;
    }
}
