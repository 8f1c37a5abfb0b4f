package io.bvecq.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link BenchReport} as one self-contained HTML page: a heading with the JDK and CPU, then per
 * group a horizontal bar chart in inline SVG (no scripts, no external assets), bvecq's bar first and in
 * its own colour, each bar labelled with its score, and under it bvecq's ratio to each peer.
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
                .append(esc(report.cpu)).append("<br>Each chart is one operation at one slot size; ")
                .append("longer bars are better (throughput). Ratios above 1 mean bvecq did better.</p>\n");
        for (Map.Entry<String, List<BenchReport.Result>> e : report.byGroup().entrySet()) {
            group(b, e.getKey(), e.getValue());
        }
        return b.append("</body></html>\n").toString();
    }

    private static void group(StringBuilder b, String name, List<BenchReport.Result> rs) {
        double max = 0;
        BenchReport.Result subject = null;
        for (BenchReport.Result r : rs) {
            max = Math.max(max, r.score());
            if (r.impl().equals(BenchReport.SUBJECT)) {
                subject = r;
            }
        }
        boolean higher = rs.get(0).higherIsBetter();
        int width = LABEL + BAR_AREA + 110;
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
                    LABEL + w + 4, y + 15, esc(BenchReport.fmt(r.score()))));
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
