package io.bvecq.stress.sensitivity;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Sensitivity check for contract 1 ({@link io.bvecq.stress.BvecqSlotPublicationTest}): the same race
 * and the same outcomes, against {@link BrokenSlotNode#appendPlain}, which publishes {@code nrSlots}
 * with a plain store instead of a release store. The reader still loads it with acquire. On a weakly
 * ordered CPU (Arm, POWER) the torn outcomes are expected; on x86 the hardware keeps stores in order, so
 * only a compiler reordering of the plain store can show it.
 *
 * <ul>
 *   <li>r1: the count the reader loaded;</li>
 *   <li>r2, r3: slot 0 and slot 1 as seen: 1 = complete, 0 = torn, -1 = not counted.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "0, -1, -1", expect = ACCEPTABLE, desc = "No slot published yet.")
@Outcome(id = "1, 1, -1", expect = ACCEPTABLE, desc = "Slot 0 published and complete.")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "Both slots published and complete.")
@Outcome(expect = FORBIDDEN,
        desc = "A counted slot was torn: the plain store of nrSlots let the slot writes become visible late.")
@State
public class PlainStoreSlotPublicationTest {
    private static final MemorySegment A = MemorySegment.ofArray(new byte[64]);
    private static final MemorySegment B = MemorySegment.ofArray(new byte[64]);
    private final BrokenSlotNode node = new BrokenSlotNode(2);

    /** Fills two slots, publishing each with a plain store. */
    @Actor
    public void producer() {
        node.appendPlain(A, 3, 5);
        node.appendPlain(B, 7, 9);
    }

    /**
     * Loads the count with acquire and checks the counted slots.
     *
     * @param r the count and the verdicts
     */
    @Actor
    public void reader(III_Result r) {
        int n = node.nrSlotsAcquire();
        r.r1 = n;
        r.r2 = n > 0 ? (node.segment(0) == A && node.offset(0) == 3 && node.length(0) == 5 ? 1 : 0) : -1;
        r.r3 = n > 1 ? (node.segment(1) == B && node.offset(1) == 7 && node.length(1) == 9 ? 1 : 0) : -1;
    }
}
