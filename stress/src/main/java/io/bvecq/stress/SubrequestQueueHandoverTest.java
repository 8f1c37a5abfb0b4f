package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.netfs.internal.Subrequest;
import io.bvecq.netfs.internal.SubrequestQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The issuer/collector handover of netfs sub-requests: a collector that finds a sub-request at the front of
 * its queue sees it fully filled in. (The worker's half, a completed attempt seen with its result, is
 * {@link SubrequestCompletionHandoverTest}: two actors each, so that both run on a 2-CPU machine, where
 * jcstress skips a test with more actors than CPUs.)
 *
 * <p>Pair under test: the issuer's release store of the predecessor's {@code next} in
 * {@link SubrequestQueue#append} (after filling in the sub-request) against the collector's acquire load in
 * {@link SubrequestQueue#frontAcquire()}.
 *
 * <p>The issuer queues a sub-request at position 4096 carrying a payload; the collector looks once.
 * <ul>
 *   <li>r1: the front's position, or -1 if the queue looked empty;</li>
 *   <li>r2: 1 if the front's payload was the issuer's, 0 if it was missing, -1 if no front.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The collector looked before the sub-request was queued.")
@Outcome(id = "4096, 1", expect = ACCEPTABLE, desc = "The collector saw the queued sub-request, filled in.")
@Outcome(expect = FORBIDDEN,
        desc = "A front with a missing payload or wrong position: append does not publish with release, or the "
                + "front is not read with acquire.")
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

    /**
     * The collector: one look at the front.
     *
     * @param r r1, r2
     */
    @Actor
    public void collector(II_Result r) {
        Subrequest f = queue.frontAcquire();
        if (f == null) {
            r.r1 = -1;
            r.r2 = -1;
            return;
        }
        r.r1 = (int) f.position;
        r.r2 = f.payload == PAYLOAD ? 1 : 0;
    }
}
