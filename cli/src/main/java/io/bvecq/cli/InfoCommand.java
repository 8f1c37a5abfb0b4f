package io.bvecq.cli;

import io.bvecq.io.FileCapabilities;
import io.bvecq.io.IoFile;
import io.bvecq.io.WriteDecision;
import io.bvecq.io.WritePolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code bvq info PATH [--json]}: what the file system under PATH needs and allows for direct I/O, whether
 * its device needs stable writes, whether uncached buffered I/O works, and what the default policy does
 * with an aligned and an unaligned write. For a directory, a temporary file is created in it to ask.
 */
final class InfoCommand implements Command {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "info PATH [--json]: direct I/O alignment, stable writes, DONTCACHE, and the default write path";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String path = null;
        boolean json = false;
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (a.startsWith("-") || path != null) {
                throw new UsageException("usage: bvq info PATH [--json] (unexpected argument '" + a + "')");
            } else {
                path = a;
            }
        }
        if (path == null) {
            throw new UsageException("usage: bvq info PATH [--json]");
        }
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new UsageException("no such file or directory: " + path);
        }
        Path probe = null;
        IoFile f;
        if (Files.isDirectory(p)) {
            probe = Files.createTempFile(p, ".bvq-info-", ".probe");
            f = IoFile.open(probe, StandardOpenOption.READ);
        } else {
            f = IoFile.open(p, StandardOpenOption.READ);
        }
        try (f) {
            FileCapabilities c = f.capabilities();
            long block = Math.max(4096, c.dioOffsetAlign());
            WriteDecision aligned = f.plan(WritePolicy.AUTO, 0, block, 4096);
            WriteDecision unaligned = f.plan(WritePolicy.AUTO, 1, block - 1, 1);
            WriteDecision unalignedMem = f.plan(WritePolicy.AUTO, 0, block, 1);
            if (json) {
                out.println(new Json()
                        .put("path", p.toAbsolutePath().toString())
                        .put("fileSystem", c.fileSystem())
                        .put("device", c.device())
                        .put("dioMemAlign", c.dioMemAlign())
                        .put("dioOffsetAlign", c.dioOffsetAlign())
                        .put("stableWrites", c.stableWrites())
                        .put("stableWritesSource", c.stableWritesSource())
                        .put("blastRadius", c.blastRadius().name())
                        .put("dontcache", c.dontcache())
                        .put("parallelDirectWrites", c.parallelDirectWrites())
                        .put("atomicWrites", c.atomicWrites())
                        .put("alignedWrite", decision(aligned))
                        .put("unalignedWrite", decision(unaligned))
                        .put("unalignedMemoryWrite", decision(unalignedMem)));
            } else {
                out.printf("path:              %s%n", p.toAbsolutePath());
                out.printf("file system:       %s on device %s%n", c.fileSystem(), c.device());
                out.printf("direct I/O:        %s%n", c.directIo() ? "memory align " + c.dioMemAlign()
                        + " B, offset/length align " + c.dioOffsetAlign() + " B" : "not available");
                out.printf("stable writes:     %s (%s), blast radius %s%n", c.stableWrites() ? "yes" : "no",
                        c.stableWritesSource(), c.blastRadius());
                out.printf("RWF_DONTCACHE:     %s%n", c.dontcache() ? "yes" : "no (fallback: write, sync_file_range, fadvise)");
                out.printf("parallel writes:   %s; atomic writes: %s%n", c.parallelDirectWrites() ? "yes (direct)" : "no",
                        c.atomicWrites() ? "yes" : "no");
                out.printf("aligned write:     %s%n", aligned.text());
                out.printf("unaligned write:   %s%n", unaligned.text());
                out.printf("unaligned memory:  %s%n", unalignedMem.text());
            }
            return 0;
        } finally {
            if (probe != null) {
                Files.deleteIfExists(probe);
            }
        }
    }

    static Json decision(WriteDecision d) {
        return new Json().put("strategy", d.strategy().label())
                .put("reason", d.reason().description())
                .put("reasonCode", d.reason().name());
    }
}
