package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Contract 3 for the iterator: a reader that measures a chain a producer is still extending, and then
 * copies that many bytes out through a BVECQ {@link IoIter}, gets exactly the bytes in chain order, with
 * no slot skipped.
 *
 * <p>Pairs under test: {@code nrSlots} (release in {@link Bvecq#appendSlot}, acquire in
 * {@link BvecqPos#remaining()} and in the iterator's forward walk) and {@code next} (release in
 * {@link Bvecq#linkNext}, acquire in the same walks). The measurement's re-check of {@code nrSlots} after it
 * sees {@code next} is what keeps A1 from being skipped when the reader races the producer; the iterator's
 * own loads come after the measurement on the same thread, so they see at least what was measured, and its
 * re-check after {@code next} is the same code path a longer-lived reader depends on. A walk that counted
 * one slot in A and then followed B without re-checking would copy A0 and B0 and miss A1.
 *
 * <p>The chain starts as node A holding slot A0 (1 byte of value 1). The producer appends A1 (2 bytes of
 * value 2) to A, then links node B holding B0 (3 bytes of value 3). The reader measures the bytes from the
 * start, opens an iterator with that count and copies them out.
 * <ul>
 *   <li>r1: the copied bytes as decimal digits in order (1, 122 or 122333), or -1 if the iterator refused
 *       the count or copied short;</li>
 *   <li>r2: the bytes the arbiter copies from the whole chain afterwards, the same way (always 122333).</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 122333", expect = ACCEPTABLE,
        desc = "The reader measured before A1 was published: it copied A0 only.")
@Outcome(id = "122, 122333", expect = ACCEPTABLE,
        desc = "The reader measured after A1 but before B was linked: it copied A0 and A1.")
@Outcome(id = "122333, 122333", expect = ACCEPTABLE,
        desc = "The reader measured after the producer finished: it copied all three slots.")
@Outcome(expect = FORBIDDEN,
        desc = "Bytes skipped, out of order or short, or a published count refused: the iterator's acquire of "
                + "nrSlots/next or its re-check after next is broken.")
@State
public class BvecqIterRecheckTest {
    /** Bytes 1 | 2 2 | 3 3 3, read-only after class initialisation. */
    private static final MemorySegment DATA = MemorySegment.ofArray(new byte[] {1, 2, 2, 3, 3, 3});

    private final Bvecq a = Bvecq.allocOne(4, Disposal.NONE);
    private final BvecqPos start;

    /** Builds A with A0 and a position at its start. */
    public BvecqIterRecheckTest() {
        a.appendSlot(DATA, 0, 1, null);
        start = BvecqPos.at(a);
    }

    /** The producer: A1 in A, then B holding B0 after A. */
    @Actor
    public void producer() {
        a.appendSlot(DATA, 1, 2, null);
        Bvecq b = Bvecq.allocOne(4, Disposal.NONE);
        b.appendSlot(DATA, 3, 3, null);
        a.linkNext(b);
    }

    /**
     * The reader: measures, then copies that much through an iterator.
     *
     * @param r r1 receives the copied bytes
     */
    @Actor
    public void reader(II_Result r) {
        r.r1 = copyAll(start.remaining());
    }

    /**
     * Copies the whole chain after the race, then drops every reference.
     *
     * @param r r2 receives the bytes
     */
    @Arbiter
    public void after(II_Result r) {
        r.r2 = copyAll(start.remaining());
        start.unset();
        a.release();
    }

    private int copyAll(long count) {
        byte[] out = new byte[6];
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, a, 0, 0, count)) {
            long n = it.copyFromIter(MemorySegment.ofArray(out), 0, count);
            if (n != count || it.count() != 0) {
                return -1;
            }
        } catch (RuntimeException e) {
            return -1;
        }
        int digits = 0;
        for (int i = 0; i < count; i++) {
            digits = digits * 10 + out[i];
        }
        return digits;
    }
}
