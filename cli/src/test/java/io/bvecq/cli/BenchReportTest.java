package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    static String canned() throws IOException {
        try (InputStream in = BenchReportTest.class.getResourceAsStream("/jmh-canned.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static BenchReport report() throws IOException {
        return BenchReport.fromJmh(canned(), "Test CPU x2");
    }

    private static BenchReport.Result find(BenchReport r, String group, String impl) {
        return r.results.stream().filter(x -> x.group().equals(group) && x.impl().equals(impl)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + group + " " + impl + " in " + r.results));
    }

    @Test
    void benchmarkNamesBecomeGroupsAndImplementations() {
        assertEquals(List.of("copyOut/64", "bvecq"),
                List.of(BenchReport.groupAndImpl("io.bvecq.bench.CopyOutBench.bvecq", Map.of("slotSize", "64"))));
        assertEquals(List.of("pool/2", "netty"), List.of(BenchReport.groupAndImpl("io.bvecq.bench.PoolBench.netty2", Map.of())));
        assertEquals(List.of("roundTrip/65536", "segarray"),
                List.of(BenchReport.groupAndImpl("io.bvecq.bench.RoundTripBench.segarray", Map.of("slotSize", "65536"))));
        assertEquals(List.of("extract", "bvecq"), List.of(BenchReport.groupAndImpl("x.ExtractBench.bvecq", Map.of())));
    }

    @Test
    void groupsAreOrderedByOperationThenSizeAndBvecqComesFirst() throws IOException {
        BenchReport r = report();
        assertEquals(List.of("copyOut/64", "copyOut/4096", "roundTrip/64", "pool/1", "pool/2", "latency/64"),
                List.copyOf(r.byGroup().keySet()));
        assertEquals(List.of("bvecq", "memcpy", "netty", "okio"),
                r.byGroup().get("copyOut/64").stream().map(BenchReport.Result::impl).toList());
        assertEquals(14, r.results.size());
        assertTrue(r.jdk.startsWith("25.0.3 (OpenJDK 64-Bit Server VM"), r.jdk);
    }

    @Test
    void scoreErrorIsReadAndWrittenAndUnknownStaysUnknown() throws IOException {
        BenchReport r = report();
        assertEquals(300.0, find(r, "copyOut/64", "bvecq").error(), 0);
        assertTrue(Double.isNaN(find(r, "copyOut/64", "netty").error()), "JMH's \"NaN\" string is an unknown error");
        String json = r.toJson();
        assertTrue(Pattern.compile("\"impl\" ?: ?\"bvecq\",[^}]*\"score\" ?: ?3000\\.0,[^}]*\"error\" ?: ?300\\.0").matcher(json).find(), json);
        assertTrue(Pattern.compile("\"impl\" ?: ?\"netty\",[^}]*\"error\" ?: ?null").matcher(json).find(), json);
    }

    @Test
    void ratioIsAboveOneWhenBvecqWinsForThroughputAndForTime() throws IOException {
        BenchReport r = report();
        assertEquals(2.0, BenchReport.ratio(find(r, "copyOut/64", "bvecq"), find(r, "copyOut/64", "netty")), 1e-9);
        assertEquals(0.3, BenchReport.ratio(find(r, "copyOut/64", "bvecq"), find(r, "copyOut/64", "memcpy")), 1e-9);
        // avgt: 2 us/op against 3 us/op is a win by 1.5
        assertFalse(find(r, "latency/64", "bvecq").higherIsBetter());
        assertEquals(1.5, BenchReport.ratio(find(r, "latency/64", "bvecq"), find(r, "latency/64", "netty")), 1e-9);
        assertTrue(Double.isNaN(BenchReport.ratio(find(r, "latency/64", "bvecq"), find(r, "copyOut/64", "netty"))),
                "different units have no ratio");
    }

    @Test
    void tableShowsBvecqBesideEachPeerWithRatio() throws IOException {
        String t = report().table();
        assertTrue(Pattern.compile("(?m)^copyOut/64\\s+3,000\\.0\\s+memcpy\\s+10,000\\.0\\s+0\\.30x\\s+ops/s$").matcher(t).find(), t);
        assertTrue(Pattern.compile("(?m)^\\s+netty\\s+1,500\\.0\\s+2\\.00x\\s+ops/s$").matcher(t).find(), t);
        assertTrue(Pattern.compile("(?m)^\\s+okio\\s+9,000\\.0\\s+0\\.33x\\s+ops/s$").matcher(t).find(), t);
        assertTrue(Pattern.compile("(?m)^copyOut/4096\\s+9,500\\.0\\s+memcpy\\s+10,000\\.0\\s+0\\.95x").matcher(t).find(), t);
        assertTrue(Pattern.compile("(?m)^roundTrip/64\\s+1,800\\.0\\s+okio\\s+2,000\\.0\\s+0\\.90x").matcher(t).find(), t);
        assertTrue(Pattern.compile("(?m)^pool/2\\s+10,000,000\\.0\\s+-\\s+-\\s+-\\s+ops/s$").matcher(t).find(), t);
        assertTrue(Pattern.compile("(?m)^latency/64\\s+2\\.000\\s+netty\\s+3\\.000\\s+1\\.50x\\s+us/op$").matcher(t).find(), t);
        assertEquals(1 + 3 + 2 + 1 + 1 + 1 + 1, t.lines().count(), t); // header + one line per peer (or per lone group)
    }

    @Test
    void jsonHasOneEntryPerGroupAndImplementation() throws IOException {
        BenchReport r = report();
        Map<?, ?> root = (Map<?, ?>) Json.parse(r.toJson());
        assertEquals(List.of("jdk", "cpu", "results"), List.copyOf(root.keySet()));
        assertEquals("Test CPU x2", root.get("cpu"));
        assertEquals(r.jdk, root.get("jdk"));
        List<?> results = (List<?>) root.get("results");
        assertEquals(14, results.size());
        Map<?, ?> first = (Map<?, ?>) results.get(0);
        assertEquals(Map.of("group", "copyOut/64", "impl", "bvecq", "score", 3000.0, "unit", "ops/s", "higherIsBetter", true,
                "error", 300.0), first);
        Map<?, ?> last = (Map<?, ?>) results.get(13);
        assertEquals("latency/64", last.get("group"));
        assertEquals("netty", last.get("impl"));
        assertEquals(Boolean.FALSE, last.get("higherIsBetter"));
        long distinct = results.stream().map(o -> ((Map<?, ?>) o).get("group") + " " + ((Map<?, ?>) o).get("impl")).distinct().count();
        assertEquals(14, distinct);
    }

    @Test
    void malformedResultsAreRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchReport.fromJmh("{}", "cpu"));
        assertTrue(e.getMessage().contains("expected a JSON array"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BenchReport.fromJmh("[{\"benchmark\":\"a.B.c\",\"mode\":\"thrpt\",\"primaryMetric\":{}}]", "cpu"));
        assertTrue(e.getMessage().contains("a.B.c has no primaryMetric.score"), e.getMessage());
    }
}
