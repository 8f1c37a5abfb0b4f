package io.bvecq.cli;

import java.io.PrintStream;

/** One {@code bvq} subcommand. */
interface Command {
    /** The word that selects the command, e.g. {@code "info"}. */
    String name();

    /** One line for {@code bvq help}. */
    String summary();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @param out standard output
     * @param err standard error
     * @return the process exit status: 0 on success, 2 on bad usage, 1 on failure
     * @throws Exception on failure; Main prints it and exits 1
     */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
