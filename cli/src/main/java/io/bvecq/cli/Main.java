package io.bvecq.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of the {@code bvq} command: dispatches to the subcommands. */
public final class Main {
    private Main() {
    }

    /** Every subcommand, in the order {@code bvq help} lists them. Add new commands here. */
    static List<Command> commands() {
        return List.of(
                new DemoCommand(),
                new InfoCommand(),
                new CopyCommand(),
                new StressCommand(),
                new BenchCommand());
    }

    /**
     * Runs {@code bvq}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : commands()) {
            byName.put(c.name(), c);
        }
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(byName, out);
            return args.length == 0 ? 2 : 0;
        }
        Command c = byName.get(args[0]);
        if (c == null) {
            err.println("bvq: unknown command '" + args[0] + "'");
            usage(byName, err);
            return 2;
        }
        try {
            return c.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        } catch (UsageException e) {
            err.println("bvq " + c.name() + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("bvq " + c.name() + ": " + e);
            return 1;
        }
    }

    private static void usage(Map<String, Command> byName, PrintStream out) {
        out.println("usage: bvq <command> [options]");
        out.println();
        out.println("  test                 run every test of the project (handled by the bvq script)");
        for (Command c : byName.values()) {
            out.printf("  %-20s %s%n", c.name(), c.summary());
        }
    }
}
