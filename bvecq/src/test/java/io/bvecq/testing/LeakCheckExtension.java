package io.bvecq.testing;

import io.bvecq.LeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a JUnit test when a chain it allocated was garbage-collected without release. Registered for
 * every test through JUnit's extension auto-detection ({@code META-INF/services} plus
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}).
 * The build runs tests with {@code io.bvecq.leakDetection=paranoid}, so every node is tracked.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {
    /** Creates the extension; JUnit does this. */
    public LeakCheckExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LeakDetector.setLevel(LeakDetector.Level.PARANOID);
        LeakChecks.drainEarlier();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(200);
        LeakChecks.failIfAny(leaks, context.getDisplayName());
    }
}
