package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StableWritesDemoTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bvq(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void jsonReportsTrialsAndMismatches() {
        assertEquals(0, bvq("demo", "stable-writes", "--trials", "60", "--json"), err.toString(StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertEquals(60, field(json, "trials"));
        assertTrue(field(json, "zeroCopyMismatches") >= 0 && field(json, "zeroCopyMismatches") <= 60, json);
        assertEquals(0, field(json, "bounceMismatches"), json);
        assertTrue(json.contains("\"bounceStrategy\":\"bounce\""), json);
    }

    @Test
    void textNamesBothWays() {
        assertEquals(0, bvq("demo", "stable-writes", "--trials", "5"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("5 trials") && text.contains("zero-copy:") && text.contains("bounce:"), text);
    }

    @Test
    void badTrialsAreUsageErrors() {
        assertEquals(2, bvq("demo", "stable-writes", "--trials", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--trials: 0 (expected: 1 <= N <= 1000000)"));
        assertEquals(2, bvq("demo", "stable-writes", "--trials", "x"));
        assertEquals(2, bvq("demo", "stable-writes", "--trials"));
        assertEquals(2, bvq("demo", "stable-writes", "--frobnicate"));
        assertEquals(2, bvq("demo", "nonsense"));
    }

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
