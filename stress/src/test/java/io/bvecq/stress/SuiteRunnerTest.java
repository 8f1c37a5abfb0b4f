package io.bvecq.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SuiteRunnerTest {
    @Test
    void testListNameReadsTheLengthPrefixedName() {
        assertEquals("io.bvecq.stress.TmpTest",
                SuiteRunner.testListName("JCTEST23Sio.bvecq.stress.TmpTest23Sio.bvecq.stress.TmpTest32Sx"));
    }

    @Test
    void testListNameRejectsOtherLinesAndTruncatedNames() {
        assertNull(SuiteRunner.testListName("# comment"));
        assertNull(SuiteRunner.testListName("JCTEST99Sio.bvecq.stress.Short"));
        assertNull(SuiteRunner.testListName("JCTESTxSfoo"));
    }

    @Test
    void contractSelectionExcludesTheSensitivityPackage() {
        Pattern p = Pattern.compile(SuiteRunner.CONTRACTS);
        assertEquals(true, p.matcher("io.bvecq.stress.BvecqSlotPublicationTest").matches());
        assertEquals(false, p.matcher("io.bvecq.stress.sensitivity.PlainStoreSlotPublicationTest").matches());
    }

    @Test
    void unknownModeIsRejectedWithUsage() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = SuiteRunner.run(new String[] {"--mode", "fast"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertEquals(true, buf.toString(StandardCharsets.UTF_8).contains("mode: fast (expected: one of"));
    }

    @Test
    void runningOutsideTheUberJarFails() throws Exception {
        // from target/classes, as in this test, there is no jar to scan: the runner must refuse, not pass
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = SuiteRunner.run(new String[] {"--mode", "sanity"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertEquals(true, buf.toString(StandardCharsets.UTF_8).contains("run me from the jcstress uber-jar"));
    }
}
