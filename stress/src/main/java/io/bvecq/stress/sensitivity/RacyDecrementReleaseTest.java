package io.bvecq.stress.sensitivity;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Sensitivity check for contract 5 ({@link io.bvecq.stress.BvecqReleaseReleaseTest}): two threads drop
 * the last two references of a {@link RacyRefNode}, whose release decrements the count with a separate
 * read and write instead of a compare-and-set. When both read 2, neither disposes (a leak); when both
 * read 1 after a lost update, both would.
 *
 * <ul>
 *   <li>r1, r2: 1 if that actor's release disposed;</li>
 *   <li>r3: disposals, 1 expected;</li>
 *   <li>r4: the final count, 0 expected.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "The second actor released first; the first disposed.")
@Outcome(id = "0, 1, 1, 0", expect = ACCEPTABLE, desc = "The first actor released first; the second disposed.")
@Outcome(expect = FORBIDDEN,
        desc = "Disposal ran twice or never and the count is wrong: the non-atomic decrement lost an update.")
@State
public class RacyDecrementReleaseTest {
    private final RacyRefNode node = new RacyRefNode();

    /** Gives the node its second reference. */
    public RacyDecrementReleaseTest() {
        node.retain();
    }

    /**
     * Drops one reference.
     *
     * @param r r1
     */
    @Actor
    public void first(IIII_Result r) {
        r.r1 = node.release() ? 1 : 0;
    }

    /**
     * Drops the other reference.
     *
     * @param r r2
     */
    @Actor
    public void second(IIII_Result r) {
        r.r2 = node.release() ? 1 : 0;
    }

    /**
     * Counts.
     *
     * @param r r3 and r4
     */
    @Arbiter
    public void count(IIII_Result r) {
        r.r3 = node.disposals();
        r.r4 = node.refCount();
    }
}
