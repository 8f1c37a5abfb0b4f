package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.uring.internal.PartLedger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A chain written by two SQEs whose completions run on different threads is disposed exactly once, after both,
 * by the thread that completes the last part; that thread sees the other part's outcome.
 *
 * <p>Under test: {@link PartLedger#partDone()}, the volatile get-and-add the io_uring engine counts a request's
 * parts down with. Each actor records its part's bytes (a plain write), then counts its part done; the one that
 * gets {@code true} reads both parts' bytes and closes the request's iterator, which drops the request's
 * reference on the chain: the node's slots go to their owners then.
 *
 * <p>The chain is one {@link Disposal#FREE} node of two slots owned by two counting owners; its only reference
 * is the request's iterator's.
 * <ul>
 *   <li>r1: 1 if the first actor finished the request, else 0;</li>
 *   <li>r2: the same for the second actor;</li>
 *   <li>r3: the bytes of both parts as the finishing thread saw them, 128 expected (64 each);</li>
 *   <li>r4: dispose calls seen by the two owners, {@code 10 * owner0 + owner1}: 11 = each once.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 0, 128, 11", expect = ACCEPTABLE,
        desc = "The second part completed first; the first actor completed the last part, saw both, disposed once.")
@Outcome(id = "0, 1, 128, 11", expect = ACCEPTABLE,
        desc = "The first part completed first; the second actor completed the last part, saw both, disposed once.")
@Outcome(expect = FORBIDDEN,
        desc = "Both or neither actor finished the request, the finisher missed a part's bytes, or the chain was "
                + "disposed twice or never: the part count-down is not atomic or does not order the parts' outcomes.")
@State
public class UringPartsDisposeOnceTest {
    private final CountingOwner owner0 = new CountingOwner();
    private final CountingOwner owner1 = new CountingOwner();
    private final PartLedger ledger = new PartLedger();
    private final IoIter request;
    private long bytes0;
    private long bytes1;
    private int seen;

    /** Builds the chain, hands its reference to the request's iterator, and starts a round of two parts. */
    public UringPartsDisposeOnceTest() {
        Bvecq node = Bvecq.allocOne(2, Disposal.FREE);
        node.appendSlot(Regions.SHARED, 0, 64, owner0);
        node.appendSlot(Regions.SHARED, 64, 64, owner1);
        request = IoIter.bvecq(Direction.SOURCE, node, 0, 0, 128);
        node.release(); // the iterator's reference is the only one left
        ledger.begin(2);
    }

    private int finish() {
        seen = (int) (bytes0 + bytes1);
        request.close();
        return 1;
    }

    /**
     * Completes the first part.
     *
     * @param r r1
     */
    @Actor
    public void firstPart(IIII_Result r) {
        bytes0 = 64;
        r.r1 = ledger.partDone() ? finish() : 0;
    }

    /**
     * Completes the second part.
     *
     * @param r r2
     */
    @Actor
    public void secondPart(IIII_Result r) {
        bytes1 = 64;
        r.r2 = ledger.partDone() ? finish() : 0;
    }

    /**
     * Reads what the finisher saw and counts the disposals.
     *
     * @param r r3 and r4
     */
    @Arbiter
    public void count(IIII_Result r) {
        r.r3 = seen;
        r.r4 = 10 * owner0.disposals() + owner1.disposals();
    }
}
