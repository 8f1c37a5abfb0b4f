package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Back-pressure, the pool's wake-up: a taker blocked in {@link BufferPool#takeBlocking()} on an exhausted
 * pool is never left waiting when a chunk is returned.
 *
 * <p>Pair under test: the returning thread's push of the chunk followed by its volatile read of
 * {@code waiters} in {@code giveBack()}, against the taker's volatile increment of {@code waiters} followed
 * by its re-check of the free list under the wait lock in {@code await()}; and the signal under the wait
 * lock that the taker holds from its check until {@code await} releases it. Either the taker's re-check
 * sees the chunk, or the returner sees the waiter and signals it.
 *
 * <p>Termination mode: the actor takes from a pool of one chunk that the state holds; the signal returns
 * that chunk, at any moment before, during or after the actor starts to wait. The actor must finish.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE,
        desc = "The taker got the returned chunk: its re-check saw it, or the return's signal woke it.")
@Outcome(id = "STALE", expect = FORBIDDEN,
        desc = "The taker still waits though the chunk was returned: a lost wake-up between the return's "
                + "push and waiters read and the taker's announce-and-recheck.")
@Outcome(expect = FORBIDDEN, desc = "Anything else (an exception in the taker): the blocking take is broken.")
@State
public class BufferPoolReturnWakesTakerTest {
    private final BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, BufferPool.PAGE_SIZE, false);
    private final PoolChunk held = pool.take(); // the pool's only chunk

    /**
     * The taker: blocks until the chunk comes back, then returns it and closes the pool.
     *
     * @throws InterruptedException if jcstress interrupts a stale taker
     */
    @Actor
    public void taker() throws InterruptedException {
        PoolChunk c = pool.takeBlocking();
        c.release();
        pool.close();
    }

    /** Returns the held chunk. */
    @Signal
    public void giveBack() {
        held.release();
    }
}
