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
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bvq fetch} of a file through a cache directory on this machine's /tmp. */
class FetchCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run bvq(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), "no field " + name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aSecondFetchComesFromTheCache() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 777];
        new Random(1).nextBytes(data);
        Path src = dir.resolve("src");
        Files.write(src, data);
        Path dst = dir.resolve("dst");
        Files.writeString(dst, "old");
        String cache = dir.resolve("cache").toString();

        Run first = bvq("fetch", src.toString(), dst.toString(), "--cache", cache, "--rsize", "64K", "--depth", "4",
                "--json");
        assertEquals(0, first.status(), first.err());
        assertEquals(data.length, field(first.out(), "bytes"));
        assertEquals(data.length, field(first.out(), "fromServer"));
        assertEquals(0, field(first.out(), "fromCache"));
        assertTrue(field(first.out(), "subrequests") >= data.length / 65536);
        field(first.out(), "retries");
        field(first.out(), "zeroFilled");
        assertArrayEquals(data, Files.readAllBytes(dst));

        Files.delete(dst);
        Run second = bvq("fetch", src.toString(), dst.toString(), "--cache", cache, "--json");
        assertEquals(0, second.status(), second.err());
        assertEquals(data.length, field(second.out(), "fromCache"));
        assertEquals(0, field(second.out(), "fromServer"));
        assertArrayEquals(data, Files.readAllBytes(dst));
    }

    @Test
    void errorsAreInAUsersWordsAndLeaveDstAsItWas() throws IOException {
        Path dst = dir.resolve("dst");
        Files.writeString(dst, "keep me");
        Run r = bvq("fetch", dir.resolve("missing").toString(), dst.toString(), "--cache", dir.resolve("c").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("bvq fetch: cannot open "), r.err());
        assertTrue(r.err().contains("No such file or directory (ENOENT)"), r.err());
        assertEquals("keep me", Files.readString(dst));

        Run same = bvq("fetch", dst.toString(), dst.toString(), "--cache", dir.resolve("c").toString());
        assertEquals(1, same.status(), same.err());
        assertTrue(same.err().contains("same file"), same.err());
        assertEquals("keep me", Files.readString(dst));

        Run usage = bvq("fetch", dst.toString(), dir.resolve("x").toString(), "--cache", dir.toString(), "--depth", "0");
        assertEquals(2, usage.status());
        assertTrue(usage.err().contains("--depth: 0 (expected: 1 <= n <= 64)"), usage.err());
    }
}
