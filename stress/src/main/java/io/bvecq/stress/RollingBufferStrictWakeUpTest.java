package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The rolling buffer's wake-up once the producer fences: a consumer that has waited before, and whose wait
 * the producer has seen, parks without a bound; an append must still wake it.
 *
 * <p>The state is made the way a real pair gets there: the consumer waits once (a short timed wait that
 * announces it), the producer appends a byte and so sees the announcement (from then on every append is a
 * volatile store of {@code appended} followed by a load of {@code waiter}), and the consumer consumes that
 * byte. {@link RollingBufferWakeUpTest} covers a fresh buffer, where the consumer's waits are bounded naps.
 *
 * <p>Pair under test (a Dekker pair, all four accesses volatile): the producer's store of {@code appended}
 * then load of {@code waiter}, against the consumer's store of {@code waiter} then re-load of
 * {@code appended}. Termination mode: the actor waits, untimed, for one byte; the signal appends it.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE,
        desc = "The consumer saw the byte: on its re-check after announcing itself, or when the append unparked it.")
@Outcome(id = "STALE", expect = FORBIDDEN,
        desc = "The consumer still waits though a byte was appended: a lost wake-up in the fencing protocol.")
@Outcome(expect = FORBIDDEN, desc = "Anything else (an exception in the consumer): awaitReadable is broken.")
@State
public class RollingBufferStrictWakeUpTest {
    private final RollingBuffer buffer = new RollingBuffer(2, Disposal.NONE);

    /** Brings the buffer to the fencing state: one wait, one append seen, that byte consumed. */
    public RollingBufferStrictWakeUpTest() {
        try {
            buffer.awaitReadable(1, 100, TimeUnit.MICROSECONDS); // announces a waiting consumer, then times out
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        buffer.append(Regions.SHARED, 0, 1, null); // the producer sees the announcement: it fences from now on
        BvecqPos reader = buffer.openReader();
        buffer.consume(reader, 1);
        reader.unset();
    }

    /**
     * The consumer: waits, untimed, for one more byte, then closes the buffer.
     *
     * @throws InterruptedException if jcstress interrupts a stale consumer
     */
    @Actor
    public void consumer() throws InterruptedException {
        if (buffer.awaitReadable(1) != 1) {
            throw new IllegalStateException("expected 1 readable byte");
        }
        buffer.close();
    }

    /** The producer: appends one byte. */
    @Signal
    public void producer() {
        buffer.append(Regions.SHARED, 0, 1, null);
    }
}
