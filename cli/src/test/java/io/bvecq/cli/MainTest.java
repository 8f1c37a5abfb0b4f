package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parts of {@code Main} and the CLI's plumbing that need no process: help layout, sizes, notes. */
class MainTest {
    private static PrintStream sink(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    @Test
    void theFastTopLevelHelpIsWhatPicocliWouldPrint() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String picocli = Main.commandLine(new String[] {"--help"}, sink(b), sink(b)).getUsageMessage();
        assertEquals(picocli, Main.usage());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"help"}, sink(out), sink(new ByteArrayOutputStream())));
        assertEquals(picocli, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sizesReadAndWriteTheUnits() {
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(64 << 10, Sizes.parse("64K"));
        assertEquals(1 << 20, Sizes.parse("1M"));
        assertEquals(1 << 20, Sizes.parse("1MiB"));
        assertEquals(2L << 30, Sizes.parse("2g"));
        assertEquals("4M", Sizes.format(4 << 20));
        assertEquals("1536K", Sizes.format(1536 << 10));
        assertEquals("100", Sizes.format(100));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Sizes.parse("12Q"));
        assertEquals("'12Q' (expected: a size such as 4096, 64K, 1M)", e.getMessage());
    }

    @Test
    void libraryNotesAppearOnceOnOneLineInTheClisFormat() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Notes.to(sink(err), "bvq copy");
        System.Logger log = System.getLogger("io.bvecq.io");
        for (int i = 0; i < 3; i++) {
            log.log(System.Logger.Level.INFO, "bvecq io: writes to {0} fall back to {1}:\nreason", "ext4", "buffered");
        }
        log.log(System.Logger.Level.DEBUG, "not shown");
        assertEquals("bvq copy: note: writes to ext4 fall back to buffered: reason\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failuresNameTheErrnoInWords() {
        Failure f = Failure.of(new io.bvecq.io.IoErrnoException("pwritev2", 28, "/mnt/f", 0, 4096, 0));
        assertEquals("cannot write /mnt/f: No space left on device (ENOSPC)", f.message());
        assertEquals(1, f.exitCode());
        Failure g = Failure.of(new java.nio.file.AccessDeniedException("/root/x"));
        assertEquals("cannot access /root/x: Permission denied (EACCES)", g.message());
        Failure h = Failure.of(new IllegalStateException("boom"));
        assertTrue(h.message().startsWith("internal error: boom (at ") && !h.message().contains("IllegalState"),
                h.message());
    }
}
