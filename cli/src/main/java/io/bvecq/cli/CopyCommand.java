package io.bvecq.cli;

import io.bvecq.io.WritePolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bvq copy SRC DST}: copies through pooled chains with several writes in flight, keeping {@code cp}'s
 * promises: the same file is refused, an existing destination is replaced atomically (or not at all), holes
 * and mode bits are kept, and the data is on stable storage when the command says "copied". See
 * {@link CopyTarget} for the rules and {@link Copier} for the transfer.
 */
@Command(name = "copy", sortOptions = false,
        header = CopyCommand.HEADER,
        description = {"",
            "DST is replaced atomically: the data goes to a hidden temporary file beside it, is synced (fdatasync), "
                + "then renamed into place. On an error, SIGINT or SIGTERM the temporary is removed and an existing "
                + "DST is left exactly as it was. SRC and DST being the same file is refused. Holes in SRC stay "
                + "holes; the mode bits of a regular SRC are kept.",
            "",
            "SRC may be a file, '-' (standard input), a pipe, a device or a /proc file: anything readable is read "
                + "to its end. DST may be a file, a directory (the copy gets SRC's name), a device or a FIFO "
                + "(written in order, no rename), or '-' (standard output).",
            ""},
        footer = {"", "Exit status: 0 copied, 1 failed (DST unchanged unless --in-place), 2 bad usage,",
            "130 interrupted by SIGINT, 143 by SIGTERM."})
final class CopyCommand implements Callable<Integer> {
    /** The one-line summary, for {@code bvq help}. */
    static final String HEADER = "Copy a file, a pipe or a device; atomic replace, holes and mode kept, synced.";

    /** Default bytes per read and per write ({@code --block-size}). */
    static final int BLOCK = 4 << 20;
    /** Default blocks in flight at once ({@code --in-flight}). */
    static final int IN_FLIGHT = 3;

    private final Main.Streams io;

    @Parameters(index = "0", paramLabel = "SRC", description = "what to copy; '-' is standard input")
    String src;

    @Parameters(index = "1", paramLabel = "DST", description = "where to copy it; '-' is standard output")
    String dst;

