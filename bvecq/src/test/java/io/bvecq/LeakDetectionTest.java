package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {
    @Test
    void unreleasedChainIsReported() {
        leakOne();
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(2000);
        assertEquals(1, leaks.size(), "leaks: " + leaks);
        assertTrue(leaks.get(0).resource().startsWith("Bvecq#"), leaks.get(0).resource());
        assertTrue(leaks.get(0).allocationSite() != null, "paranoid mode records the allocation site");
    }

    @Test
    void releasedChainIsNotReported() {
        Bvecq b = Bvecq.allocOne(4, Disposal.NONE);
        b.release();
        b = null;
        assertEquals(List.of(), LeakDetector.collectNow(200));
    }

    private static void leakOne() {
        Bvecq.allocOne(4, Disposal.NONE); // dropped with refCount=1
    }
}
