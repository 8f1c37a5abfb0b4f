package io.bvecq.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jcstress.annotations.JCStressTest;

/**
 * Runs the jcstress suite from the uber-jar it lives in, passes jcstress's output through, and turns
 * the result into an exit status that a build can trust.
 *
 * <p>jcstress itself exits 0 whatever happened, and finds no tests at all when the annotation processor
 * did not run (the default on JDK 23+). So before the run this class counts the {@link JCStressTest}
 * classes in the jar that match the selection and compares them with the tests jcstress will find in
 * the jar's {@code META-INF/TestList}; after the run it requires the {@code (Results: N planned; ...)}
 * line with no failure and no error, every planned configuration passed, and a result page for every
 * expected test.
 *
 * <pre>
 *   java -cp jcstress.jar io.bvecq.stress.SuiteRunner [--mode sanity|quick|default|tough|stress]
 *        [--tests REGEX] [--results DIR] [-- more jcstress options]
 * </pre>
 * The default selection, {@link #CONTRACTS}, is the contract suite: the tests directly in package
 * {@code io.bvecq.stress}. Deliberately broken variants live in {@code io.bvecq.stress.sensitivity} and
 * run only when selected with {@code --tests}. Exit status: 0 all passed, 1 a failure, 2 bad usage.
 */
public final class SuiteRunner {
    /** The contract suite: every test class directly in {@code io.bvecq.stress}. */
    public static final String CONTRACTS = "io\\.bvecq\\.stress\\.[A-Za-z0-9_]+";
    private static final Set<String> MODES = Set.of("sanity", "quick", "default", "tough", "stress");
    private static final Pattern RESULTS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    private SuiteRunner() {
    }

    /**
     * Runs the suite and exits with its status.
     *
     * @param args the options described in the class comment
     * @throws Exception if the jar cannot be read or jcstress cannot be started
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws IOException, InterruptedException, URISyntaxException {
        String mode = "quick";
        String tests = CONTRACTS;
        Path results = Path.of("jcstress-results");
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                extra.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (i + 1 >= args.length) {
                return usage(out, "option " + a + " needs a value");
            }
            switch (a) {
                case "--mode" -> mode = args[++i];
                case "--tests" -> tests = args[++i];
                case "--results" -> results = Path.of(args[++i]);
                default -> {
                    return usage(out, "unknown option: " + a);
                }
            }
        }
        if (!MODES.contains(mode)) {
            return usage(out, "mode: " + mode + " (expected: one of sanity, quick, default, tough, stress)");
        }
        Pattern selection = Pattern.compile(tests);

        Path jar = Path.of(SuiteRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(jar)) {
            out.println("bvecq stress: FAILED: run me from the jcstress uber-jar, not from " + jar);
            return 1;
        }
        Set<String> expected = new TreeSet<>();
        Set<String> listed = new TreeSet<>();
        scanJar(jar, selection, expected, listed);
        if (expected.isEmpty()) {
            out.println("bvecq stress: FAILED: no @JCStressTest class in " + jar + " matches '" + tests + "'");
            return 1;
        }
        if (!listed.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(listed);
            out.println("bvecq stress: FAILED: jcstress would find " + listed.size() + " of the " + expected.size()
                    + " tests in the jar; not in META-INF/TestList: " + missing
                    + " (did the jcstress annotation processor run? JDK 23+ needs -proc:full)");
            return 1;
        }

        Files.createDirectories(results);
        try (Stream<Path> old = Files.list(results)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (p.getFileName().toString().endsWith(".html")) {
                    Files.delete(p);
                }
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", jar.toString(), "org.openjdk.jcstress.Main",
                "-m", mode, "-t", "^(?:" + tests + ")$", "-r", results.toString()));
        cmd.addAll(extra);
        out.println("bvecq stress: " + expected.size() + " tests, mode " + mode + ", results in " + results.toAbsolutePath());
        out.flush();

        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Matcher last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
                Matcher m = RESULTS.matcher(line);
                if (m.find()) {
                    last = m;
                }
            }
        }
        int exit = p.waitFor();
        out.flush();

        List<String> problems = new ArrayList<>();
        if (exit != 0) {
            problems.add("jcstress exited with status " + exit);
        }
        if (last == null) {
            problems.add("jcstress printed no (Results: ...) line");
        } else {
            long planned = Long.parseLong(last.group(1));
            long passed = Long.parseLong(last.group(2));
            long bad = Long.parseLong(last.group(3)) + Long.parseLong(last.group(4)) + Long.parseLong(last.group(5));
            if (bad != 0) {
                problems.add(last.group(3) + " failed, " + last.group(4) + " soft errors, " + last.group(5) + " hard errors");
            }
            if (passed != planned) {
                problems.add("only " + passed + " of " + planned + " planned configurations passed");
            }
            if (planned < expected.size()) {
                problems.add(planned + " configurations planned for " + expected.size() + " tests");
            }
        }
        Set<String> notRun = new TreeSet<>();
        for (String t : expected) {
            if (!Files.isRegularFile(results.resolve(t + ".html"))) {
                notRun.add(t);
            }
        }
        if (!notRun.isEmpty()) {
            problems.add((expected.size() - notRun.size()) + " of " + expected.size() + " tests ran; no result for " + notRun);
        }
        String summary = last == null ? "" : " " + last.group();
        if (problems.isEmpty()) {
            out.println("bvecq stress: PASSED: " + expected.size() + " tests, mode " + mode + summary);
            return 0;
        }
        out.println("bvecq stress: FAILED: " + String.join("; ", problems) + summary);
        out.println("bvecq stress: details in " + results.toAbsolutePath().resolve("index.html"));
        return 1;
    }

    /** Collects the annotated classes matching the selection, and the tests named in META-INF/TestList. */
    private static void scanJar(Path jar, Pattern selection, Set<String> expected, Set<String> listed) throws IOException {
        ClassLoader loader = SuiteRunner.class.getClassLoader();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                String entry = e.nextElement().getName();
                if (!entry.startsWith("io/bvecq/stress/") || !entry.endsWith(".class") || entry.contains("$")) {
                    continue;
                }
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                if (!selection.matcher(name).matches()) {
                    continue;
                }
                try {
                    if (Class.forName(name, false, loader).isAnnotationPresent(JCStressTest.class)) {
                        expected.add(name);
                    }
                } catch (ClassNotFoundException | LinkageError ex) {
                    throw new IOException("cannot load " + name + " from " + jar + ": " + ex, ex);
                }
            }
            JarEntry list = jf.getJarEntry("META-INF/TestList");
            if (list == null) {
                return;
            }
            try (InputStream in = jf.getInputStream(list);
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String name = testListName(line);
                    if (name != null && selection.matcher(name).matches()) {
                        listed.add(name);
                    }
                }
            }
        }
    }

    /** The test name of one TestList line, {@code JCTEST<length>S<name>...}, or null. */
    static String testListName(String line) {
        if (!line.startsWith("JCTEST")) {
            return null;
        }
        int s = line.indexOf('S', 6);
        if (s < 0) {
            return null;
        }
        try {
            int len = Integer.parseInt(line.substring(6, s));
            return s + 1 + len <= line.length() ? line.substring(s + 1, s + 1 + len) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int usage(PrintStream out, String problem) {
        out.println("bvecq stress: " + problem);
        out.println("usage: SuiteRunner [--mode sanity|quick|default|tough|stress] [--tests REGEX] [--results DIR]"
                + " [-- jcstress options]");
        return 2;
    }
}