    @Option(names = "--policy", paramLabel = "POLICY", converter = Policies.class,
            completionCandidates = Policies.Names.class, defaultValue = "auto",
            description = "write policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); see the README")
    WritePolicy policy;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "" + IN_FLIGHT,
            description = "blocks in flight at once, 1 to 64 (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--block-size", paramLabel = "SIZE", converter = Sizes.class, defaultValue = "4M",
            description = "bytes per read and write, a power of two from 4K to 64M (default: ${DEFAULT-VALUE})")
    int blockSize;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "how blocks are kept in flight: uring (io_uring; fails where it cannot be set up), threads "
                    + "(blocking calls on a thread pool) or auto: uring where available, except on a stable-writes "
                    + "target (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--in-place", description = "write DST directly instead of a temporary; UNSAFE: a failure or "
            + "an interrupt leaves DST incomplete")
    boolean inPlace;

    @Option(names = {"-n", "--no-clobber"}, description = "do not overwrite an existing DST (exit status 1)")
    boolean noClobber;

    @Option(names = "--no-sync", description = "do not fdatasync DST and its directory before saying \"copied\"")
    boolean noSync;

    @Option(names = "--verify", description = "checksum SRC (CRC32C) and read DST back to compare")
    boolean verify;

    @Option(names = "--json", description = "print the result, or the failure, as one line of JSON")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    CopyCommand(Main.Streams io) {
        this.io = io;
    }

    /** Whether {@code --json} was given, so that failures are printed as JSON too. */
    boolean json() {
        return json;
    }

    @Override
    public Integer call() throws Exception {
        if (inFlight < 1 || inFlight > 64) {
            throw CliException.usage("--in-flight: " + inFlight + " (expected: 1 <= n <= 64)");
        }
        if (blockSize < 4096 || blockSize > (64 << 20) || Integer.bitCount(blockSize) != 1) {
            throw CliException.usage("--block-size: " + Sizes.format(blockSize)
                    + " (expected: a power of two, 4K <= size <= 64M)");
        }
        if (!Copier.ENGINES.contains(engine)) {
            throw CliException.usage("--engine: " + engine + " (expected: one of " + String.join(", ", Copier.ENGINES)
                    + ")");
        }
        if (inPlace && noClobber) {
            throw CliException.usage("--in-place and --no-clobber: choose one");
        }
        PrintStream out = io.out();
        PrintStream err = io.err();
        Cancellation cancel = Main.standalone() ? Cancellation.install(err, "bvq copy") : Cancellation.none();
        Main.phase("copy: options parsed");
        try (CopySource source = CopySource.open(src)) {
            return copy(source, cancel, out, err);
        } finally {
            cancel.finished();
        }
    }

    private int copy(CopySource source, Cancellation cancel, PrintStream out, PrintStream err) throws Exception {
        {
            CopyTarget target = CopyTarget.open(dst, source, inPlace, noClobber, cancel);
            Main.phase("copy: source and target open");
            if (verify && target.file() == null) {
                target.abort();
                throw CliException.usage("--verify needs a regular file as DST (" + target.name()
                        + " cannot be read back)");
            }
            boolean done = false;
            try {
                Copier.Result r = new Copier(policy, blockSize, inFlight, verify, cancel,
                        !json && Main.terminal() ? err : null, engine).copy(source, target);
                cancel.check();
                Main.phase("copy: data written");
                target.commit(source.permissions(), !noSync);
                Main.phase("copy: synced and renamed");
                done = true;
                report(r, target, out);
                return verify && !r.verified ? Failure.FAILED : 0;
            } catch (Cancellation.Cancelled e) {
                target.abort();
                throw new CliException(new Failure("interrupted by " + e.getMessage() + "; " + left(target),
                        null, e.exitCode()));
            } catch (IOException e) {
                Failure f = Failure.of(e);
                Path tmp = target.temporary();
                String msg = tmp == null ? f.message() : f.message().replace(tmp.toString(), target.name());
                target.abort();
                throw new CliException(new Failure(msg + "; " + left(target), f.errno(), f.exitCode()));
            } finally {
                if (!done) {
                    target.abort();
                }
            }
        }
    }

    /** What became of the destination after a failure, for the message. */
    private static String left(CopyTarget t) {
        String tmp = t.temporary() != null ? " (the temporary " + t.temporary() + " could not be removed)"
                : t.direct() ? "" : ", temporary file removed";
        if (t.direct()) {
            return t.stream() ? t.name() + " received part of the data"
                    : t.name() + " is incomplete (--in-place)";
        }
        return (t.existed() ? t.name() + " left as it was" : "nothing written to " + t.name()) + tmp;
    }

    private void report(Copier.Result r, CopyTarget t, PrintStream out) {
        String synced = noSync || t.file() == null ? "not synced" : "synced";
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("source", src);
            j.put("destination", t.name());
            j.put("policy", policy.name().toLowerCase(Locale.ROOT));
            j.put("bytes", r.bytes);
            j.put("dataBytes", r.dataBytes);
            j.put("seconds", r.seconds);
            j.put("mbPerSecond", r.mbPerSecond());
            j.put("strategy", r.strategy());
            j.put("strategies", r.strategies);
            j.put("engine", r.engine);
            j.put("engineReason", r.engineReason);
            j.put("inFlight", inFlight);
            j.put("blockSize", blockSize);
            j.put("fallbacks", r.fallbacks);
            j.put("synced", !noSync && t.file() != null);
            j.put("atomic", !t.direct());
            if (verify) {
                j.put("verified", r.verified);
                j.put("crc32c", String.format("%08x", r.srcCrc));
                j.put("destinationCrc32c", String.format("%08x", r.dstCrc));
            }
            out.println(Json.line(j));
        } else {
            out.printf(Locale.ROOT, "copied %d bytes to %s in %.3f s (%.1f MB/s), %s%s, strategy %s %s, %d blocks of %s"
                    + " in flight (engine %s)%n", r.bytes, t.name(), r.seconds, r.mbPerSecond(), synced,
                    r.dataBytes < r.bytes ? ", " + (r.bytes - r.dataBytes) + " bytes of holes kept" : "", r.strategy(),
                    r.strategies, inFlight, Sizes.format(blockSize), r.engine);
            out.println("fallbacks: " + (r.fallbacks.isEmpty() ? "none" : r.fallbacks));
            if (verify) {
                out.printf("crc32c: source %08x, destination %08x: %s%n", r.srcCrc, r.dstCrc,
                        r.verified ? "verified" : "MISMATCH");
            }
        }
    }
}
