package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchHtmlTest {
    @Test
    void oneSelfContainedChartPerGroup() throws IOException {
        String html = BenchHtml.render(BenchReportTest.report());
        assertEquals(6, count(html, "<svg "), "one chart per group");
        assertEquals(14, count(html, "<rect class=\"bar\""), "one bar per result");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("src="), "no external assets");
        assertFalse(html.contains("href="), "no links to external assets");
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<h2>copyOut/64 <small>(ops/s, higher is better)</small></h2>"), html);
        assertTrue(html.contains("<h2>latency/64 <small>(us/op, lower is better)</small></h2>"), html);
    }

    @Test
    void barsAreScaledToTheBestScoreOfTheirGroup() throws IOException {
        String html = BenchHtml.render(BenchReportTest.report());
        // copyOut/64: memcpy 10,000 is the longest bar; bvecq 3,000 is 30% of it; bvecq in its own colour
        assertEquals(420.0 * 0.3, width(html, "bvecq", 0), 0.05);
        assertEquals(420.0, width(html, "memcpy", 0), 0.05);
        assertEquals(420.0 * 0.15, width(html, "netty", 0), 0.05);
        assertTrue(html.contains("data-impl=\"bvecq\" x=\"90\" y=\"5\" width=\"126.0\" height=\"18\" fill=\"" + BenchHtml.SUBJECT_COLOUR + "\""), html);
        assertTrue(html.contains("data-impl=\"netty\" x=\"90\" y=\"53\" width=\"63.0\" height=\"18\" fill=\"" + BenchHtml.PEER_COLOUR + "\""), html);
        assertTrue(html.contains("<p class=\"ratio\">bvecq vs memcpy 0.30x, netty 2.00x, okio 0.33x</p>"), html);
    }

    @Test
    void barsCarryTheirErrorAsAWhisker() throws IOException {
        String html = BenchHtml.render(BenchReportTest.report());
        // only copyOut/64's bvecq has an error (300 on 3,000): whisker from 2,700 to 3,300 of 10,000 in 420 px
        assertEquals(1, count(html, "<path class=\"err\""), html);
        assertTrue(html.contains("<path class=\"err\" data-impl=\"bvecq\" d=\"M203.4 14.0H228.6M203.4 10.0V18.0M228.6 10.0V18.0\""), html);
        assertTrue(html.contains(">3,000.0 \u00b1 300.0</text>"), html);
        assertTrue(html.contains(">10,000.0</text>"), "a score without a known error has no \u00b1");
    }

    @Test
    void opensWithWhereBvecqIsAheadAndBehind() throws IOException {
        String html = BenchHtml.render(BenchReportTest.report());
        int summary = html.indexOf("<div class=\"summary\">");
        assertTrue(summary > 0 && summary < html.indexOf("<svg "), "the summary comes before the charts");
        // memcpy is the limit, not a peer; pool/2 has no peer and is not counted
        assertTrue(html.contains("<p class=\"ahead\">Ahead of every peer in 3 of 5 groups: copyOut/4096 (1.09x of netty), "
                + "pool/1 (5.00x of netty), latency/64 (1.50x of netty).</p>"), html);
        assertTrue(html.contains("<p class=\"behind\">Behind the best peer in 2 of 5 groups: copyOut/64 (0.33x of okio), "
                + "roundTrip/64 (0.90x of okio).</p>"), html);
    }

    @Test
    void textIsEscaped() {
        assertEquals("&lt;b&gt; &amp; &quot;q&quot; &#39;", BenchHtml.esc("<b> & \"q\" '"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The width of the {@code nth} bar of an implementation. */
    private static double width(String html, String impl, int nth) {
        Matcher m = Pattern.compile("data-impl=\"" + impl + "\" x=\"\\d+\" y=\"\\d+\" width=\"([0-9.]+)\"").matcher(html);
        for (int i = 0; i <= nth; i++) {
            if (!m.find()) {
                throw new AssertionError("no bar " + nth + " for " + impl);
            }
        }
        return Double.parseDouble(m.group(1));
    }
}
