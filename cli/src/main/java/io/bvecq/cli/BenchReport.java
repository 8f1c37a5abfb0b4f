package io.bvecq.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one benchmark run, grouped as {@code bvq bench} shows them: a group is one operation at
 * one size ({@code copyOut/4096}), and within it one result per implementation ({@code bvecq} and its
 * peers). Built from JMH's JSON result file; rendered as a text table ({@link #table()}) and as the
 * report JSON ({@link #toJson()}); {@link BenchHtml} draws it.
 *
 * <p>Names come from the benchmark classes of {@code io.bvecq.bench}: class {@code CopyOutBench} is the
 * operation {@code copyOut}, its method is the implementation, and the {@code slotSize} parameter is the
 * size (a {@code qd} parameter gives the size {@code qd<N>}, for the I/O benchmarks). A method name ending in digits ({@code bvecq2}) gives the implementation {@code bvecq} and, when
 * there is no {@code slotSize}, the size {@code 2} (threads, for the pool).
 */
final class BenchReport {
    /** Operations in the order they are shown; others follow in the order they appear. */
    static final List<String> OPERATIONS = List.of("copyOut", "copyIn", "roundTrip", "advance", "advanceRevert",
            "slice", "extract", "bounceCrc", "pool", "rolling");
    /** Implementations in the order they are shown after bvecq; others follow in the order they appear. */
    static final List<String> PEERS = List.of("memcpy", "netty", "nettyUnsafe", "okio", "nio", "segarray");
    /** The implementation every other is compared with. */
    static final String SUBJECT = "bvecq";

    /**
     * One score.
     *
     * @param group operation/size, e.g. {@code copyOut/4096}
     * @param impl the implementation, e.g. {@code netty}
     * @param score the JMH primary score
     * @param unit its unit, e.g. {@code ops/s}
     * @param higherIsBetter true for throughput, false for time per operation
     * @param error the half-width of the score's confidence interval as JMH reports it ({@code scoreError},
     *     99.9%), or of the spread of repeated runs for an external tool; {@code NaN} when unknown (one
     *     iteration)
     */
    record Result(String group, String impl, double score, String unit, boolean higherIsBetter, double error) {
        /**
         * A score whose error is unknown.
         *
         * @param group operation/size
         * @param impl the implementation
         * @param score the score
         * @param unit its unit
         * @param higherIsBetter true for throughput
         */
        Result(String group, String impl, double score, String unit, boolean higherIsBetter) {
            this(group, impl, score, unit, higherIsBetter, Double.NaN);
        }
    }

    final String jdk;
    final String cpu;
    final List<Result> results;

    BenchReport(String jdk, String cpu, List<Result> results) {
        this.jdk = jdk;
        this.cpu = cpu;
        this.results = sorted(results);
    }

    /**
     * Reads JMH's {@code -rf json} output.
     *
     * @param jmhJson the content of the result file
     * @param cpu a description of the processor, for the report
     * @return the report, sorted by operation, size and implementation
     * @throws IllegalArgumentException if the text is not a JMH result array
     */
    static BenchReport fromJmh(String jmhJson, String cpu) {
        if (!(Json.parse(jmhJson) instanceof List<?> runs)) {
            throw new IllegalArgumentException("JMH result: expected a JSON array of benchmark runs");
        }
        String jdk = "unknown";
        List<Result> out = new ArrayList<>();
        for (Object o : runs) {
            if (!(o instanceof Map<?, ?> run)) {
                throw new IllegalArgumentException("JMH result: expected an object per run, got " + o);
            }
            String name = str(run, "benchmark");
            if (out.isEmpty()) {
                jdk = run.get("jdkVersion") + " (" + run.get("vmName") + " " + run.get("vmVersion") + ")";
            }
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            if (metric == null || !(metric.get("score") instanceof Double score)) {
                throw new IllegalArgumentException("JMH result: " + name + " has no primaryMetric.score");
            }
            Map<?, ?> params = run.get("params") instanceof Map<?, ?> p ? p : Map.of();
            String[] gi = groupAndImpl(name, params);
            String mode = str(run, "mode");
            // JMH writes "NaN" (a string) when it cannot estimate the error, e.g. after one iteration
            double error = metric.get("scoreError") instanceof Double d && d >= 0 ? d : Double.NaN;
            out.add(new Result(gi[0], gi[1], score, str(metric, "scoreUnit"), mode.equals("thrpt"), error));
        }
        return new BenchReport(jdk, cpu, out);
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("JMH result: field '" + key + "' missing or not a string in " + m.keySet());
        }
        return s;
    }

    /** Maps {@code io.bvecq.bench.CopyOutBench.bvecq} with {@code slotSize=64} to {@code {copyOut/64, bvecq}}. */
    static String[] groupAndImpl(String benchmark, Map<?, ?> params) {
        int dot = benchmark.lastIndexOf('.');
        int classDot = benchmark.lastIndexOf('.', dot - 1);
        if (dot < 0) {
            throw new IllegalArgumentException("benchmark: '" + benchmark + "' (expected: Class.method)");
        }
        String cls = benchmark.substring(classDot + 1, dot);
        String method = benchmark.substring(dot + 1);
        String op = cls.endsWith("Bench") ? cls.substring(0, cls.length() - "Bench".length()) : cls;
        op = op.isEmpty() ? cls : Character.toLowerCase(op.charAt(0)) + op.substring(1);
        int end = method.length();
        while (end > 1 && Character.isDigit(method.charAt(end - 1))) {
            end--;
        }
        String impl = method.substring(0, end);
        String digits = method.substring(end);
        Object slot = params.get("slotSize");
        Object qd = params.get("qd");
        String size = slot != null ? slot.toString() : qd != null ? "qd" + qd : digits;
        return new String[] {size.isEmpty() ? op : op + "/" + size, impl};
    }

    private static List<Result> sorted(List<Result> in) {
        List<String> ops = new ArrayList<>(OPERATIONS);
        List<String> impls = new ArrayList<>();
        impls.add(SUBJECT);
        impls.addAll(PEERS);
        for (Result r : in) {
            String op = op(r.group());
            if (!ops.contains(op)) {
                ops.add(op);
            }
            if (!impls.contains(r.impl())) {
                impls.add(r.impl());
            }
        }
        List<Result> out = new ArrayList<>(in);
        out.sort(Comparator.<Result>comparingInt(r -> ops.indexOf(op(r.group())))
                .thenComparingLong(r -> size(r.group()))
                .thenComparing(Result::group)
                .thenComparingInt(r -> impls.indexOf(r.impl())));
        return out;
    }

    private static String op(String group) {
        int slash = group.indexOf('/');
        return slash < 0 ? group : group.substring(0, slash);
    }

    /** The number a group's size ends in ({@code 4096}, {@code qd32}), for numeric order. */
    private static long size(String group) {
        int slash = group.indexOf('/');
        int from = group.length();
        while (from > slash + 1 && Character.isDigit(group.charAt(from - 1))) {
            from--;
        }
        try {
            return slash < 0 ? -1 : Long.parseLong(group.substring(from));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The results by group, in display order.
     *
     * @return group name to its results, bvecq first
     */
    Map<String, List<Result>> byGroup() {
        Map<String, List<Result>> m = new LinkedHashMap<>();
        for (Result r : results) {
            m.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /**
     * How many times better bvecq did than a peer: score ratio for throughput, inverted for time per
     * operation, so that above 1 always means bvecq won.
     *
     * @param subject bvecq's result
     * @param peer the peer's result in the same group
     * @return the ratio, or NaN if a score is zero or the units differ
     */
    static double ratio(Result subject, Result peer) {
        if (!subject.unit().equals(peer.unit()) || subject.score() == 0 || peer.score() == 0) {
            return Double.NaN;
        }
        return subject.higherIsBetter() ? subject.score() / peer.score() : peer.score() / subject.score();
    }

    /** Formats a score with thousands separators and one decimal (or three below 10). */
    static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%,.3f" : "%,.1f", v);
    }

    /** Formats a ratio as {@code 1.24x}, or {@code -} when there is none. */
    static String fmtRatio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }

    /**
     * The text table: per group, bvecq's score, then one line per peer with its score and bvecq's ratio
     * to it (above 1: bvecq did better).
     *
     * @return the table, lines ending in '\n'
     */
    String table() {
        StringBuilder b = new StringBuilder();
        String fmt = "%-18s %16s  %-10s %16s  %10s  %s%n";
        b.append(String.format(Locale.ROOT, fmt, "group", SUBJECT, "peer", "peer score", "bvecq/peer", "unit"));
        for (Map.Entry<String, List<Result>> e : byGroup().entrySet()) {
            Result subject = null;
            List<Result> peers = new ArrayList<>();
            for (Result r : e.getValue()) {
                if (r.impl().equals(SUBJECT)) {
                    subject = r;
                } else {
                    peers.add(r);
                }
            }
            String s = subject == null ? "-" : fmt(subject.score());
            String unit = subject != null ? subject.unit() : e.getValue().get(0).unit();
            if (peers.isEmpty()) {
                b.append(String.format(Locale.ROOT, fmt, e.getKey(), s, "-", "-", "-", unit));
                continue;
            }
            boolean first = true;
            for (Result p : peers) {
                double r = subject == null ? Double.NaN : ratio(subject, p);
                b.append(String.format(Locale.ROOT, fmt, first ? e.getKey() : "", first ? s : "", p.impl(),
                        fmt(p.score()), fmtRatio(r), p.unit()));
                first = false;
            }
        }
        return b.toString();
    }

    /**
     * The report as JSON: {@code {"jdk", "cpu", "results": [{"group", "impl", "score", "unit",
     * "higherIsBetter", "error"}]}}, one result per group and implementation; {@code error} is
     * {@code null} when unknown.
     *
     * @return the JSON text
     */
    String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("jdk", jdk);
        root.put("cpu", cpu);
        List<Object> list = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", r.group());
            m.put("impl", r.impl());
            m.put("score", r.score());
            m.put("unit", r.unit());
            m.put("higherIsBetter", r.higherIsBetter());
            m.put("error", Double.isNaN(r.error()) ? null : r.error());
            list.add(m);
        }
        root.put("results", list);
        return Json.pretty(root);
    }

    /** The implementation that marks the limit of an operation rather than a peer: one plain copy. */
    static final String LIMIT = "memcpy";

    /**
     * Where bvecq stands in one group: its ratio to the best peer there (above 1: ahead of every peer).
     *
     * @param group the group
     * @param best the best peer's implementation name
     * @param ratio bvecq's ratio to it, as {@link #ratio}
     */
    record Standing(String group, String best, double ratio) {
    }

    /**
     * Per group that has a bvecq result and at least one peer with a comparable score, bvecq's standing
     * against the best peer, in report order. {@code memcpy} (one copy of contiguous memory: the limit, not
     * a peer) is not counted.
     *
     * @return the standings; groups without a ratio are left out
     */
    List<Standing> standings() {
        List<Standing> out = new ArrayList<>();
        for (Map.Entry<String, List<Result>> e : byGroup().entrySet()) {
            Result subject = null;
            for (Result r : e.getValue()) {
                if (r.impl().equals(SUBJECT)) {
                    subject = r;
                }
            }
            if (subject == null) {
                continue;
            }
            Standing worst = null;
            for (Result p : e.getValue()) {
                double q = p == subject || p.impl().equals(LIMIT) ? Double.NaN : ratio(subject, p);
                if (!Double.isNaN(q) && (worst == null || q < worst.ratio())) {
                    worst = new Standing(e.getKey(), p.impl(), q);
                }
            }
            if (worst != null) {
                out.add(worst);
            }
        }
        return out;
    }
}
