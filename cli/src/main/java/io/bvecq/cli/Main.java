package io.bvecq.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code bvq} command: options and help through picocli, failures in a user's words
 * ({@link Failure}), exit status 0 success, 1 failure, 2 bad usage, 128 + N on signal N.
 *
 * <p>Start-up is kept short: the command classes hold only their options, so {@code bvq help} loads no
 * I/O, pool or benchmark class; those load when a command runs.
 */
@Command(name = "bvq", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {Main.DESCRIPTION, ""},
        commandListHeading = "%nCommands:%n",
        footer = {Main.FOOTER_TEST, "", Main.FOOTER_HELP, Main.FOOTER_STATUS})
public final class Main implements Callable<Integer> {
    /** The description line of the top-level usage. */
    static final String DESCRIPTION = "bvecq for Java: inspect a file system's I/O needs, copy with the right write path, "
            + "and benchmark the toolkit.";
    /** The footer's line about {@code bvq test}, which the launcher script runs. */
    static final String FOOTER_TEST = "  test    run every test of the project (the bvq script runs Maven)";
    /** The footer's line about per-command help. */
    static final String FOOTER_HELP = "Run 'bvq help COMMAND' or 'bvq COMMAND --help' for a command's options.";
    /** The footer's line about exit status. */
    static final String FOOTER_STATUS = "Exit status: 0 success, 1 failure, 2 bad usage, 130 interrupted (SIGINT), "
            + "143 terminated (SIGTERM).";

    private static volatile boolean standalone;

    @Spec
    CommandSpec spec;

    private Main() {
    }

    /** Standard output and error of one run, handed to the commands. */
    record Streams(PrintStream out, PrintStream err) {
    }

    /**
     * Runs {@code bvq} and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        standalone = true;
        int status = run(args, System.out, System.err);
        phase("exit");
        if (status == 0 && answeredWithoutPicocli(args)) {
            // help and --version start no thread: returning ends the JVM with status 0 and skips the
            // System.Logger look-up that System.exit makes (Runtime.exit logging), which alone would load
            // the logger service and cost more than the help itself
            System.out.flush();
            return;
        }
        System.exit(status);
    }

    /** Whether this JVM is the {@code bvq} process itself (not a test calling {@link #run}): signals are ours. */
    static boolean standalone() {
        return standalone;
    }

