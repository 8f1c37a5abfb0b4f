package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Contract 2, node publication: a reader that sees {@code next} sees the new node fully initialised.
 *
 * <p>Pair under test: the release store of {@code next} in {@link Bvecq#linkNext} (after the producer
 * allocated the node, set its {@code fpos} and {@code discontig}, appended a slot, and {@code linkNext}
 * set its {@code prev}) and the acquire load in {@link Bvecq#nextAcquire()}.
 *
 * <ul>
 *   <li>r1: 1 if the reader saw a successor, 0 if {@code next} was still null;</li>
 *   <li>r2: what the reader found right in that successor, as a bit set: 1 = {@code fpos} is 8192,
 *       2 = {@code discontig} is set, 4 = {@code prev} is the head, 8 = {@code nrSlotsAcquire()} is 1,
 *       16 = slot 0 is {@code (SHARED, 16, 32)}. 31 = all of it; 0 when there was no successor.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE,
        desc = "The reader loaded next before linkNext() published it: no successor yet.")
@Outcome(id = "1, 31", expect = ACCEPTABLE,
        desc = "The reader loaded next after linkNext(): the successor with every field the producer set.")
@Outcome(expect = FORBIDDEN,
        desc = "A published successor was seen with a default fpos, discontig, prev, slot count or slot: the "
                + "release store of next in linkNext() or the acquire load in nextAcquire() is broken.")
@State
public class BvecqNodePublicationTest {
    private final Bvecq head = Bvecq.allocOne(1, Disposal.NONE);

    /** The producer: builds a node and links it after the head. */
    @Actor
    public void producer() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        n.setFpos(8192);
        n.setDiscontig(true);
        n.appendSlot(Regions.SHARED, 16, 32, null);
        head.linkNext(n); // transfers our reference on n to the link
    }

    /**
     * The reader: one acquire load of {@code next}, then the successor's fields.
     *
     * @param r whether a successor was seen and which of its fields were right
     */
    @Actor
    public void reader(II_Result r) {
        Bvecq n = head.nextAcquire();
        if (n == null) {
            return;
        }
        r.r1 = 1;
        int ok = 0;
        ok |= n.fpos() == 8192 ? 1 : 0;
        ok |= n.discontig() ? 2 : 0;
        ok |= n.prev() == head ? 4 : 0;
        int nr = n.nrSlotsAcquire();
        ok |= nr == 1 ? 8 : 0;
        if (nr == 1) {
            ok |= n.segment(0) == Regions.SHARED && n.offset(0) == 16 && n.length(0) == 32 ? 16 : 0;
        }
        r.r2 = ok;
    }

    /** Drops the head's reference; its link's reference on the successor goes with it. */
    @Arbiter
    public void release() {
        head.release();
    }
}
