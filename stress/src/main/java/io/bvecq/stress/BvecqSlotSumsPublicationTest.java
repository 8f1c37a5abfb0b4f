package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.internal.NodeAccess;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Slot summaries ride on the slot publication: a reader that sees {@code nrSlots = k} sees the prefix sum
 * {@code ends[k-1]} of slots {@code 0..k-1}, a read-only marker that is below {@code k} exactly when one
 * of those slots is read-only, and a part marker that is below {@code k} exactly when one of them is not a
 * whole segment (the copy loop copies whole segments without offsets only above it).
 *
 * <p>Pair under test: the release store of {@code nrSlots} in {@code storeSlot} (after the slot, its sum
 * and the markers) and the acquire load in {@link Bvecq#nrSlotsAcquire()} (before the reader uses them),
 * as {@code SlotCursor.skip}, {@code SlotCursor.forward} and {@code BvecqIter.create} do.
 *
 * <p>The producer appends a whole segment of 5 bytes, then a read-only part {@code (SHARED, 7, 9)}.
 * <ul>
 *   <li>r1: the count the reader loaded, 0..2;</li>
 *   <li>r2: 1 if {@code ends[r1-1]} is the sum of the counted lengths (5, then 14), 0 if stale, -1 if r1 = 0;</li>
 *   <li>r3: 1 if each marker says "read-only below r1" and "a part below r1" exactly when r1 = 2, else 0.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "0, -1, 1", expect = ACCEPTABLE, desc = "The reader loaded nrSlots before the first append.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Between the appends: the sum of slot 0, no read-only or part slot.")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "After both: the sum of both, the read-only part slot marked.")
@Outcome(expect = FORBIDDEN, desc = "A counted slot's sum or a marker was stale: the summaries are not"
        + " written before the release store of nrSlots, or the reader did not acquire it.")
@State
public class BvecqSlotSumsPublicationTest {
    private static final NodeAccess A = NodeAccess.get();
    private static final MemorySegment READ_ONLY = Regions.SHARED.asReadOnly();
    private static final MemorySegment WHOLE = Regions.OTHER.asSlice(3, 5);

    private final Bvecq node = Bvecq.allocOne(2, Disposal.NONE);

    /** The producer: fills and publishes two slots, the second read-only. */
    @Actor
    public void producer() {
        node.appendSlot(WHOLE, 0, 5, null);
        node.appendSlot(READ_ONLY, 7, 9, null);
    }

    /**
     * The reader: one acquire load of the count, then the summaries for it.
     *
     * @param r the count and the two verdicts
     */
    @Actor
    public void reader(III_Result r) {
        int n = node.nrSlotsAcquire();
        r.r1 = n;
        r.r2 = n == 0 ? -1 : A.endsOf(node)[n - 1] == (n == 1 ? 5 : 14) ? 1 : 0;
        boolean ro = (A.firstReadOnlyAt(node) < n) == (n == 2);
        boolean part = (A.firstPartAt(node) < n) == (n == 2);
        r.r3 = ro && part ? 1 : 0;
    }

    /** Drops the node's only reference once both actors are done. */
    @Arbiter
    public void release() {
        node.release();
    }
}