    /**
     * With {@code BVQ_DEBUG} set, prints on standard error how long after the JVM's start a phase ended.
     *
     * @param what the phase
     */
    static void phase(String what) {
        if (DEBUG) {
            long ms = System.currentTimeMillis() - ProcessHandle.current().info().startInstant()
                    .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis());
            System.err.println("bvq: " + what + " at " + ms + " ms");
        }
    }

    private static final boolean DEBUG = System.getenv("BVQ_DEBUG") != null;

    /** Whether standard error is a terminal, for progress bars. */
    static boolean terminal() {
        java.io.Console c = System.console();
        return standalone && c != null && c.isTerminal();
    }

    /** Without a command: the usage on standard error, status 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Failure.USAGE;
    }

    /** Whether {@link #run} answers these arguments itself, without picocli: the top-level help and version. */
    private static boolean answeredWithoutPicocli(String[] args) {
        return args.length == 0 || (args.length == 1 && (args[0].equals("help") || args[0].equals("--help")
                || args[0].equals("-h") || args[0].equals("--version") || args[0].equals("-V")));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || (args.length == 1 && (args[0].equals("help") || args[0].equals("--help")
                || args[0].equals("-h")))) {
            // the commonest call of all, answered without picocli: its classes are Java 5 class files, which
            // the JDK's AOT cache cannot hold, and loading them costs more than the rest of the start-up
            (args.length == 0 ? err : out).print(usage());
            return args.length == 0 ? Failure.USAGE : 0;
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            return 0;
        }
        if (standalone && (args[0].equals("copy") || args[0].equals("info"))) {
            warmUp();
        }
        Notes.to(err, args.length > 0 && !args[0].startsWith("-") ? "bvq " + args[0] : "bvq");
        CommandLine cl = commandLine(args, out, err);
        int status = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        out.flush();
        err.flush();
        return status;
    }

    /**
     * Links the native calls of the io module on a second thread while picocli reads the options: linking
     * spins method handles at run time (the AOT cache cannot hold them) and costs as much as the option
     * parsing, so on two cores the two overlap. It runs {@code statx} on {@code /}, which reads nothing; a
     * command that needs the calls first waits for the linking to finish (class initialisation).
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                io.bvecq.io.CapabilityProbe.probe(java.nio.file.Path.of("/"));
            } catch (java.io.IOException | RuntimeException e) {
                // only a warm-up: the command itself reports any failure
            }
        }, "bvq-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The command line through picocli, for everything but the top-level help: the command named in
     * {@code args} in full, the others as name and summary only.
     */
    static CommandLine commandLine(String[] args, PrintStream out, PrintStream err) {
        Streams io = new Streams(out, err);
        CommandLine cl = new CommandLine(new Main()).addSubcommand("help", new CommandLine.HelpCommand());
        String wanted = wanted(args);
        for (String[] c : COMMANDS) {
            cl.addSubcommand(c[0], c[0].equals(wanted) ? new CommandLine(command(c[0], io)) : stub(c[0], c[1]));
        }
        PrintWriter outWriter = new PrintWriter(out, true, out.charset());
        PrintWriter errWriter = new PrintWriter(err, true, err.charset());
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        cl.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            String who = e.getCommandLine().getCommandSpec().qualifiedName();
            Failure f = new Failure(e.getMessage(), null, Failure.USAGE);
            err.println(who + ": " + f.message());
            err.println("Try '" + who + " --help' for more information.");
            if (Arrays.asList(a).contains("--json")) {
                out.println(Json.line(json(who, f)));
            }
            return f.exitCode();
        });
        cl.setExecutionExceptionHandler((Exception e, CommandLine c, ParseResult parsed) -> {
            String who = c.getCommandSpec().qualifiedName();
            Failure f = Failure.of(e);
            err.println(who + ": " + f.message());
            if (DEBUG) {
                e.printStackTrace(err);
            }
            ParseResult leaf = parsed;
            while (leaf.subcommand() != null) {
                leaf = leaf.subcommand();
            }
            if (leaf.hasMatchedOption("--json")) {
                out.println(Json.line(json(who, f)));
            }
            return f.exitCode();
        });
        return cl;
    }

    /** Every command: name and one-line summary (compile-time constants: naming them loads no class). */
    private static final String[][] COMMANDS = {
        {"info", InfoCommand.HEADER},
        {"copy", CopyCommand.HEADER},
        {"fetch", FetchCommand.HEADER},
        {"demo", DemoCommand.HEADER},
        {"stress", StressCommand.HEADER},
        {"bench", BenchCommand.HEADER},
        {"aot-train", null},
    };

    /**
     * The command whose options will be parsed: the first word, or the word after {@code help}. Only that
     * command's class is loaded and inspected by picocli; the others are listed from {@link #COMMANDS}.
     */
    private static String wanted(String[] args) {
        if (args.length == 0) {
            return null;
        }
        if (args[0].equals("help")) {
            return args.length > 1 ? args[1] : null;
        }
        return args[0];
    }

    private static Object command(String name, Streams io) {
        return switch (name) {
            case "info" -> new InfoCommand(io);
            case "copy" -> new CopyCommand(io);
            case "fetch" -> new FetchCommand(io);
            case "demo" -> new DemoCommand(io);
            case "stress" -> new StressCommand(io);
            case "bench" -> new BenchCommand(io);
            case "aot-train" -> new AotTraining(io);
            default -> throw new IllegalArgumentException("command: " + name);
        };
    }

    /** A command as {@code bvq help} lists it, without its class: name and summary; null summary hides it. */
    private static CommandLine stub(String name, String header) {
        CommandSpec spec = CommandSpec.create().name(name);
        if (header == null) {
            spec.usageMessage().hidden(true);
        } else {
            spec.usageMessage().header(header);
        }
        return new CommandLine(spec);
    }

    /**
     * The top-level usage, as picocli lays it out for this class's annotation (the same words: the
     * description, the options, the commands from {@link #COMMANDS}, the footer); {@code MainTest} checks
     * that it matches picocli's own rendering.
     */
    static String usage() {
        StringBuilder b = new StringBuilder("Usage: bvq [-hV] COMMAND\n");
        b.append(wrap(DESCRIPTION, 0)).append("\n\n");
        b.append("  -h, --help      Show this help message and exit.\n");
        b.append("  -V, --version   Print version information and exit.\n");
        b.append("\nCommands:\n");
        b.append("  help    Display help information about the specified command.\n");
        for (String[] cmd : COMMANDS) {
            if (cmd[1] != null) {
                b.append(wrap(String.format("  %-8s%s", cmd[0], cmd[1]), 12)).append('\n');
            }
        }
        for (String line : new String[] {FOOTER_TEST, "", FOOTER_HELP, FOOTER_STATUS}) {
            b.append(wrap(line, 0)).append('\n');
        }
        return b.toString();
    }

    /** Wraps at 80 columns on spaces, continuation lines indented by {@code indent}. */
    private static String wrap(String line, int indent) {
        StringBuilder b = new StringBuilder();
        String rest = line;
        while (rest.length() > 80) {
            int cut = rest.lastIndexOf(' ', 80);
            if (cut <= indent) {
                break;
            }
            b.append(rest, 0, cut).append('\n');
            rest = " ".repeat(indent) + rest.substring(cut + 1);
        }
        return b.append(rest).toString();
    }

    /** A failure as JSON: {@code {"command", "error", "errno", "exitCode"}}. */
    private static Map<String, Object> json(String who, Failure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", who);
        m.put("error", f.message());
        m.put("errno", f.errno());
        m.put("exitCode", f.exitCode());
        return m;
    }

    /** {@code bvq --version}: the project's version and the JDK running it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"bvq " + (v != null ? v : "(development build)"),
                "JDK " + Runtime.version() + " at " + System.getProperty("java.home")};
        }
    }
}
