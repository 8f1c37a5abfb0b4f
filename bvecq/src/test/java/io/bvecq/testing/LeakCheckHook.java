package io.bvecq.testing;

import io.bvecq.LeakDetector;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Fails a jqwik property when any of its tries leaked a chain. Add it to a property class with
 * {@code @AddLifecycleHook(LeakCheckHook.class)}.
 */
public final class LeakCheckHook implements AroundPropertyHook {
    /** Creates the hook; jqwik does this. */
    public LeakCheckHook() {
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        LeakDetector.setLevel(LeakDetector.Level.PARANOID);
        LeakChecks.drainEarlier();
        PropertyExecutionResult result = property.execute();
        LeakChecks.assertNoLeaks(context.label());
        return result;
    }
}
