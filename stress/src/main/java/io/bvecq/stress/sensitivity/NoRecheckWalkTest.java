package io.bvecq.stress.sensitivity;

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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Sensitivity check for contract 3 ({@link io.bvecq.stress.BvecqPosRecheckTest}): the same chain, the
 * same producer and the same outcomes, but the reader is a test-local walk over the real nodes that
 * loads {@code nrSlots} and {@code next} with acquire and does <em>not</em> re-check {@code nrSlots}
 * after it saw {@code next}. A reader that counted one slot in A and then saw B skips A's second slot.
 * The window is short (the producer must append, allocate and link between two loads of the reader).
 *
 * <ul>
 *   <li>r1: the slots the racing walk visited, one digit each (1 = A0, 2 = A1, 3 = B0);</li>
 *   <li>r2: the slots visited when the arbiter resumes the walk.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 23", expect = ACCEPTABLE, desc = "Parked after A0; the rest after the race.")
@Outcome(id = "12, 3", expect = ACCEPTABLE, desc = "Parked at the end of A; B after the race.")
@Outcome(id = "123, 0", expect = ACCEPTABLE, desc = "All three during the race.")
@Outcome(expect = FORBIDDEN, desc = "A1 was skipped: the walk left A without re-checking nrSlots after next.")
@State
public class NoRecheckWalkTest {
    private static final MemorySegment MEM = MemorySegment.ofArray(new byte[64]);
    private final Bvecq a = Bvecq.allocOne(4, Disposal.NONE);
    private Bvecq node = a;
    private int slot;

    /** Builds A with its first slot. */
    public NoRecheckWalkTest() {
        a.appendSlot(MEM, 0, 1, null);
    }

    /** One more slot in A, then B after A. */
    @Actor
    public void producer() {
        a.appendSlot(MEM, 8, 2, null);
        Bvecq b = Bvecq.allocOne(4, Disposal.NONE);
        b.appendSlot(MEM, 16, 3, null);
        a.linkNext(b);
    }

    /**
     * Walks without the re-check.
     *
     * @param r r1
     */
    @Actor
    public void reader(II_Result r) {
        r.r1 = walk();
    }

    /**
     * Resumes the walk and releases the chain.
     *
     * @param r r2
     */
    @Arbiter
    public void resume(II_Result r) {
        r.r2 = walk();
        a.release();
    }

    private int walk() {
        int seen = 0;
        for (;;) {
            int nr = node.nrSlotsAcquire();
            for (; slot < nr; slot++) {
                seen = seen * 10 + (int) node.length(slot);
            }
            Bvecq next = node.nextAcquire();
            if (next == null) {
                return seen;
            }
            // BROKEN on purpose: no second nrSlotsAcquire() here before leaving the node
            node = next;
            slot = 0;
        }
    }
}
