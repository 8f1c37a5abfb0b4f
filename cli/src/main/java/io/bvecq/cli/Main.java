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
        synopsisSubcommandLabel = "COMMAND", usageHelpAutoWidth = true,
        description = {"bvecq for Java: inspect a file system's I/O needs, copy with the right write path, "
            + "and benchmark the toolkit.", ""},
        commandListHeading = "%nCommands:%n",
        footer = {"  test    run every test of the project (the bvq script runs Maven)", "",
            "Run 'bvq help COMMAND' or 'bvq COMMAND --help' for a command's options.",
            "Exit status: 0 success, 1 failure, 2 bad usage, 130 interrupted (SIGINT), 143 terminated (SIGTERM)."})
public final class Main implements Callable<Integer> {
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
        System.exit(run(args, System.out, System.err));
    }

    /** Whether this JVM is the {@code bvq} process itself (not a test calling {@link #run}): signals are ours. */
    static boolean standalone() {
        return standalone;
    }

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

    static int run(String[] args, PrintStream out, PrintStream err) {
        Streams io = new Streams(out, err);
        Notes.to(err, args.length > 0 && !args[0].startsWith("-") ? "bvq " + args[0] : "bvq");
        CommandLine cl = new CommandLine(new Main())
                .addSubcommand("help", new CommandLine.HelpCommand())
                .addSubcommand("info", new InfoCommand(io))
                .addSubcommand("copy", new CopyCommand(io))
                .addSubcommand("demo", new DemoCommand(io))
                .addSubcommand("stress", new StressCommand(io))
                .addSubcommand("bench", new BenchCommand(io))
                .addSubcommand("aot-train", new AotTraining(io));
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
            if (System.getenv("BVQ_DEBUG") != null) {
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
        int status = cl.execute(args);
        outWriter.flush();
        errWriter.flush();
        out.flush();
        err.flush();
        return status;
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
