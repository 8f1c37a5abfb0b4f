package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.ChainBuffer;
import io.bvecq.extract.Bounce;
import io.bvecq.io.IoFile;
import io.bvecq.iter.IoIter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The README's program compiles against the installed jars and does what it says; its pom names them. */
class ReadmeTest extends LeakFree {
    private static final Pattern BLOCK = Pattern.compile("```(java|xml)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theProgramCompilesAndWritesOneMebibyteOfLongs() throws Exception {
        String program = block("java", "public class QuickStart");
        Path src = Files.createDirectories(dir.resolve("src")).resolve("QuickStart.java");
        Files.writeString(src, program);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror", "--release", "22",
                "-classpath", libraryClassPath(), "-d", classes.toString(), src.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        Path out = dir.resolve("out.bin");
        String printed;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("QuickStart").getMethod("main", String[].class);
            printed = captureStdout(() -> main.invoke(null, (Object) new String[] {out.toString()}));
        }
        assertEquals((1 << 20) + " bytes written to " + out + System.lineSeparator(), printed);
        ByteBuffer longs = ByteBuffer.wrap(Files.readAllBytes(out));
        assertEquals(1 << 20, longs.remaining());
        for (long i = 0; longs.hasRemaining(); i++) {
            assertEquals(i, longs.getLong());
        }
    }

    @Test
    void theDownstreamPomDependsOnTheInstalledLibrary() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(block("xml", "<project").getBytes(StandardCharsets.UTF_8)));
        Element dep = (Element) pom.getElementsByTagName("dependency").item(0);
        assertEquals("io.bvecq", text(dep, "groupId"));
        assertEquals("bvecq-io", text(dep, "artifactId"));
        assertEquals(System.getProperty("bvecq.version"), text(dep, "version"), "the version this project was built against");
        assertTrue(Integer.parseInt(text(pom.getDocumentElement(), "maven.compiler.release")) >= 22);
    }

    /** The one fenced block of the given language in README.md that contains {@code marker}. */
    private static String block(String lang, String marker) throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("bvecq.readme")));
        List<String> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            if (m.group(1).equals(lang) && m.group(2).contains(marker)) {
                found.add(m.group(2));
            }
        }
        assertEquals(1, found.size(), "README blocks of " + lang + " with " + marker);
        return found.get(0);
    }

    private static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        assertEquals(1, l.getLength(), tag);
        return l.item(0).getTextContent().trim();
    }

    /** The installed library jars this test runs against, as a downstream compile would see them. */
    private static String libraryClassPath() throws URISyntaxException {
        List<String> jars = new ArrayList<>();
        for (Class<?> c : List.of(ChainBuffer.class, IoIter.class, Bounce.class, IoFile.class)) {
            jars.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, jars);
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static String captureStdout(Body body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
