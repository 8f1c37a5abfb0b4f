package io.bvecq.cli;

import io.bvecq.io.WriteDecision;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteShape;
import io.bvecq.io.CapabilityProbe;
import io.bvecq.io.FileCapabilities;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bvq info PATH [--json]}: what the file system under PATH needs and allows for direct I/O, whether
 * its device needs stable writes, whether uncached buffered I/O works, and what the default policy does with
 * an aligned and an unaligned write.
 *
 * <p>Never writes: everything comes from {@code statx}, sysfs and, for a regular file, a one-byte read
 * ({@link CapabilityProbe}). Direct I/O alignments are reported by the kernel per regular file, so for a
 * directory the first regular file in it (on the same device) is asked. What cannot be known (a directory
 * with no file, a device, {@code /proc}, an old kernel) is said in the text and listed under
 * {@code "unknown"} in the JSON, with the field set to null; the command still exits 0.
 */
@Command(name = "info", sortOptions = false,
        header = InfoCommand.HEADER,
        description = {"",
            "Shows what the file system under PATH needs and allows: direct I/O alignments, stable writes, "
                + "RWF_DONTCACHE, and the write path the default policy takes for an aligned and an unaligned "
                + "write. Never writes anything; works on read-only file systems, /proc and /sys, and says what "
                + "it cannot know.",
            ""},
        footer = {"", "Exit status: 0 shown (even with unknowns), 1 PATH cannot be examined, 2 bad usage."})
final class InfoCommand implements Callable<Integer> {
    /** The one-line summary, for {@code bvq help}. */
    static final String HEADER = "Show direct I/O alignments, stable writes, DONTCACHE and the default write path.";

    private final Main.Streams io;

    @Parameters(index = "0", paramLabel = "PATH", description = "a file, directory, device or FIFO")
    String path;

