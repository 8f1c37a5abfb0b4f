package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.netfs.internal.Subrequest;
import io.bvecq.netfs.internal.SubrequestQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The worker/collector handover of netfs sub-requests: a collector that sees a queued sub-request's attempt
 * completed sees the attempt's result.
 *
 * <p>Pair under test: the worker's release store of the state in {@link Subrequest#completeRelease()} (after
 * {@code lastResult}) against the collector's {@link Subrequest#isCompletedAcquire()}.
 *
 * <p>The sub-request is queued before the actors start (as the issuer does before it hands the sub-request to
 * a worker); the worker stores 77 and completes it; the collector looks at the front once.
 * <ul>
 *   <li>r1: the result seen after a completed state, or -1 if the collector saw the attempt still in
 *       progress.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "The collector looked before the worker completed the attempt.")
@Outcome(id = "77", expect = ACCEPTABLE, desc = "The collector saw the completed attempt with the worker's result.")
@Outcome(expect = FORBIDDEN,
        desc = "A completed state without its result: completeRelease or isCompletedAcquire lost its ordering.")
@State
public class SubrequestCompletionHandoverTest {
    private final SubrequestQueue queue = new SubrequestQueue();
    private final Subrequest s = new Subrequest(0, 4096, 100, 1);

    /** Queues the sub-request, as the issuer does before handing it to a worker. */
    public SubrequestCompletionHandoverTest() {
        queue.append(s);
    }

    /** The worker: one attempt's result, then completion. */
    @Actor
    public void worker() {
        s.lastResult = 77;
        s.completeRelease();
    }

    /**
     * The collector: one look at the front's attempt.
     *
     * @param r r1
     */
    @Actor
    public void collector(I_Result r) {
        Subrequest f = queue.frontAcquire();
        r.r1 = f != null && f.isCompletedAcquire() ? (int) f.lastResult : -1;
    }
}
