package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.LeakDetector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Fails a test whose example left a chain or a chunk unreleased (the tests run with paranoid leak detection). */
abstract class LeakFree {
    @AfterEach
    void noLeaks() {
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(500);
        assertEquals(List.of(), leaks, "leaked chains or chunks");
    }
}
