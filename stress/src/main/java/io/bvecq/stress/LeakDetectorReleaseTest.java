package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.LeakDetector;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Contract 11, the leak detector racing a release: a node that was released is never reported as
 * leaked, however its release interleaves with the detector's polling and with garbage collection.
 *
 * <p>Under test: disposal closes the node's leak tracker (removes it from the live set and clears the
 * phantom reference) while the node is still strongly reachable ({@code reachabilityFence} in the
 * disposal), and {@link LeakDetector#poll()} reports only trackers still in the live set. A release that
 * let the node become unreachable before its tracker was closed, or a poll that reported a tracker
 * without checking the live set, would produce a false report once the collector runs; the iterations
 * of this test allocate enough to keep young collections frequent.
 *
 * <p>The detector runs at {@link LeakDetector.Level#PARANOID} (every node tracked) for this test's JVM.
 * Once per JVM a control node is leaked on purpose and must be reported, so the run cannot pass with a
 * detector that reports nothing. After that, every report counts as false, since every node of the
 * iterations is released. Each iteration's node has two references, one per actor; each actor releases
 * its reference and polls the detector.
 * <ul>
 *   <li>r1: 1 if the first actor's {@code release()} disposed of the node, else 0;</li>
 *   <li>r2: the same for the second actor;</li>
 *   <li>r3: 1 if any released node of this JVM has been reported as leaked so far, else 0;</li>
 *   <li>r4: 1 if the control leak was reported, that is, the detector works in this JVM.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE,
        desc = "The second actor released first; the first actor's release disposed, no false report.")
@Outcome(id = "0, 1, 0, 1", expect = ACCEPTABLE,
        desc = "The first actor released first; the second actor's release disposed, no false report.")
@Outcome(expect = FORBIDDEN,
        desc = "A released node was reported as leaked (the tracker outlived disposal or the node became "
                + "unreachable before it was closed), disposal ran twice or never, or the detector did not "
                + "report the control leak, so the run would prove nothing.")
@State
public class LeakDetectorReleaseTest {
    private static final AtomicLong FALSE_REPORTS = new AtomicLong();
    private static final boolean DETECTOR_WORKS;

    static {
        LeakDetector.setLevel(LeakDetector.Level.PARANOID);
        DETECTOR_WORKS = leakControlNode();
        LeakDetector.setListener(leak -> FALSE_REPORTS.incrementAndGet());
    }

    private final Bvecq node = Bvecq.allocOne(1, Disposal.NONE);

    /** Gives the node its second reference. */
    public LeakDetectorReleaseTest() {
        node.appendSlot(Regions.SHARED, 0, 8, null);
        node.retain();
    }

    /**
     * Releases one reference and polls.
     *
     * @param r r1
     */
    @Actor
    public void first(IIII_Result r) {
        r.r1 = node.release() ? 1 : 0;
        LeakDetector.poll();
    }

    /**
     * Releases the other reference and polls.
     *
     * @param r r2
     */
    @Actor
    public void second(IIII_Result r) {
        r.r2 = node.release() ? 1 : 0;
        LeakDetector.poll();
    }

    /**
     * Reads the report counters.
     *
     * @param r r3 and r4
     */
    @Arbiter
    public void verdict(IIII_Result r) {
        LeakDetector.poll();
        r.r3 = FALSE_REPORTS.get() == 0 ? 0 : 1;
        r.r4 = DETECTOR_WORKS ? 1 : 0;
    }

    /** Leaks one node on purpose and waits (at most 10 s) for the detector to report exactly it. */
    private static boolean leakControlNode() {
        String name = leakOne();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<LeakDetector.Leak> found = LeakDetector.collectNow(200);
            for (LeakDetector.Leak leak : found) {
                if (leak.resource().startsWith(name + " ")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String leakOne() {
        Bvecq control = Bvecq.allocOne(1, Disposal.NONE);
        return "Bvecq#" + control.id();
    }
}
