package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.netfs.internal.Subrequest;
import io.bvecq.netfs.internal.SubrequestQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The issuer/worker/collector handover of netfs sub-requests: a collector that finds a sub-request at the
 * front of its queue sees it fully filled in, and one that sees its attempt completed sees the attempt's result.
 *
 * <p>Pairs under test: the issuer's release store of the predecessor's {@code next} in
 * {@link SubrequestQueue#append} (after filling in the sub-request and marking it in progress) against the
 * collector's acquire load in {@link SubrequestQueue#frontAcquire()}; the worker's release store of the state in
 * {@link Subrequest#completeRelease()} (after {@code lastResult}) against {@link Subrequest#isCompletedAcquire()}.
 *
 * <p>The issuer queues a sub-request at position 4096 carrying a payload; the worker (which got the sub-request
 * from the issuer before the test, as an executor hand-off would give it) stores 77 and completes it; the
 * collector looks once.
 * <ul>
 *   <li>r1: the front's position, or -1 if the queue looked empty;</li>
 *   <li>r2: 1 if the front's payload was the issuer's, 0 if it was missing, -1 if no front;</li>
 *   <li>r3: the result seen after a completed state, -1 if the collector saw it still in progress or no front.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "The collector looked before the sub-request was queued.")
@Outcome(id = "4096, 1, -1", expect = ACCEPTABLE,
        desc = "The collector saw the queued sub-request, filled in, before the worker completed it.")
@Outcome(id = "4096, 1, 77", expect = ACCEPTABLE,
        desc = "The collector saw the queued sub-request and its completed attempt with the worker's result.")
@Outcome(expect = FORBIDDEN,
        desc = "A front with a missing payload or wrong position (append does not publish with release, or the "
                + "front is not read with acquire), or a completed state without its result (completeRelease or "
                + "isCompletedAcquire lost its ordering).")
@State
public class SubrequestQueueHandoverTest {
    private static final Object PAYLOAD = new Object();
    private final SubrequestQueue queue = new SubrequestQueue();
    private final Subrequest s = new Subrequest(0, 4096, 100, 1);

    /** The issuer: fills in and queues the sub-request. */
    @Actor
    public void issuer() {
        s.payload = PAYLOAD;
        queue.append(s);
    }

    /** The worker: one attempt's result, then completion. */
    @Actor
    public void worker() {
        s.lastResult = 77;
        s.completeRelease();
    }

    /**
     * The collector: one look at the front.
     *
     * @param r r1..r3
     */
    @Actor
    public void collector(III_Result r) {
        Subrequest f = queue.frontAcquire();
        if (f == null) {
            r.r1 = -1;
            r.r2 = -1;
            r.r3 = -1;
            return;
        }
        r.r1 = (int) f.position;
        r.r2 = f.payload == PAYLOAD ? 1 : 0;
        r.r3 = f.isCompletedAcquire() ? (int) f.lastResult : -1;
    }
}
