package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Contract 1, slot publication: a reader that sees {@code nrSlots = k} sees slots {@code 0..k-1} fully
 * written (segment, offset and length).
 *
 * <p>Pair under test: the release store of {@code nrSlots} at the end of {@link Bvecq#appendSlot}
 * (after the slot's array entries are written) and the acquire load in {@link Bvecq#nrSlotsAcquire()}
 * (before the reader touches a slot).
 *
 * <p>The producer appends two slots, {@code (OTHER, 3, 5)} then {@code (SHARED, 7, 9)}, to a fresh node;
 * the reader loads the count once and checks the slots below it through the public accessors.
 * <ul>
 *   <li>r1: the count the reader loaded, 0..2;</li>
 *   <li>r2: slot 0 as the reader saw it: 1 = all three fields as written, 0 = some field stale
 *       (torn), -1 = not read because r1 &lt; 1;</li>
 *   <li>r3: slot 1, the same way, -1 when r1 &lt; 2.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "0, -1, -1", expect = ACCEPTABLE,
        desc = "The reader loaded nrSlots before the first append published: it saw an empty node.")
@Outcome(id = "1, 1, -1", expect = ACCEPTABLE,
        desc = "The reader loaded nrSlots between the two appends: slot 0 complete, slot 1 not yet counted.")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE,
        desc = "The reader loaded nrSlots after both appends: both slots complete.")
@Outcome(expect = FORBIDDEN,
        desc = "A counted slot was seen with a stale segment, offset or length: the release store of nrSlots in "
                + "appendSlot() or the acquire load in nrSlotsAcquire() is broken.")
@State
public class BvecqSlotPublicationTest {
    private final Bvecq node = Bvecq.allocOne(2, Disposal.NONE);

    /** The producer: fills and publishes two slots. */
    @Actor
    public void producer() {
        node.appendSlot(Regions.OTHER, 3, 5, null);
        node.appendSlot(Regions.SHARED, 7, 9, null);
    }

    /**
     * The reader: one acquire load of the count, then the slots below it.
     *
     * @param r the count and the two slot verdicts
     */
    @Actor
    public void reader(III_Result r) {
        int n = node.nrSlotsAcquire();
        r.r1 = n;
        r.r2 = n > 0 ? verdict(0, Regions.OTHER, 3, 5) : -1;
        r.r3 = n > 1 ? verdict(1, Regions.SHARED, 7, 9) : -1;
    }

    /** Drops the node's only reference once both actors are done. */
    @Arbiter
    public void release() {
        node.release();
    }

    private int verdict(int slot, MemorySegment segment, long offset, long length) {
        return node.segment(slot) == segment && node.offset(slot) == offset && node.length(slot) == length ? 1 : 0;
    }
}
