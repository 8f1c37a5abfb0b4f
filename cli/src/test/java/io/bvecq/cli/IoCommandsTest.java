package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code bvq info} and {@code bvq copy} on a temp directory of this machine's ext4. */
class IoCommandsTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "bvq-cli-test");
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private record Run(int status, String out, String err) {
    }

    private static Run bvq(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*(\\{[^}]*\\}|\"[^\"]*\"|[^,}]+)").matcher(json);
        assertTrue(m.find(), "no field " + name + " in " + json);
        return m.group(1);
    }

    @Test
    void infoJsonNamesAlignmentsStableWritesDontcacheAndBothWritePaths() throws IOException {
        Files.write(dir.resolve("a-file"), new byte[4096]); // direct I/O alignments are asked of a file in the directory
        Run r = bvq("info", dir.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        String j = r.out().trim();
        assertEquals("\"" + dir.toAbsolutePath() + "\"", field(j, "path"));
        assertTrue(Integer.parseInt(field(j, "dioMemAlign")) > 0, j);
        assertTrue(Integer.parseInt(field(j, "dioOffsetAlign")) >= 512, j);
        assertEquals("false", field(j, "stableWrites"));
        assertEquals("true", field(j, "dontcache"));
        assertEquals("\"direct\"", field(field(j, "alignedWrite"), "strategy"));
        assertEquals("\"buffered\"", field(field(j, "unalignedWrite"), "strategy"));
        assertEquals("\"UNALIGNED_OFFSET\"", field(field(j, "unalignedWrite"), "reasonCode"));
        assertTrue(field(field(j, "unalignedWrite"), "reason").length() > 10, "the reason is explained");
        assertEquals("\"bounce\"", field(field(j, "unalignedMemoryWrite"), "strategy"));
        assertEquals("{}", field(j, "unknown"), "everything was found out");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no probe file was created");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void infoOnARegularFileDescribesItsFileSystem() throws IOException {
        Path f = dir.resolve("file");
        Files.write(f, new byte[100]);
        Run r = bvq("info", f.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("file system:       ext4") && r.out().contains("aligned write:     direct"),
                r.out());
    }

    @Test
    void infoOnAMissingPathFailsWithEnoent() {
        Run r = bvq("info", dir.resolve("missing").toString());
        assertEquals(1, r.status());
        assertEquals("bvq info: cannot examine " + dir.resolve("missing") + ": No such file or directory (ENOENT)\n",
                r.err());
    }

    @Test
    void copyJsonVerifyReportsBytesStrategyAndChecksum() throws IOException {
        byte[] data = new byte[(3 << 20) + 12345]; // a partial last block
        new Random(7).nextBytes(data);
        Path src = dir.resolve("src");
        Path dst = dir.resolve("dst");
        Files.write(src, data);
        Run r = bvq("copy", src.toString(), dst.toString(), "--verify", "--json");
        assertEquals(0, r.status(), r.err());
        String j = r.out().trim();
        assertEquals(String.valueOf(data.length), field(j, "bytes"));
        assertTrue(Double.parseDouble(field(j, "seconds")) > 0, j);
        assertEquals("\"direct\"", field(j, "strategy"), "aligned pooled blocks go direct, the padded tail too");
        assertEquals("true", field(j, "verified"));
        assertEquals(field(j, "crc32c"), field(j, "destinationCrc32c"));
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(data);
        assertEquals("\"" + String.format("%08x", c.getValue()) + "\"", field(j, "crc32c"));
        assertArrayEquals(data, Files.readAllBytes(dst));
        assertTrue(r.err().isEmpty(), "no progress bar when output is not a terminal: " + r.err());
    }

    @Test
    void copyWithBufferedPolicyAndTextSummary() throws IOException {
        byte[] data = new byte[1 << 20];
        new Random(8).nextBytes(data);
        Path src = dir.resolve("src");
        Path dst = dir.resolve("dst");
        Files.write(src, data);
        Run r = bvq("copy", src.toString(), dst.toString(), "--policy", "buffered", "--verify");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("copied 1048576 bytes") && r.out().contains("strategy buffered")
                && r.out().contains("verified"), r.out());
        assertArrayEquals(data, Files.readAllBytes(dst));
    }

    @Test
    void copyRejectsAnUnknownPolicy() throws IOException {
        Files.write(dir.resolve("src"), new byte[10]);
        Run r = bvq("copy", dir.resolve("src").toString(), dir.resolve("dst").toString(), "--policy", "fast");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("'--policy': 'fast' (expected: auto|bounce|buffered|strict|trusted)"), r.err());
        assertTrue(Files.notExists(dir.resolve("dst")), "nothing created on bad usage");
    }

    @Test
    void copyRejectsBadInFlightAndBlockSize() throws IOException {
        Files.write(dir.resolve("src"), new byte[10]);
        Run r = bvq("copy", dir.resolve("src").toString(), dir.resolve("dst").toString(), "--in-flight", "0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--in-flight: 0 (expected: 1 <= n <= 64)"), r.err());
        Run b = bvq("copy", dir.resolve("src").toString(), dir.resolve("dst").toString(), "--block-size", "5000");
        assertEquals(2, b.status());
        assertTrue(b.err().contains("--block-size: 5000 (expected: a power of two, 4K <= size <= 64M)"), b.err());
    }

    @Test
    void copyWithOneBlockInFlightAndSmallBlocksIsByteExact() throws IOException {
        byte[] data = new byte[(1 << 20) + 4097];
        new Random(9).nextBytes(data);
        Files.write(dir.resolve("src"), data);
        Run r = bvq("copy", dir.resolve("src").toString(), dir.resolve("dst").toString(), "--in-flight", "1",
                "--block-size", "64K", "--verify", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals("true", field(r.out(), "verified"));
        assertEquals("1", field(r.out(), "inFlight"));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("dst")));
    }

    /** Whether io_uring sets up here (a kernel with it disabled runs the ring tests as skipped). */
    private boolean uringAvailable() throws IOException {
        Path probe = Files.write(dir.resolve("uring-probe"), new byte[1]);
        try (io.bvecq.uring.AsyncFile f = io.bvecq.uring.AsyncFile.open(probe)) {
            return f.engine() == io.bvecq.uring.AsyncFile.Engine.URING;
        } finally {
            Files.delete(probe);
        }
    }

    @Test
    void copyOnEachEngineIsByteExactKeepsHolesAndSaysWhichEngineRan() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(uringAvailable(), "io_uring is not available here");
        Path src = dir.resolve("src");
        byte[] head = new byte[(1 << 20) + 512]; // data, a hole, then a partial last block
        byte[] tail = new byte[70_001];
        new Random(10).nextBytes(head);
        new Random(11).nextBytes(tail);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(src,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(head), 0);
            ch.write(java.nio.ByteBuffer.wrap(tail), 8L << 20);
        }
        byte[] want = Files.readAllBytes(src);
        for (String engine : new String[] {"uring", "threads", "auto"}) {
            Path dst = dir.resolve("dst-" + engine);
            Run r = bvq("copy", src.toString(), dst.toString(), "--engine", engine, "--block-size", "256K",
                    "--in-flight", "4", "--verify", "--json");
            assertEquals(0, r.status(), engine + ": " + r.err());
            String j = r.out().trim();
            assertEquals("\"" + (engine.equals("threads") ? "threads" : "uring") + "\"", field(j, "engine"), j);
            assertTrue(field(j, "engineReason").length() > 2, "the reason is given: " + j);
            assertEquals("true", field(j, "verified"), engine);
            long data = Long.parseLong(field(j, "dataBytes"));
            assertTrue(data >= head.length + tail.length && data < want.length, "the hole is not copied: " + j);
            assertArrayEquals(want, Files.readAllBytes(dst), engine);
        }
        Run text = bvq("copy", src.toString(), dir.resolve("dst-text").toString(), "--engine", "uring");
        assertEquals(0, text.status(), text.err());
        assertTrue(text.out().contains("(engine uring)"), text.out());
    }

    @Test
    void copyOfAStreamSourceOnTheRingIsByteExact() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(uringAvailable(), "io_uring is not available here");
        Path dst = dir.resolve("version");
        Run r = bvq("copy", "/proc/self/mountinfo", dst.toString(), "--engine", "uring", "--block-size", "4K",
                "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals("\"uring\"", field(r.out(), "engine"));
        long bytes = Long.parseLong(field(r.out(), "bytes"));
        assertTrue(bytes > 0 && bytes == Files.size(dst), r.out());
    }

    @Test
    void copyRejectsAnUnknownEngine() throws IOException {
        Files.write(dir.resolve("src"), new byte[10]);
        Run r = bvq("copy", dir.resolve("src").toString(), dir.resolve("dst").toString(), "--engine", "fast");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--engine: fast (expected: one of auto, uring, threads)"), r.err());
        assertTrue(Files.notExists(dir.resolve("dst")), "nothing created on bad usage");
    }

    @Test
    void copyOfAMissingSourceNamesEnoent() {
        Run r = bvq("copy", dir.resolve("nope").toString(), dir.resolve("dst").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("ENOENT"), r.err());
    }
}
