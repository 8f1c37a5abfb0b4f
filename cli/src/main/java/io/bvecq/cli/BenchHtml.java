package io.bvecq.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link BenchReport} as one self-contained HTML page: a heading with the JDK and CPU, a summary
 * of the groups where bvecq is ahead of every peer and where it is behind one (with the ratio to the best
 * peer), then per group a horizontal bar chart in inline SVG (no scripts, no external assets), bvecq's bar
 * first and in its own colour, each bar with its error as a whisker (score minus and plus the error, when
 * known) and labelled with its score, and under it bvecq's ratio to each peer.
 */
final class BenchHtml {
    static final int BAR_AREA = 420;
    static final int ROW = 24;
    static final int LABEL = 90;
    static final String SUBJECT_COLOUR = "#d9480f";
    static final String PEER_COLOUR = "#868e96";

    private BenchHtml() {
    }

    /**
     * Renders the page.
     *
     * @param report the results
     * @return the HTML document
     */
    static String render(BenchReport report) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>bvecq bench</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#212529}\n")
                .append("section{display:inline-block;vertical-align:top;margin:0 2em 2em 0}\n")
                .append("h2{font-size:1.05em;margin:.2em 0}p.ratio{margin:.2em 0;font-size:.9em}\n")
                .append("svg text{font-size:12px;font-family:system-ui,sans-serif}\n")
                .append("</style></head><body>\n")
                .append("<h1>bvecq beside its peers</h1>\n<p>JDK ").append(esc(report.jdk)).append("<br>CPU ")
                .append(esc(report.cpu)).append("<br>Each chart is one operation at one size or queue depth; ")
                .append("longer bars are better (throughput). Ratios above 1 mean bvecq did better. ")
                .append("Whiskers show each score's error (JMH's 99.9% interval, or half the range of fio's runs) "
                        + "where it is known.</p>\n");
        summary(b, report.standings());
        for (Map.Entry<String, List<BenchReport.Result>> e : report.byGroup().entrySet()) {
            group(b, e.getKey(), e.getValue());
        }
        return b.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder b, List<BenchReport.Standing> standings) {
        StringBuilder ahead = new StringBuilder();
        StringBuilder behind = new StringBuilder();
        int nAhead = 0;
        int nBehind = 0;
        for (BenchReport.Standing st : standings) {
            boolean won = st.ratio() >= 1;
            StringBuilder to = won ? ahead : behind;
            to.append(to.length() == 0 ? "" : ", ").append(esc(st.group())).append(" (")
                    .append(BenchReport.fmtRatio(st.ratio())).append(" of ").append(esc(st.best())).append(')');
            if (won) {
                nAhead++;
            } else {
                nBehind++;
            }
        }
        b.append("<div class=\"summary\"><h2>Summary</h2>\n");
        if (standings.isEmpty()) {
            b.append("<p>No group has both a bvecq result and a peer to compare it with.</p>\n");
        } else {
            b.append("<p class=\"ahead\">Ahead of every peer in ").append(nAhead).append(" of ")
                    .append(standings.size()).append(" groups").append(nAhead == 0 ? "." : ": " + ahead + ".")
                    .append("</p>\n<p class=\"behind\">Behind the best peer in ").append(nBehind).append(" of ")
                    .append(standings.size()).append(" groups").append(nBehind == 0 ? "." : ": " + behind + ".")
                    .append("</p>\n");
        }
        b.append("</div>\n");
    }

    private static void group(StringBuilder b, String name, List<BenchReport.Result> rs) {
        double max = 0;
        BenchReport.Result subject = null;
        for (BenchReport.Result r : rs) {
            max = Math.max(max, r.score() + (Double.isNaN(r.error()) ? 0 : r.error()));
            if (r.impl().equals(BenchReport.SUBJECT)) {
                subject = r;
            }
        }
        boolean higher = rs.get(0).higherIsBetter();
        int width = LABEL + BAR_AREA + 190;
        int height = rs.size() * ROW + 6;
        b.append("<section><h2>").append(esc(name)).append(" <small>(").append(esc(rs.get(0).unit()))
                .append(higher ? ", higher is better" : ", lower is better").append(")</small></h2>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"").append(esc(name)).append("\">\n");
        int y = 3;
        for (BenchReport.Result r : rs) {
            double w = max > 0 ? r.score() / max * BAR_AREA : 0;
            String colour = r.impl().equals(BenchReport.SUBJECT) ? SUBJECT_COLOUR : PEER_COLOUR;
            b.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect class=\"bar\" data-impl=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                    LABEL - 6, y + 15, esc(r.impl()), esc(r.impl()), LABEL, y + 2, w, ROW - 6, colour,
                    LABEL + Math.max(w, errorEnd(r, max)) + 4, y + 15, esc(label(r))));
            whisker(b, r, max, y);
            y += ROW;
        }
        b.append("</svg>\n");
        if (subject != null) {
            StringBuilder ratios = new StringBuilder();
            for (BenchReport.Result r : rs) {
                if (r != subject) {
                    ratios.append(ratios.length() == 0 ? "" : ", ").append(esc(r.impl())).append(' ')
                            .append(BenchReport.fmtRatio(BenchReport.ratio(subject, r)));
                }
            }
            if (ratios.length() > 0) {
                b.append("<p class=\"ratio\">bvecq vs ").append(ratios).append("</p>\n");
            }
        }
        b.append("</section>\n");
    }

    /** Where a bar's whisker ends, from the bar area's left edge (0 without a known error). */
    private static double errorEnd(BenchReport.Result r, double max) {
        return Double.isNaN(r.error()) || max <= 0 ? 0 : (r.score() + r.error()) / max * BAR_AREA;
    }

    /**
     * Draws the error whisker of one bar over it: a line from score minus error to score plus error, with
     * end ticks, when the error is known.
     */
    private static void whisker(StringBuilder b, BenchReport.Result r, double max, int y) {
        double e = r.error();
        if (Double.isNaN(e) || max <= 0) {
            return;
        }
        double lo = LABEL + Math.max(0, r.score() - e) / max * BAR_AREA;
        double hi = LABEL + (r.score() + e) / max * BAR_AREA;
        double mid = y + 2 + (ROW - 6) / 2.0;
        b.append(String.format(Locale.ROOT,
                "<path class=\"err\" data-impl=\"%s\" d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" "
                        + "stroke=\"#212529\" fill=\"none\"/>%n",
                esc(r.impl()), lo, mid, hi, lo, mid - 4, mid + 4, hi, mid - 4, mid + 4));
    }

    /** A bar's label: the score, and {@code ± error} when the error is known. */
    private static String label(BenchReport.Result r) {
        return Double.isNaN(r.error()) ? BenchReport.fmt(r.score())
                : BenchReport.fmt(r.score()) + " \u00b1 " + BenchReport.fmt(r.error());
    }

    /** Escapes text for HTML content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
