package io.bvecq.stress.sensitivity;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Sensitivity check for {@link io.bvecq.stress.UringPartsDisposeOnceTest}: the same two parts counted down with
 * a plain read and write instead of {@code PartLedger}'s get-and-add. Both actors may read 2 (nobody finishes:
 * a leaked chain) or both see 1 (a double disposal).
 * <ul>
 *   <li>r1, r2: 1 if that actor finished;</li>
 *   <li>r3: finishes, 1 expected.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The first actor completed the last part.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The second actor completed the last part.")
@Outcome(expect = FORBIDDEN, desc = "Nobody or both finished: the plain decrement lost an update.")
@State
public class RacyPartsDisposeTest {
    private int left = 2;

    private boolean racyPartDone() {
        int before = left;
        left = before - 1;
        return before == 1;
    }

    /**
     * One part.
     *
     * @param r r1
     */
    @Actor
    public void first(III_Result r) {
        r.r1 = racyPartDone() ? 1 : 0;
    }

    /**
     * The other part.
     *
     * @param r r2
     */
    @Actor
    public void second(III_Result r) {
        r.r2 = racyPartDone() ? 1 : 0;
    }

    /**
     * Counts the finishes.
     *
     * @param r r3
     */
    @Arbiter
    public void count(III_Result r) {
        r.r3 = r.r1 + r.r2;
    }
}
