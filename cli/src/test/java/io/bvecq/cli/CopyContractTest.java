package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@code bvq copy} and {@code bvq info} (the README's "rules"), checked on real processes
 * and real files: each test starts {@code java io.bvecq.cli.Main} from this JVM's {@code java.home} with the
 * test class path, as a user's shell would, and looks at exit codes, standard error and the files left.
 */
class CopyContractTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "bvq-contract");
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A finished run: exit code, standard output and error. */
    record Run(int status, String out, String err) {
    }

    /** The command line of a bvq process; {@code env --default-signal} undoes an inherited SIG_IGN for SIGINT. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        if (DEFAULT_SIGNAL) {
            cmd.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.bvecq.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static final boolean DEFAULT_SIGNAL = works("env", "--default-signal=INT", "true");

    private static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs bvq in {@code dir} with {@code stdin} on a pipe (null: nothing, closed at once). */
    Run bvq(byte[] stdin, String... args) throws Exception {
        Process p = new ProcessBuilder(command(args)).directory(dir.toFile()).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bvq " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    Run bvq(String... args) throws Exception {
        return bvq(null, args);
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<String> temporaries(Path where) throws IOException {
        try (Stream<Path> s = Files.list(where)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bvq-part")).toList();
        }
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Mounts a tmpfs at {@code at}, or skips the test with the reason (mounting needs root). */
    private static void mountTmpfsOrSkip(Path at, String options) throws IOException {
        Files.createDirectories(at);
        assumeTrue(root() && works("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()),
                "needs root to mount a tmpfs with " + options + " (user " + System.getProperty("user.name") + ")");
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void theSameFileThroughASymlinkAHardLinkOrDotSlashIsRefusedAndLeftIntact() throws Exception {
        byte[] data = random(300 << 10, 1);
        Path f = dir.resolve("F");
        Files.write(f, data);
        Files.createSymbolicLink(dir.resolve("L"), f);
        Files.createLink(dir.resolve("H"), f);
        String[][] pairs = {{"F", "F"}, {"L", "F"}, {"F", "L"}, {"F", "H"}, {"./F", "F"}, {f.toString(), "./H"}};
        for (String[] pair : pairs) {
            for (String extra : new String[] {"--json", "--in-place"}) {
                Run r = bvq("copy", pair[0], pair[1], extra);
                assertEquals(1, r.status(), String.join(" ", pair) + " " + extra + ": " + r.err());
                assertTrue(r.err().contains("are the same file") && r.err().lines().count() == 1, r.err());
                assertArrayEquals(data, Files.readAllBytes(f), "F was not touched: " + String.join(" ", pair));
            }
        }
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void aPipeOnStandardInputIsCopiedWhole() throws Exception {
        byte[] data = random((5 << 20) + 12345, 2);
        Run r = bvq(data, "copy", "-", "out", "--json");
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out")));
        Map<?, ?> j = (Map<?, ?>) Json.parse(r.out());
        assertEquals(data.length, ((Number) j.get("bytes")).intValue());
        assertEquals(Boolean.TRUE, j.get("synced"));
        assertEquals(Boolean.TRUE, j.get("atomic"));
    }

    @Test
    void procVersionWhoseSizeIsZeroIsCopiedWhole() throws Exception {
        assertEquals(0, Files.size(Path.of("/proc/version")), "the case under test: /proc reports size 0");
        Run r = bvq("copy", "/proc/version", "v");
        assertEquals(0, r.status(), r.err());
        byte[] want = Files.readAllBytes(Path.of("/proc/version"));
        assertTrue(want.length > 0);
        assertArrayEquals(want, Files.readAllBytes(dir.resolve("v")));
    }

    @Test
    void devNullAsDestinationIsWrittenInOrder() throws Exception {
        Files.write(dir.resolve("src"), random(9 << 20, 3));
        Run r = bvq("copy", "src", "/dev/null");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("copied 9437184 bytes to /dev/null"), r.out());
    }

    @Test
    void sigintDuringA2GiBCopyLeavesTheOldFileAndNoTemporary() throws Exception {
        Path src = dir.resolve("big");
        try (FileChannel ch = FileChannel.open(src, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(8 << 20);
            chunk.put(random(8 << 20, 4)).flip();
            for (long off = 0; off < (2L << 30); off += chunk.capacity()) {
                ch.write(chunk.duplicate(), off); // every block written: no holes for the copy to skip
            }
        }
        byte[] old = random(1 << 20, 5);
        Path dst = dir.resolve("dst");
        Files.write(dst, old);
        Process p = new ProcessBuilder(command("copy", src.toString(), dst.toString())).directory(dir.toFile()).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaries(dir).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the copy ended before it could be interrupted");
        Thread.sleep(150); // the temporary exists and blocks are in flight: mid-copy
        sh("kill", "-INT", Long.toString(p.pid()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String e = new String(err.get(), StandardCharsets.UTF_8);
        assertEquals(130, p.exitValue(), e);
        assertTrue(e.contains("interrupted by SIGINT") && e.contains("left as it was"), e);
        assertArrayEquals(old, Files.readAllBytes(dst), "the old destination is intact");
        assertEquals(List.of(), temporaries(dir), "no temporary left behind");
    }

    @Test
    void sigtermWhileReadingAStalledPipeLeavesTheOldFileAndNoTemporary() throws Exception {
        byte[] old = random(1 << 20, 6);
        Path dst = dir.resolve("dst");
        Files.write(dst, old);
        Process p = new ProcessBuilder(command("copy", "-", "dst")).directory(dir.toFile()).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        OutputStream in = p.getOutputStream();
        in.write(random(20 << 20, 7)); // five blocks arrive, then the writer stalls with the pipe open
        in.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaries(dir).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(300);
        sh("kill", "-TERM", Long.toString(p.pid()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        in.close();
        String e = new String(err.get(), StandardCharsets.UTF_8);
        assertEquals(143, p.exitValue(), e);
        assertTrue(e.contains("interrupted by SIGTERM") && e.contains("dst left as it was"), e);
        assertArrayEquals(old, Files.readAllBytes(dst));
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void enospcOnASmallTmpfsLeavesTheOldDestinationAndFreesTheSpace() throws Exception {
        Path mnt = dir.resolve("mnt");
        mountTmpfsOrSkip(mnt, "size=16m");
        try {
            byte[] old = random(4 << 20, 8);
            Path dst = mnt.resolve("dst");
            Files.write(dst, old);
            long freeBefore = Files.getFileStore(mnt).getUsableSpace();
            Files.write(dir.resolve("src"), random(20 << 20, 9));
            Run r = bvq("copy", "src", dst.toString());
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().startsWith("bvq copy: cannot write " + dst + ": No space left on device (ENOSPC)")
                    && r.err().contains("left as it was") && r.err().lines().count() == 1, r.err());
            assertArrayEquals(old, Files.readAllBytes(dst), "the old destination is intact");
            assertEquals(List.of(), temporaries(mnt));
            assertEquals(freeBefore, Files.getFileStore(mnt).getUsableSpace(), "the space is freed");
        } finally {
            sh("umount", mnt.toString());
        }
    }

    @Test
    void aSparse1GiBFileWith2MiBOfDataKeepsAboutThatAllocation() throws Exception {
        Path src = dir.resolve("sparse");
        try (FileChannel ch = FileChannel.open(src, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(random(1 << 20, 10)), 100L << 20);
            ch.write(ByteBuffer.wrap(random(1 << 20, 11)), 700L << 20);
            ch.truncate(1L << 30);
            ch.write(ByteBuffer.allocate(1), (1L << 30) - 1); // size exactly 1 GiB, last byte a zero
        }
        Run r = bvq("copy", "sparse", "copy", "--json");
        assertEquals(0, r.status(), r.err());
        Path dst = dir.resolve("copy");
        assertEquals(1L << 30, Files.size(dst));
        long kib = allocatedKiB(dst);
        assertTrue(kib >= 2048 && kib <= 2048 + 256, "allocated " + kib + " KiB for 2 MiB of data");
        assertEquals(crc(src), crc(dst));
    }

    private static long allocatedKiB(Path p) throws Exception {
        Process s = new ProcessBuilder("du", "-k", p.toString()).start();
        String out = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        s.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static long crc(Path p) throws IOException {
        CRC32C c = new CRC32C();
        ByteBuffer b = ByteBuffer.allocateDirect(4 << 20);
        try (FileChannel ch = FileChannel.open(p)) {
            while (ch.read(b.clear()) > 0) {
                c.update(b.flip());
            }
        }
        return c.getValue();
    }

    @Test
    void mode750IsKept() throws Exception {
        Path src = dir.resolve("script");
        Files.write(src, random(10_000, 12));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-x---"));
        assertEquals(0, bvq("copy", "script", "copy").status());
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("copy"))));
        Files.write(dir.resolve("old"), new byte[1]);
        Files.setPosixFilePermissions(dir.resolve("old"), PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, bvq("copy", "script", "old").status());
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("old"))),
                "a replaced destination gets the source's mode too");
    }

    @Test
    void noClobberRefusesAnExistingDestination() throws Exception {
        Files.write(dir.resolve("src"), random(1000, 13));
        Files.write(dir.resolve("dst"), new byte[] {1, 2, 3});
        Run r = bvq("copy", "-n", "src", "dst");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("not overwriting dst"), r.err());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("dst")));
        assertEquals(0, bvq("copy", "--no-clobber", "src", "new").status());
        assertArrayEquals(Files.readAllBytes(dir.resolve("src")), Files.readAllBytes(dir.resolve("new")));
    }

    @Test
    void aDirectoryDestinationGetsTheSourcesName() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        Files.write(dir.resolve("src"), random(5000, 14));
        assertEquals(0, bvq("copy", "src", "d").status());
        assertArrayEquals(Files.readAllBytes(dir.resolve("src")), Files.readAllBytes(dir.resolve("d/src")));
    }

    @Test
    void errorsAreOneLineInTheUsersWordsAndJsonToo() throws Exception {
        Run r = bvq("copy", "/nonexistent/x", "y");
        assertEquals(1, r.status());
        assertEquals("bvq copy: cannot open /nonexistent/x: No such file or directory (ENOENT)\n", r.err());
        r = bvq("copy", "/nonexistent/x", "y", "--json");
        assertEquals(1, r.status());
        Map<?, ?> j = (Map<?, ?>) Json.parse(r.out());
        assertEquals("ENOENT", j.get("errno"));
        assertEquals(1, j.get("exitCode"));
        Run u = bvq("copy", "--frobnicate", "a", "b", "--json");
        assertEquals(2, u.status());
        assertEquals(2, ((Map<?, ?>) Json.parse(u.out())).get("exitCode"));
        assertFalse(u.err().contains("Exception"), u.err());
        Files.write(dir.resolve("src"), new byte[10]);
        Run d = bvq("copy", "src", "/nonexistent-dir/dst");
        assertEquals(1, d.status());
        assertTrue(d.err().contains("No such file or directory (ENOENT)") && !d.err().contains("java."), d.err());
    }

    @Test
    void infoOnAReadOnlyTmpfsExitsZeroAndSaysWhatItCannotKnow() throws Exception {
        Path mnt = dir.resolve("ro");
        mountTmpfsOrSkip(mnt, "ro,size=1m");
        try {
            Run r = bvq("info", mnt.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("read-only") && r.out().contains("unknown:"), r.out());
            Run j = bvq("info", mnt.toString(), "--json");
            assertEquals(0, j.status(), j.err());
            Map<?, ?> m = (Map<?, ?>) Json.parse(j.out());
            assertEquals(Boolean.TRUE, m.get("readOnly"));
            assertTrue(m.containsKey("dioOffsetAlign") && m.get("dioOffsetAlign") == null, j.out());
            assertTrue(((Map<?, ?>) m.get("unknown")).containsKey("directIo"), j.out());
        } finally {
            sh("umount", mnt.toString());
        }
    }

    @Test
    void infoOnProcAndSysExitsZeroWithoutWriting() throws Exception {
        for (String p : new String[] {"/proc", "/proc/version", "/sys/kernel", "/dev/null"}) {
            Run r = bvq("info", p, "--json");
            assertEquals(0, r.status(), p + ": " + r.err());
            assertTrue(((Map<?, ?>) Json.parse(r.out())).get("unknown") instanceof Map<?, ?> u && !u.isEmpty(), r.out());
        }
    }

    @Test
    void helpVersionAndUsageErrors() throws Exception {
        Run v = bvq("--version");
        assertEquals(0, v.status());
        assertTrue(v.out().startsWith("bvq "), v.out());
        Run h = bvq("help", "copy");
        assertEquals(0, h.status());
        assertTrue(h.out().contains("--no-clobber") && h.out().contains("--in-place"), h.out());
        assertEquals(h.out(), bvq("copy", "--help").out());
        assertEquals(2, bvq().status());
        assertEquals(2, bvq("frobnicate").status());
        Run s = bvq("copy", "a", "b", "--block-size", "1M", "--in-flight", "65");
        assertEquals(2, s.status());
        assertTrue(s.err().startsWith("bvq copy: --in-flight: 65 (expected: 1 <= n <= 64)"), s.err());
    }
}
