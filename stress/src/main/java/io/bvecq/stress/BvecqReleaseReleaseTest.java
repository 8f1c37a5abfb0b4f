package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Contract 5, exactly-once disposal: two threads each drop one of the last two references of a node;
 * exactly one of them disposes of it, and every slot owner is told exactly once.
 *
 * <p>Under test: the compare-and-set decrement of the reference count in {@link Bvecq#release()}. The
 * thread whose decrement takes the count from 1 to 0 (and only that thread) runs the disposal; the CAS
 * also orders the other thread's earlier use of the node before the disposal.
 *
 * <p>The node is of kind {@link Disposal#FREE} with two slots, owned by two counting owners; it has two
 * references, one per actor.
 * <ul>
 *   <li>r1: 1 if the first actor's {@code release()} reported that it disposed of the node, else 0;</li>
 *   <li>r2: the same for the second actor;</li>
 *   <li>r3: dispose calls seen by the two owners, as {@code 10 * owner0 + owner1}: 11 = each once;</li>
 *   <li>r4: the reference count afterwards, 0 expected.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 0, 11, 0", expect = ACCEPTABLE,
        desc = "The second actor released first; the first actor dropped the last reference and disposed.")
@Outcome(id = "0, 1, 11, 0", expect = ACCEPTABLE,
        desc = "The first actor released first; the second actor dropped the last reference and disposed.")
@Outcome(expect = FORBIDDEN,
        desc = "Both or neither release disposed, or an owner was told twice or never: the atomic decrement in "
                + "release() is broken (a lost update or a double disposal).")
@State
public class BvecqReleaseReleaseTest {
    private final CountingOwner owner0 = new CountingOwner();
    private final CountingOwner owner1 = new CountingOwner();
    private final Bvecq node = Bvecq.allocOne(2, Disposal.FREE);

    /** Builds the node with two owned slots and a second reference. */
    public BvecqReleaseReleaseTest() {
        node.appendSlot(Regions.SHARED, 0, 64, owner0);
        node.appendSlot(Regions.SHARED, 64, 64, owner1);
        node.retain();
    }

    /**
     * Drops one reference.
     *
     * @param r r1 receives whether this call disposed
     */
    @Actor
    public void first(IIII_Result r) {
        r.r1 = node.release() ? 1 : 0;
    }

    /**
     * Drops the other reference.
     *
     * @param r r2 receives whether this call disposed
     */
    @Actor
    public void second(IIII_Result r) {
        r.r2 = node.release() ? 1 : 0;
    }

    /**
     * Counts the disposals.
     *
     * @param r r3 and r4
     */
    @Arbiter
    public void count(IIII_Result r) {
        r.r3 = 10 * owner0.disposals() + owner1.disposals();
        r.r4 = node.refCount();
    }
}
