package io.bvecq.stress.sensitivity;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Sensitivity check for {@link io.bvecq.stress.RollingBufferEndOfStreamTest}: the same race and the same
 * outcomes, with a consumer that decides "end of stream" from {@link RollingBuffer#readable()} loaded
 * <em>before</em> {@link RollingBuffer#isFinished()}, the order {@code awaitReadable} must not use. A count
 * of 0 loaded before the producer's appends, followed by {@code finished} loaded after its
 * {@code finish()}, reports end of stream with 8 bytes unread: no memory ordering is needed to see it, only
 * the interleaving.
 *
 * <ul>
 *   <li>r1: the first look: bytes readable, or -1 for end of stream;</li>
 *   <li>r2: the second look, after consuming r1 bytes;</li>
 *   <li>r3: bytes appended minus bytes consumed, after both.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = {"0, 0, 8", "0, 3, 8", "0, 8, 8"}, expect = ACCEPTABLE, desc = "The first look came before any append.")
@Outcome(id = {"3, 0, 5", "3, 5, 5"}, expect = ACCEPTABLE, desc = "The first look saw the first append.")
@Outcome(id = {"8, 0, 0", "8, -1, 0"}, expect = ACCEPTABLE, desc = "The first look saw both appends.")
@Outcome(expect = FORBIDDEN, desc = "End of stream was reported with bytes unread: the count was loaded before finished.")
@State
public class CountFirstEndOfStreamTest {
    private static final MemorySegment BYTES = MemorySegment.ofArray(new byte[8]);
    private final RollingBuffer buffer = new RollingBuffer(4, Disposal.NONE);
    private final BvecqPos reader = buffer.openReader();

    /** The producer: 3 bytes, 5 bytes, end of stream. */
    @Actor
    public void producer() {
        buffer.append(BYTES, 0, 3, null);
        buffer.append(BYTES, 0, 5, null);
        buffer.finish();
    }

    /**
     * The consumer, looking in the wrong order.
     *
     * @param r r1 and r2
     */
    @Actor
    public void consumer(III_Result r) {
        long first = lookCountFirst();
        if (first > 0) {
            buffer.consume(reader, first);
        }
        r.r1 = (int) first;
        r.r2 = (int) lookCountFirst();
    }

    private long lookCountFirst() {
        long n = buffer.readable();      // the bug: the count before finished
        boolean f = buffer.isFinished();
        return f && n == 0 ? -1 : n;
    }

    /**
     * Counts what is left and closes the buffer.
     *
     * @param r r3
     */
    @Arbiter
    public void check(III_Result r) {
        r.r3 = (int) buffer.readable();
        reader.close();
        buffer.close();
    }
}
