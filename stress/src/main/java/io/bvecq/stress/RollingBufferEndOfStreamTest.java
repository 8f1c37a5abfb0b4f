package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * End of stream, the rolling buffer: the consumer sees the end of the stream only after the last byte;
 * it never reports end of stream while bytes appended before {@link RollingBuffer#finish()} are unread.
 *
 * <p>Pair under test: the producer's volatile store of {@code finished} in {@code finish()}, after its
 * last volatile store of {@code appended} in {@code append()}, against the consumer loading
 * {@code finished} before {@code appended} in {@code awaitReadable()}: a consumer that sees
 * {@code finished} sees the final count.
 *
 * <p>The producer appends 3 bytes, then 5, then finishes. The consumer looks twice without waiting
 * ({@code awaitReadable(1, 0, NANOSECONDS)}), consuming what the first look found.
 * <ul>
 *   <li>r1: the first look: bytes readable (0, 3 or 8), or -1 for end of stream;</li>
 *   <li>r2: the second look, after consuming r1 bytes: bytes readable, or -1 for end of stream;</li>
 *   <li>r3: the arbiter: bytes appended minus bytes consumed, after both (must be {@code 8 - r1}).</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = {"0, 0, 8", "0, 3, 8", "0, 8, 8"}, expect = ACCEPTABLE,
        desc = "The first look came before any append; the second before, between or after the appends.")
@Outcome(id = {"3, 0, 5", "3, 5, 5"}, expect = ACCEPTABLE,
        desc = "The first look saw the first append; the second saw the second append, or not yet.")
@Outcome(id = {"8, 0, 0", "8, -1, 0"}, expect = ACCEPTABLE,
        desc = "The first look saw both appends; after consuming them the second saw no data yet, or the end "
                + "of the stream once finish() had come.")
@Outcome(expect = FORBIDDEN,
        desc = "End of stream was reported with bytes unread, or a count was wrong: finished is not published "
                + "after the last append, or the consumer loads the count before finished.")
@State
public class RollingBufferEndOfStreamTest {
    private final RollingBuffer buffer = new RollingBuffer(4, Disposal.NONE);
    private final BvecqPos reader = buffer.openReader();

    /** The producer: 3 bytes, 5 bytes, end of stream. */
    @Actor
    public void producer() {
        buffer.append(Regions.SHARED, 0, 3, null);
        buffer.append(Regions.SHARED, 0, 5, null);
        buffer.finish();
    }

    /**
     * The consumer: two looks, consuming what the first found.
     *
     * @param r r1 and r2
     */
    @Actor
    public void consumer(III_Result r) {
        try {
            long first = buffer.awaitReadable(1, 0, TimeUnit.NANOSECONDS);
            if (first > 0) {
                buffer.consume(reader, first);
            }
            r.r1 = (int) first;
            r.r2 = (int) buffer.awaitReadable(1, 0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            r.r1 = -100;
        }
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