    @Option(names = "--json", description = "print one line of JSON")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    InfoCommand(Main.Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = io.out();
        Path p = Path.of(path);
        CapabilityProbe.Probed probed;
        try {
            probed = CapabilityProbe.probe(p);
        } catch (io.bvecq.io.IoErrnoException e) {
            throw new CliException(Failure.errno("examine", path, e.errnoName()));
        }
        CapabilityProbe.Probed asked = probed;
        Path askedFile = null;
        if (probed.kind().equals("directory")) {
            askedFile = firstFileIn(p);
            if (askedFile != null) {
                asked = CapabilityProbe.probe(askedFile);
            }
        }
        FileCapabilities c = probed.capabilities();
        FileCapabilities a = asked.capabilities();
        Map<String, String> unknown = new LinkedHashMap<>();
        if (!asked.kind().equals("file")) {
            unknown.put("directIo", "the kernel reports direct I/O alignments for regular files only, and "
                    + (probed.kind().equals("directory") ? "this directory holds none to ask" : "this is a " + probed.kind()));
        } else if (!asked.dioAsked()) {
            unknown.put("directIo", "the file system reports no direct I/O alignments (STATX_DIOALIGN): it has no direct "
                    + "I/O, or the kernel is older than 6.1");
        }
        if (!asked.dontcacheAsked()) {
            unknown.put("dontcache", asked.kind().equals("file") ? "the file could not be read to try RWF_DONTCACHE"
                    : "RWF_DONTCACHE is tried with a read of a regular file, and there is none to read");
        }
        if (c.stableWritesSource().startsWith("no block device")) {
            unknown.put("stableWrites", "not a block device (" + c.stableWritesSource() + ")");
        }
        boolean dioKnown = !unknown.containsKey("directIo");
        Boolean readOnly = readOnly(p);
        WriteDecision aligned = null;
        WriteDecision unaligned = null;
        WriteDecision unalignedMem = null;
        if (dioKnown) {
            long block = Math.max(4096, a.dioOffsetAlign());
            aligned = plan(a, 0, block, 4096);
            unaligned = plan(a, 1, block - 1, 1);
            unalignedMem = plan(a, 0, block, 1);
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("path", p.toAbsolutePath().toString());
            j.put("kind", probed.kind());
            j.put("askedFile", askedFile == null ? null : askedFile.toString());
            j.put("fileSystem", c.fileSystem());
            j.put("device", c.device());
            j.put("readOnly", readOnly);
            j.put("dioMemAlign", dioKnown ? a.dioMemAlign() : null);
            j.put("dioOffsetAlign", dioKnown ? a.dioOffsetAlign() : null);
            j.put("stableWrites", unknown.containsKey("stableWrites") ? null : c.stableWrites());
            j.put("stableWritesSource", c.stableWritesSource());
            j.put("blastRadius", c.blastRadius().name());
            j.put("dontcache", unknown.containsKey("dontcache") ? null : a.dontcache());
            j.put("parallelDirectWrites", dioKnown ? a.parallelDirectWrites() : null);
            j.put("atomicWrites", dioKnown ? a.atomicWrites() : null);
            j.put("alignedWrite", decision(aligned));
            j.put("unalignedWrite", decision(unaligned));
            j.put("unalignedMemoryWrite", decision(unalignedMem));
            j.put("unknown", unknown);
            out.println(Json.line(j));
            return 0;
        }
        String dunno = "unknown: ";
        out.printf("path:              %s (%s)%n", p.toAbsolutePath(), probed.kind());
        out.printf("file system:       %s on device %s%s%n", c.fileSystem(), c.device(),
                Boolean.TRUE.equals(readOnly) ? ", read-only" : "");
        if (askedFile != null) {
            out.printf("asked file:        %s (direct I/O alignments are per file)%n", askedFile);
        }
        out.printf("direct I/O:        %s%n", !dioKnown ? dunno + unknown.get("directIo")
                : a.directIo() ? "memory align " + a.dioMemAlign() + " B, offset/length align " + a.dioOffsetAlign() + " B"
                : "not available");
        out.printf("stable writes:     %s%n", unknown.containsKey("stableWrites") ? dunno + unknown.get("stableWrites")
                : (c.stableWrites() ? "yes" : "no") + " (" + c.stableWritesSource() + "), blast radius " + c.blastRadius());
        out.printf("RWF_DONTCACHE:     %s%n", unknown.containsKey("dontcache") ? dunno + unknown.get("dontcache")
                : a.dontcache() ? "yes" : "no (fallback: write, sync_file_range, fadvise)");
        if (dioKnown) {
            out.printf("parallel writes:   %s; atomic writes: %s%n", a.parallelDirectWrites() ? "yes (direct)" : "no",
                    a.atomicWrites() ? "yes" : "no");
            out.printf("aligned write:     %s%n", aligned.text());
            out.printf("unaligned write:   %s%n", unaligned.text());
            out.printf("unaligned memory:  %s%n", unalignedMem.text());
        } else {
            out.printf("write paths:       unknown without the direct I/O alignments%n");
        }
        return 0;
    }

    private static WriteDecision plan(FileCapabilities c, long off, long len, long memAlign) {
        return WritePolicy.AUTO.decide(c.sinkProfile(), WriteShape.callerMemory(off, len, memAlign));
    }

    /** The first regular file directly in {@code dir} on the same device, or null; never follows links out. */
    private static Path firstFileIn(Path dir) {
        try {
            Object dev = Files.getAttribute(dir, "unix:dev");
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                int looked = 0;
                for (Path f : s) {
                    if (++looked > 1000) {
                        break;
                    }
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && dev.equals(Files.getAttribute(f, "unix:dev",
                            java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                        return f;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory: nothing to ask, reported as unknown
        }
        return null;
    }

    private static Boolean readOnly(Path p) {
        try {
            return Files.getFileStore(p).isReadOnly();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> decision(WriteDecision d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", d.strategy().label());
        m.put("reason", d.reason().description());
        m.put("reasonCode", d.reason().name());
        return m;
    }
}
