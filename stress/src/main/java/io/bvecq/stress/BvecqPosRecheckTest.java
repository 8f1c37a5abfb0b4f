package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Contract 3, the re-check: a reader racing a producer that adds a slot to a node and then links a new
 * node never skips that slot, and a reader parked at the end carries on from where it stopped.
 *
 * <p>Pairs under test: {@code nrSlots} (release in {@link Bvecq#appendSlot}, acquire in
 * {@link BvecqPos#nudge()}) and {@code next} (release in {@link Bvecq#linkNext}, acquire in
 * {@code nudge()}), plus {@code nudge()}'s second {@code nrSlotsAcquire()} after it saw a non-null
 * {@code next}. Without that re-check a reader that counted one slot in A, then saw B linked, would walk
 * into B and never read A's second slot.
 *
 * <p>The chain starts as node A holding one slot of 1 byte; the position is at its start. The producer
 * appends a 2-byte slot to A, then links node B holding a 3-byte slot. The reader walks with
 * {@code nudge()}/{@code step()} until it parks, writing the length of each slot it stepped over as one
 * decimal digit. After both actors, the arbiter continues the same position to the end.
 * <ul>
 *   <li>r1: the slots the racing reader visited, in order, one digit per slot (1 = A0, 2 = A1, 3 = B0);</li>
 *   <li>r2: the slots the arbiter then visited from where the reader parked, the same way (0 = none).</li>
 * </ul>
 * Every run must visit 1, 2, 3 exactly once, in order, split between r1 and r2.
 */
@JCStressTest
@Outcome(id = "1, 23", expect = ACCEPTABLE,
        desc = "The reader parked after A0, before A1 was published; the arbiter resumed and read A1 then B0.")
@Outcome(id = "12, 3", expect = ACCEPTABLE,
        desc = "The reader read A0 and A1 and parked before B was linked; the arbiter entered B.")
@Outcome(id = "123, 0", expect = ACCEPTABLE,
        desc = "The reader saw the producer's work in time (or re-checked A and found A1): all three slots.")
@Outcome(expect = FORBIDDEN,
        desc = "A slot was skipped, read twice or lost after parking: the re-check of nrSlots after next in "
                + "nudge(), or the parking at the end of the queue, is broken.")
@State
public class BvecqPosRecheckTest {
    private final Bvecq a = Bvecq.allocOne(4, Disposal.NONE);
    private final BvecqPos pos;

    /** Builds A with its first slot and a position at its start. */
    public BvecqPosRecheckTest() {
        a.appendSlot(Regions.SHARED, 0, 1, null);
        pos = BvecqPos.at(a);
    }

    /** The producer: one more slot in A, then B after A. */
    @Actor
    public void producer() {
        a.appendSlot(Regions.SHARED, 8, 2, null);
        Bvecq b = Bvecq.allocOne(4, Disposal.NONE);
        b.appendSlot(Regions.SHARED, 16, 3, null);
        a.linkNext(b);
    }

    /**
     * The reader: walks until the position parks.
     *
     * @param r r1 receives the slots it visited
     */
    @Actor
    public void reader(II_Result r) {
        r.r1 = walk();
    }

    /**
     * Resumes the parked position, then drops every reference.
     *
     * @param r r2 receives the slots visited after the race
     */
    @Arbiter
    public void resume(II_Result r) {
        r.r2 = walk();
        pos.unset();
        a.release();
    }

    private int walk() {
        int seen = 0;
        while (pos.nudge()) {
            seen = seen * 10 + (int) pos.step();
        }
        return seen;
    }
}
