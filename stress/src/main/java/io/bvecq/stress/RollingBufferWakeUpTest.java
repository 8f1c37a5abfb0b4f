package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The rolling buffer's wake-up: a consumer waiting in {@link RollingBuffer#awaitReadable(long)} is never
 * left waiting when the producer appends a byte.
 *
 * <p>Pair under test (a Dekker pair, all four accesses volatile): the producer's store of {@code appended}
 * then load of {@code waiter} in {@code append()}, against the consumer's store of {@code waiter} then
 * re-load of {@code appended} in {@code awaitReadable()}. One of the two sees the other: the consumer its
 * byte, or the producer the waiting thread, which it unparks.
 *
 * <p>Termination mode: the actor waits for one byte of an empty buffer; the signal appends one byte, at
 * any moment before, during or after the actor starts to wait. The actor must finish.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE,
        desc = "The consumer saw the byte: on its re-check after announcing itself, or when the append unparked it.")
@Outcome(id = "STALE", expect = FORBIDDEN,
        desc = "The consumer still waits though a byte was appended: a lost wake-up between the append's "
                + "count store and waiter load and the consumer's announce-and-recheck.")
@Outcome(expect = FORBIDDEN, desc = "Anything else (an exception in the consumer): awaitReadable is broken.")
@State
public class RollingBufferWakeUpTest {
    private final RollingBuffer buffer = new RollingBuffer(2, Disposal.NONE);

    /**
     * The consumer: waits for one byte, then closes the buffer.
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
