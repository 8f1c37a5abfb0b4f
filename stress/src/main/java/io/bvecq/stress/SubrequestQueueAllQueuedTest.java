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
 * "All queued" against the last completion: a collector that retires the last completed sub-request and then
 * finds everything queued and the queue empty must be right, so the request is never completed while a
 * sub-request appended before "all queued" is still to come.
 *
 * <p>Pair under test: the issuer's volatile store of the all-queued flag in
 * {@link SubrequestQueue#setAllQueuedRelease()}, after the release store of {@code next} in its last
 * {@link SubrequestQueue#append}, against {@link SubrequestQueue#isDrainedAcquire()}, which loads the flag first
 * and the front after it.
 *
 * <p>Before the test one sub-request is queued and completed. The issuer appends a second one and says all are
 * queued; the collector retires the first (the last completion it knows of) and asks whether it is done.
 * <ul>
 *   <li>r1: 1 if the collector concluded the queue was drained, else 0;</li>
 *   <li>r2: 1 if the collector then saw a front, else 0.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE,
        desc = "Not drained: the collector ran before the flag, and saw the second sub-request or not yet.")
@Outcome(expect = FORBIDDEN,
        desc = "Drained although a sub-request was appended before all-queued: the flag is published before the "
                + "append, or the collector reads the front before the flag.")
@State
public class SubrequestQueueAllQueuedTest {
    private final SubrequestQueue queue = new SubrequestQueue();

    /** Queues and completes the first sub-request. */
    public SubrequestQueueAllQueuedTest() {
        Subrequest first = new Subrequest(0, 0, 10, 1);
        queue.append(first);
        first.completeRelease();
    }

    /** The issuer: the last sub-request, then all queued. */
    @Actor
    public void issuer() {
        queue.append(new Subrequest(10, 10, 10, 1));
        queue.setAllQueuedRelease();
    }

    /**
     * The collector: retires the completed front, then checks for the end.
     *
     * @param r r1, r2
     */
    @Actor
    public void collector(II_Result r) {
        Subrequest f = queue.frontAcquire();
        if (f != null && f.isCompletedAcquire()) {
            queue.removeFront();
        }
        r.r1 = queue.isDrainedAcquire() ? 1 : 0;
        r.r2 = queue.frontAcquire() != null ? 1 : 0;
    }
}
