package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Contract 7, a position moving to the next node while another holder releases the old one: the old
 * node is disposed of exactly once (by whichever of the two lets go last), the next node is never
 * disposed of while the position holds it, and the position reads it normally.
 *
 * <p>Under test: {@link BvecqPos} moving between nodes takes its reference on the new node before it
 * drops the one on the old node; {@link Bvecq#release()} disposes of the node whose count reaches 0 and
 * then drops the link's reference on its successor (the cascade). Both run on the same counts from two
 * threads.
 *
 * <p>The chain is A (one 1-byte slot) then B (one 2-byte slot), both {@link Disposal#UNLOCK} with a
 * counting owner per node. The holder owns the chain's head reference on A; the position starts on A
 * with its own reference. The mover advances the position by 1 byte, which takes it to B, and reads the
 * slot it lands on; the holder releases A.
 * <ul>
 *   <li>r1: the length of the slot under the position after the move: 2 = B's slot; -1 if the read
 *       failed with {@link BvecqReleasedException};</li>
 *   <li>r2: 1 if the holder's {@code release()} disposed of A, else 0;</li>
 *   <li>r3: dispose calls after both actors, while the position still holds B, as
 *       {@code 10 * A + B}: 10 = A once, B not yet;</li>
 *   <li>r4: B's dispose count after the position is unset, 1 expected.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "2, 1, 10, 1", expect = ACCEPTABLE,
        desc = "The position left A first; the holder's release was the last on A and disposed it, and the "
                + "cascade dropped only the link's reference on B.")
@Outcome(id = "2, 0, 10, 1", expect = ACCEPTABLE,
        desc = "The holder released A first; the position's move dropped the last reference on A and "
                + "disposed it on the mover's thread.")
@Outcome(expect = FORBIDDEN,
        desc = "A was disposed twice or never, B was disposed while the position held it, or the position "
                + "could not read B: the reference hand-over in the position's move or the release cascade "
                + "is broken.")
@State
public class BvecqPosMoveReleaseTest {
    private final CountingOwner ownerA = new CountingOwner();
    private final CountingOwner ownerB = new CountingOwner();
    private final Bvecq a = Bvecq.allocOne(1, Disposal.UNLOCK);
    private final BvecqPos pos;

    /** Builds A then B, and a position on A. */
    public BvecqPosMoveReleaseTest() {
        a.appendSlot(Regions.SHARED, 0, 1, ownerA);
        Bvecq b = Bvecq.allocOne(1, Disposal.UNLOCK);
        b.appendSlot(Regions.SHARED, 8, 2, ownerB);
        a.linkNext(b);
        pos = BvecqPos.at(a);
    }

    /**
     * Advances the position past A's only byte, onto B, and reads the slot there.
     *
     * @param r r1
     */
    @Actor
    public void mover(IIII_Result r) {
        try {
            pos.advance(1);
            r.r1 = (int) pos.node().length(pos.slot());
        } catch (BvecqReleasedException e) {
            r.r1 = -1;
        }
    }

    /**
     * Drops the chain's head reference on A.
     *
     * @param r r2
     */
    @Actor
    public void holder(IIII_Result r) {
        r.r2 = a.release() ? 1 : 0;
    }

    /**
     * Counts the disposals, then lets the position go.
     *
     * @param r r3 and r4
     */
    @Arbiter
    public void count(IIII_Result r) {
        r.r3 = 10 * ownerA.disposals() + ownerB.disposals();
        pos.unset();
        r.r4 = ownerB.disposals();
    }
}
