package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void optionsAreParsed() throws Exception {
        BenchCommand.Options o = BenchCommand.parse(new String[] {"--quick", "--json", "r.json", "--html", "r.html"});
        assertTrue(o.quick());
        assertEquals(Path.of("r.json"), o.json());
        assertEquals(Path.of("r.html"), o.html());
        assertEquals(List.of(BenchCommand.DEFAULT_INCLUDE), o.includes());
        o = BenchCommand.parse(new String[] {"--include", "CopyOut", "--include", "CopyIn"});
        assertEquals(List.of("CopyOut", "CopyIn"), o.includes());
        assertEquals(false, o.quick());
        assertNull(o.json());
    }

    @Test
    void badOptionsAreUsageErrors() {
        ParameterException e = assertThrows(ParameterException.class, () -> BenchCommand.parse(new String[] {"--fast"}));
        assertTrue(e.getMessage().contains("Unknown option: '--fast'"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> BenchCommand.parse(new String[] {"--json"}));
        assertTrue(e.getMessage().contains("Missing required parameter for option '--json'"), e.getMessage());
    }

    @Test
    void quickRunsOneShortForkAndWritesJmhJson() throws Exception {
        BenchCommand.Options o = BenchCommand.parse(new String[] {"--quick"});
        List<String> cmd = BenchCommand.command(Path.of("b.jar"), o, null, Path.of("out.json"));
        assertTrue(cmd.get(0).endsWith("java"), cmd.toString());
        int jar = cmd.indexOf("-jar");
        assertEquals("b.jar", cmd.get(jar + 1));
        assertEquals(BenchCommand.DEFAULT_INCLUDE, cmd.get(jar + 2));
        assertEquals(List.of("-e", BenchCommand.EXCLUDE), cmd.subList(jar + 3, jar + 5));
        assertEquals(BenchCommand.QUICK_OPTIONS, cmd.subList(jar + 5, jar + 5 + BenchCommand.QUICK_OPTIONS.size()));
        assertTrue(java.util.regex.Pattern.compile(BenchCommand.EXCLUDE).matcher("io.bvecq.bench.CopyOutBench.bvecqReused").find());
        assertTrue(!java.util.regex.Pattern.compile(BenchCommand.EXCLUDE).matcher("io.bvecq.bench.CopyOutBench.bvecq").find());
        assertTrue(java.util.regex.Pattern.compile(BenchCommand.EXCLUDE).matcher("io.bvecq.bench.LoopShapeBench.segarray").find());
        assertTrue(java.util.regex.Pattern.compile(BenchCommand.EXCLUDE).matcher("io.bvecq.bench.TypedLoopBench.segmentLong").find());
        assertEquals(List.of("-rf", "json", "-rff", "out.json"), cmd.subList(cmd.size() - 4, cmd.size()));
        List<String> full = BenchCommand.command(Path.of("b.jar"), BenchCommand.parse(new String[0]), null, Path.of("o"));
        assertTrue(!full.contains("-wi"), "a full run keeps the benchmarks' own settings: " + full);
    }

    @Test
    void benchJarIsFoundUnderTheRootOrAboveTheCliJar() throws Exception {
        assertEquals(Path.of("/r/bench/target/benchmarks.jar"), BenchCommand.findBenchJar("/r", Path.of("/elsewhere")));
        Path jar = tmp.resolve("bench/target/benchmarks.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "x");
        Path cliJar = tmp.resolve("cli/target/bvecq-cli.jar");
        assertEquals(jar, BenchCommand.findBenchJar(null, cliJar));
        assertEquals(jar, BenchCommand.findBenchJar(null, tmp.resolve("cli/target/classes")));
    }

    @Test
    void progressShowsEachBenchmarkWithItsParameters() {
        BenchCommand.Progress p = new BenchCommand.Progress();
        assertNull(p.accept("# Benchmark mode: Throughput, ops/time"));
        assertNull(p.accept("# Benchmark: io.bvecq.bench.CopyOutBench.bvecq"));
        assertNull(p.accept("# Parameters: (slotSize = 64)"));
        assertEquals("bvq bench: [12.50% ETA 00:03:21] CopyOutBench.bvecq slotSize=64",
                p.accept("# Run progress: 12.50% complete, ETA 00:03:21"));
        assertNull(p.accept("Iteration   1: 123.4 ops/s"));
        assertTrue(p.accept("java.lang.IllegalStateException: copyOut bvecq: byte 3").contains("IllegalStateException"));
        assertEquals(0, p.failures());
        assertEquals("bvq bench: FAILED CopyOutBench.bvecq slotSize=64", p.accept("<failure>"));
        assertEquals(1, p.failures());
    }

    @Test
    void fromAnExistingResultPrintsTheTableAndWritesBothFiles() throws Exception {
        Path in = tmp.resolve("jmh.json");
        Files.writeString(in, BenchReportTest.canned());
        Path json = tmp.resolve("report.json");
        Path html = tmp.resolve("report.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"bench", "--from", in.toString(), "--json", json.toString(), "--html", html.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("copyOut/4096"), table);
        assertTrue(table.contains("2.00x"), table);
        Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(json));
        assertEquals(14, ((List<?>) report.get("results")).size());
        assertTrue(Files.readString(html).contains("<svg "));
    }

    @Test
    void missingBenchJarIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"bench", "--jar", tmp.resolve("none.jar").toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("benchmarks jar not found"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ioRunsTheUringBenchmarksWithTheDirectory() {
        BenchCommand.Options o = BenchCommand.parse(new String[] {"--io", "--quick", "--dir", "/data"});
        assertTrue(o.io());
        assertEquals(Path.of("/data"), o.dir());
        List<String> cmd = BenchCommand.command(Path.of("b.jar"), o, null, Path.of("out.json"));
        int jar = cmd.indexOf("-jar");
        assertEquals(List.of(IoBench.JMH_INCLUDE, "-jvmArgsAppend", "--enable-native-access=ALL-UNNAMED -Dbvecq.bench.dir=/data"),
                cmd.subList(jar + 2, jar + 5));
        List<String> shared = BenchCommand.command(Path.of("b.jar"), o, Path.of("/data/f.dat"), Path.of("out.json"));
        assertTrue(shared.contains("--enable-native-access=ALL-UNNAMED -Dbvecq.bench.dir=/data -Dbvecq.bench.file=/data/f.dat"),
                "the benchmarks are told fio's file: " + shared);
        assertTrue(!cmd.contains("-e"), "--io keeps bvecqThreads: " + cmd);
        assertTrue(cmd.containsAll(BenchCommand.QUICK_OPTIONS), cmd.toString());
        java.util.regex.Pattern include = java.util.regex.Pattern.compile(IoBench.JMH_INCLUDE);
        assertTrue(include.matcher("io.bvecq.bench.UringReadBench.bvecqThreads").find());
        assertTrue(include.matcher("io.bvecq.bench.UringWriteBench.filechannel").find());
        assertTrue(!include.matcher("io.bvecq.bench.CopyOutBench.bvecq").find());
        assertEquals(Path.of("/tmp"), BenchCommand.parse(new String[] {"--io"}).dir());
        java.util.regex.Pattern exclude = java.util.regex.Pattern.compile(BenchCommand.EXCLUDE);
        assertTrue(exclude.matcher("io.bvecq.bench.UringReadBench.bvecq").find(), "the plain run leaves the I/O benchmarks out");
    }

    @Test
    void ioWithAMissingDirectoryIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"bench", "--io", "--dir", tmp.resolve("nowhere").toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a directory"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ioFromAnExistingJmhResultRendersTheIoGroups() throws Exception {
        Path in = tmp.resolve("jmh.json");
        try (java.io.InputStream r = BenchCommandTest.class.getResourceAsStream("/jmh-io-canned.json")) {
            Files.write(in, r.readAllBytes());
        }
        Path json = tmp.resolve("io.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"bench", "--io", "--from", in.toString(), "--json", json.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("randread4k/qd32") && table.contains("IOPS") && table.contains("MB/s"), table);
        assertTrue(!table.contains("copyOut"), table);
        assertEquals(12, ((List<?>) ((Map<?, ?>) Json.parse(Files.readString(json))).get("results")).size());
    }
}
