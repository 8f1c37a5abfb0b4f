package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Contract 4, the rolling buffer: one producer appends while one consumer reads and runs
 * {@link RollingBuffer#deleteSpent}. The consumer never loses its place, never deletes the last node,
 * sees every slot exactly once, and no slot is disposed of before the consumer read it or more than once.
 *
 * <p>Pairs under test: {@code nrSlots} (release in {@link RollingBuffer#append} via
 * {@link Bvecq#appendSlot}, acquire in the consumer's {@link BvecqPos#nudge()}) and {@code next} (release
 * in {@code append()} via {@link Bvecq#linkNext}, acquire in {@code nudge()} and in {@code deleteSpent()}'s
 * walk from the head), with the re-check in {@code nudge()}.
 *
 * <p>Nodes hold 2 slots, kind {@link Disposal#UNLOCK}. The producer appends regions of 1, 2, 3, 4 and 5
 * bytes, so they fill nodes {@code [1,2] [3,4] [5]}. The consumer makes six bounded attempts (it never
 * waits for the producer): each reads the slot under its position if there is one, then calls
 * {@code deleteSpent()}. The arbiter, after both, drains the rest the same way, checks the buffer and
 * closes it.
 * <ul>
 *   <li>r1: the regions the racing consumer read, in order, one digit each (0 = none);</li>
 *   <li>r2: the regions the arbiter read after the race (0 = none);</li>
 *   <li>r3: 0 if all held, else a bit set of what broke: 1 = a region was disposed of before it was read
 *       or twice, 2 = after draining, the head is not the live last node, 4 = after close, some region was
 *       not read exactly once and disposed of exactly once.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "0, 12345, 0", expect = ACCEPTABLE,
        desc = "Every consumer attempt came before the first append: the arbiter read all five.")
@Outcome(id = "1, 2345, 0", expect = ACCEPTABLE,
        desc = "The consumer read region 1 and parked in the first node before region 2 was appended.")
@Outcome(id = "12, 345, 0", expect = ACCEPTABLE,
        desc = "The consumer emptied the first node and parked at its end before the second node was linked.")
@Outcome(id = "123, 45, 0", expect = ACCEPTABLE,
        desc = "The consumer entered the second node, deleting the first, and caught up after region 3.")
@Outcome(id = "1234, 5, 0", expect = ACCEPTABLE,
        desc = "The consumer emptied two nodes, deleting the first, and parked before the third was linked.")
@Outcome(id = "12345, 0, 0", expect = ACCEPTABLE,
        desc = "The consumer kept up with the producer to the end, deleting spent nodes as it went.")
@Outcome(expect = FORBIDDEN,
        desc = "A region was skipped, read twice or out of order, disposed of before it was read, or the last "
                + "node was deleted: deleteSpent(), the consumer position's re-check, or the publication "
                + "of appended slots and nodes is broken.")
@State
public class RollingBufferDeleteSpentTest {
    private static final int REGIONS = 5;
    private final RollingBuffer buffer = new RollingBuffer(2, Disposal.UNLOCK);
    private final SlotLedger ledger = new SlotLedger(REGIONS);
    private BvecqPos consumer; // written by the consumer actor, read by the arbiter

    /** The producer: appends regions 1..5. */
    @Actor
    public void producer() {
        for (int k = 1; k <= REGIONS; k++) {
            buffer.append(Regions.SHARED, 0, k, ledger.owner(k));
        }
    }

    /**
     * The consumer: six attempts to read one region, each followed by {@code deleteSpent()}.
     *
     * @param r r1 receives the regions read
     */
    @Actor
    public void consumer(III_Result r) {
        consumer = buffer.openReader();
        int seen = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            if (consumer.nudge()) {
                seen = seen * 10 + readOne();
            }
            buffer.deleteSpent(consumer);
        }
        r.r1 = seen;
    }

    /**
     * Drains the buffer, checks it, and closes it.
     *
     * @param r r2 receives the regions read after the race, r3 the verdict
     */
    @Arbiter
    public void drainAndClose(III_Result r) {
        int seen = 0;
        while (consumer.nudge()) {
            seen = seen * 10 + readOne();
            buffer.deleteSpent(consumer);
        }
        buffer.deleteSpent(consumer);
        r.r2 = seen;
        int broken = 0;
        if (!ledger.noEarlyOrDoubleDisposal()) {
            broken |= 1;
        }
        Bvecq head = buffer.head();
        if (head != buffer.tail() || head.isReleased() || consumer.node() != head) {
            broken |= 2;
        }
        consumer.unset();
        buffer.close();
        if (!ledger.allReadAndDisposedOnce()) {
            broken |= 4;
        }
        r.r3 = broken;
    }

    private int readOne() {
        int k = (int) consumer.node().length(consumer.slot());
        ledger.read(k);
        consumer.step();
        return k;
    }
}
