package io.bvecq.testing;

import io.bvecq.LeakDetector;
import java.util.List;

/** Shared leak assertions for JUnit and jqwik tests. */
public final class LeakChecks {
    private LeakChecks() {
    }

    /** Reports (and forgets) leaks left by earlier tests, so each test is judged on its own chains. */
    static void drainEarlier() {
        LeakDetector.collectNow(0);
    }

    /**
     * Runs the collector and fails if any node leaked.
     *
     * @param what the test or property, for the message
     */
    public static void assertNoLeaks(String what) {
        failIfAny(LeakDetector.collectNow(200), what);
    }

    static void failIfAny(List<LeakDetector.Leak> leaks, String what) {
        if (!leaks.isEmpty()) {
            AssertionError e = new AssertionError(leaks.size() + " leaked node(s) in " + what + ": " + leaks);
            for (LeakDetector.Leak l : leaks) {
                if (l.allocationSite() != null) {
                    e.addSuppressed(l.allocationSite());
                }
            }
            throw e;
        }
    }
}
