package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Contract 6, retain racing the final release: either the retain comes first and the node lives until
 * the retainer lets go, or the retain comes after the count reached 0 and is rejected with
 * {@link BvecqReleasedException}. A released node is never resurrected: no retain succeeds from 0.
 *
 * <p>Under test: the compare-and-set loops of {@link Bvecq#retain()} (which refuses a count {@code <= 0})
 * and {@link Bvecq#release()} on the same reference count.
 *
 * <p>The node is of kind {@link Disposal#UNPIN} with one slot owned by a counting owner and holds one
 * reference, the releaser's. The retainer, a thread that found the node through a shared structure,
 * tries to take its own reference, uses the node, and drops it.
 * <ul>
 *   <li>r1: 1 if the releaser's {@code release()} disposed of the node, else 0;</li>
 *   <li>r2: -1 if the retain was rejected; else the owner's dispose count read while the retainer held
 *       its reference (0 = the node was alive, as it must be);</li>
 *   <li>r3: -1 if the retain was rejected; else 1 if the retainer's own {@code release()} disposed;</li>
 *   <li>r4: the owner's dispose count at the end, 1 expected.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, -1, -1, 1", expect = ACCEPTABLE,
        desc = "The final release came first and disposed; the retain found the count at 0 and was rejected.")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE,
        desc = "The retain came first and the final release next; the node stayed alive while held, and the "
                + "retainer's release disposed.")
@Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE,
        desc = "The retainer took and dropped its reference before the final release, which then disposed.")
@Outcome(expect = FORBIDDEN,
        desc = "A retain succeeded on a disposed node (resurrection), the node was disposed while held, or it "
                + "was disposed twice or never: retain()/release() on the reference count are broken.")
@State
public class BvecqRetainReleaseTest {
    private final CountingOwner owner = new CountingOwner();
    private final Bvecq node = Bvecq.allocOne(1, Disposal.UNPIN);

    /** Builds the node with one pinned slot and the releaser's reference. */
    public BvecqRetainReleaseTest() {
        node.appendSlot(Regions.SHARED, 0, 512, owner);
    }

    /**
     * Drops the last reference the owner held.
     *
     * @param r r1
     */
    @Actor
    public void releaser(IIII_Result r) {
        r.r1 = node.release() ? 1 : 0;
    }

    /**
     * Tries to take a reference, checks the node is alive, and drops it.
     *
     * @param r r2 and r3
     */
    @Actor
    public void retainer(IIII_Result r) {
        try {
            node.retain();
        } catch (BvecqReleasedException e) {
            r.r2 = -1;
            r.r3 = -1;
            return;
        }
        r.r2 = owner.disposals();
        r.r3 = node.release() ? 1 : 0;
    }

    /**
     * Counts the disposals.
     *
     * @param r r4
     */
    @Arbiter
    public void count(IIII_Result r) {
        r.r4 = owner.disposals();
    }
}
