package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IoBenchTest {
    private static final IoBench.Workload QD1 = IoBench.WORKLOADS.get(0);
    private static final IoBench.Workload QD8 = IoBench.WORKLOADS.get(1);
    private static final IoBench.Workload QD32 = IoBench.WORKLOADS.get(2);
    private static final IoBench.Workload WRITE = IoBench.WORKLOADS.get(3);

    private static String resource(String name) throws IOException {
        try (InputStream in = IoBenchTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void workloadsAreTheIssuesFourGroups() {
        assertEquals(List.of("randread4k/qd1", "randread4k/qd8", "randread4k/qd32", "seqwrite1m"),
                IoBench.WORKLOADS.stream().map(IoBench.Workload::group).toList());
        assertEquals(List.of(1, 8, 32, 1), IoBench.WORKLOADS.stream().map(IoBench.Workload::qd).toList());
        assertTrue(QD32.read());
        assertFalse(WRITE.read());
    }

    @Test
    void uringCommandQueuesAtTheDepth() {
        List<String> cmd = IoBench.fioCommand("fio", QD32, "io_uring", Path.of("/tmp/f.dat"), 5);
        assertEquals(List.of("fio", "--name=randread4k-qd32", "--filename=/tmp/f.dat", "--size=64M", "--rw=randread",
                "--bs=4k", "--direct=1", "--ioengine=io_uring", "--runtime=5", "--time_based", "--randrepeat=0",
                "--output-format=json", "--iodepth=32"), cmd);
    }

    @Test
    void psyncCommandRunsOneJobPerQueueSlot() {
        List<String> cmd = IoBench.fioCommand("/usr/bin/fio", QD8, "psync", Path.of("/d/f"), 1);
        assertTrue(cmd.contains("--ioengine=psync"), cmd.toString());
        assertTrue(cmd.contains("--numjobs=8") && cmd.contains("--group_reporting"), cmd.toString());
        assertTrue(cmd.stream().noneMatch(a -> a.startsWith("--iodepth")), cmd.toString());
        List<String> one = IoBench.fioCommand("fio", QD1, "psync", Path.of("/d/f"), 1);
        assertTrue(one.contains("--iodepth=1") && one.stream().noneMatch(a -> a.startsWith("--numjobs")), one.toString());
        List<String> write = IoBench.fioCommand("fio", WRITE, "io_uring", Path.of("/d/f"), 1);
        assertTrue(write.contains("--rw=write") && write.contains("--bs=1M") && write.contains("--name=seqwrite1m"),
                write.toString());
    }

    @Test
    void badEngineOrRunTimeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IoBench.fioCommand("fio", QD1, "libaio", Path.of("f"), 1));
        assertTrue(e.getMessage().contains("'libaio'") && e.getMessage().contains("io_uring or psync"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IoBench.fioCommand("fio", QD1, "psync", Path.of("f"), 0));
        assertTrue(e.getMessage().contains("0 s"), e.getMessage());
    }

    @Test
    void readsIopsAndWriteBandwidthFromFiosJson() throws IOException {
        assertEquals(86038.961039, IoBench.parseFio(resource("fio-randread-qd8.json"), QD8), 1e-6);
        assertEquals(1085.239496, IoBench.parseFio(resource("fio-seqwrite.json"), WRITE), 1e-6);
        String warned = "fio: io_uring: some warning\n" + resource("fio-randread-qd8.json");
        assertEquals(86038.961039, IoBench.parseFio(warned, QD8), 1e-6);
    }

    @Test
    void badFioOutputIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> IoBench.parseFio("fio: command not found", QD1));
        assertThrows(IllegalArgumentException.class, () -> IoBench.parseFio("{\"jobs\": []}", QD1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IoBench.parseFio("{\"jobs\": [{\"error\": 22, \"read\": {\"iops\": 5}}]}", QD1));
        assertTrue(e.getMessage().contains("error 22"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> IoBench.parseFio("{\"jobs\": [{\"error\": 0, \"read\": {\"iops\": 5}}]}", WRITE));
        assertTrue(e.getMessage().contains("'write'"), e.getMessage());
    }

    @Test
    void aScoreIsTheBestRoundAndItsErrorHalfTheRange() {
        BenchReport.Result r = IoBench.best("randread4k/qd32", "fio-uring", "IOPS", List.of(100.0, 140.0, 120.0));
        assertEquals(new BenchReport.Result("randread4k/qd32", "fio-uring", 140.0, "IOPS", true, 20.0), r);
        BenchReport.Result w = IoBench.best("seqwrite1m", "fio-psync", "MB/s", List.of(900.0));
        assertEquals("MB/s", w.unit());
        assertTrue(Double.isNaN(w.error()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IoBench.best("randread4k/qd1", "fio-uring", "IOPS", List.of()));
        assertTrue(e.getMessage().contains("randread4k/qd1 fio-uring"), e.getMessage());
    }

    @Test
    void everyImplIsScoredByItsBestRoundJmhAndFioAlike() throws IOException {
        IoBench.Rounds rounds = new IoBench.Rounds();
        BenchReport jmh = BenchReport.fromJmh(resource("jmh-io-canned.json"), "cpu");
        double[] fioQd32 = {90_000, 110_000, 100_000};
        for (int round = 0; round < 3; round++) {
            double f = 1 + 0.1 * round; // the JMH scores rise round by round: the last round is the best
            for (BenchReport.Result r : IoBench.fromJmh(jmh)) {
                rounds.add(new BenchReport.Result(r.group(), r.impl(), r.score() * f, r.unit(), true, r.error()));
            }
            rounds.add(new BenchReport.Result("randread4k/qd32", "fio-uring", fioQd32[round], "IOPS", true, Double.NaN));
        }
        BenchReport r = IoBench.ordered("jdk", "cpu", rounds.best());
        BenchReport.Result bvecq = r.results.stream()
                .filter(x -> x.group().equals("randread4k/qd8") && x.impl().equals("bvecq")).findFirst().orElseThrow();
        assertEquals(40000.0 * 1.2, bvecq.score(), 1e-6);
        assertEquals(40000.0 * 0.1, bvecq.error(), 1e-6, "half the range of 40,000, 44,000 and 48,000");
        BenchReport.Result fio = r.results.stream()
                .filter(x -> x.group().equals("randread4k/qd32") && x.impl().equals("fio-uring")).findFirst().orElseThrow();
        assertEquals(new BenchReport.Result("randread4k/qd32", "fio-uring", 110_000.0, "IOPS", true, 10_000.0), fio);
        assertEquals(13, r.results.size(), r.results.toString());
        assertEquals("bvecq", r.byGroup().get("randread4k/qd32").get(0).impl());
    }

    @Test
    void theSharedFileIsLaidOutWholeAndNeverOverAnExistingFile(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path mine = dir.resolve("mine.dat");
        Files.write(mine, new byte[] {1, 2, 3});
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> IoBench.layOut(mine));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(mine), "an existing file is left as it was");
        Path f = dir.resolve("f.dat");
        IoBench.layOut(f);
        assertEquals(IoBench.FILE_BYTES, Files.size(f));
        byte[] head = new byte[4096];
        try (java.io.InputStream in = Files.newInputStream(f)) {
            assertEquals(4096, in.readNBytes(head, 0, 4096));
        }
        assertTrue(java.util.stream.IntStream.range(0, 4096).filter(i -> head[i] != 0).count() > 4000, "random bytes, not zeros");
    }

    @Test
    void jmhScoresBecomeIopsAndMegabytesPerSecond() throws IOException {
        BenchReport jmh = BenchReport.fromJmh(resource("jmh-io-canned.json"), "cpu");
        List<BenchReport.Result> io = IoBench.fromJmh(jmh);
        assertEquals(12, io.size(), io.toString());
        assertTrue(io.contains(new BenchReport.Result("randread4k/qd8", "bvecq", 40000.0, "IOPS", true, 4000.0)), io.toString());
        assertTrue(io.contains(new BenchReport.Result("randread4k/qd32", "filechannel", 32000.0, "IOPS", true, 3200.0)),
                io.toString());
        BenchReport.Result w = io.stream().filter(r -> r.group().equals("seqwrite1m") && r.impl().equals("bvecq"))
                .findFirst().orElseThrow();
        assertEquals(1048.576, w.score(), 1e-9);
        assertEquals(52.4288, w.error(), 1e-9);
        assertEquals("MB/s", w.unit());
        assertTrue(io.stream().noneMatch(r -> r.group().startsWith("copyOut")), "other benchmarks are dropped");
    }

    @Test
    void mergedReportHasTheGroupsAndImplsInOrder() throws IOException {
        BenchReport jmh = BenchReport.fromJmh(resource("jmh-io-canned.json"), "cpu");
        List<BenchReport.Result> fio = new ArrayList<>();
        for (IoBench.Workload w : IoBench.WORKLOADS) {
            fio.add(IoBench.best(w.group(), "fio-psync", w.read() ? "IOPS" : "MB/s", List.of(w.read() ? 1000.0 : 500.0, w.read() ? 1100.0 : 600.0)));
            fio.add(IoBench.best(w.group(), "fio-uring", w.read() ? "IOPS" : "MB/s", List.of(w.read() ? 2000.0 * w.qd() : 1000.0)));
        }
        BenchReport r = IoBench.merge(jmh, fio, "test cpu");
        assertEquals("test cpu", r.cpu);
        assertTrue(r.jdk.startsWith("25.0.3"), r.jdk);
        Map<String, List<BenchReport.Result>> groups = r.byGroup();
        assertEquals(List.of("randread4k/qd1", "randread4k/qd8", "randread4k/qd32", "seqwrite1m"), List.copyOf(groups.keySet()));
        for (List<BenchReport.Result> g : groups.values()) {
            assertEquals(IoBench.IMPLS, g.stream().map(BenchReport.Result::impl).toList());
        }
        String table = r.table();
        assertTrue(table.contains("randread4k/qd32"), table);
        assertTrue(table.contains("fio-uring"), table);
        // qd32: bvecq 64,000 IOPS against fio-uring's 64,000
        assertTrue(table.lines().anyMatch(l -> l.contains("fio-uring") && l.contains("64,000.0") && l.contains("1.00x")), table);
        String json = r.toJson();
        assertTrue(json.contains("\"group\" : \"seqwrite1m\"") || json.contains("\"group\":\"seqwrite1m\""), json);
        assertTrue(BenchHtml.render(r).contains("seqwrite1m"));
    }
}
