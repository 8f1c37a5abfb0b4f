package io.bvecq.stress.sensitivity;

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
 * The broken variant of {@link io.bvecq.stress.SubrequestQueueAllQueuedTest}: the collector reads the front
 * before the all-queued flag, so it can see an empty queue, then the flag, and conclude the request is complete
 * while the last sub-request is queued. Expected to FAIL (show "1, 1") on this machine.
 *
 * <ul>
 *   <li>r1: 1 if the collector concluded the queue was drained, else 0;</li>
 *   <li>r2: 1 if the collector then saw a front, else 0.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "Not drained.")
@Outcome(expect = FORBIDDEN,
        desc = "The bug: drained while the last sub-request sits in the queue (front read before the flag).")
@State
public class FrontFirstAllQueuedTest {
    private final SubrequestQueue queue = new SubrequestQueue();

    /** Queues and completes the first sub-request. */
    public FrontFirstAllQueuedTest() {
        Subrequest first = new Subrequest(0, 0, 10, 1);
        queue.append(first);
        first.completeRelease();
        queue.removeFront();
    }

    /** The issuer: the last sub-request, then all queued. */
    @Actor
    public void issuer() {
        queue.append(new Subrequest(10, 10, 10, 1));
        queue.setAllQueuedRelease();
    }

    /**
     * The collector, in the wrong order: the front, then the flag.
     *
     * @param r r1, r2
     */
    @Actor
    public void collector(II_Result r) {
        boolean empty = queue.frontAcquire() == null;
        r.r1 = empty && queue.isAllQueued() ? 1 : 0;
        r.r2 = queue.frontAcquire() != null ? 1 : 0;
    }
}
