package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Back-pressure, exclusivity: two takers waiting on a pool of one chunk, one with
 * {@link BufferPool#takeBlocking()} and one with {@link BufferPool#take(long, TimeUnit)}, never hold the
 * chunk at once, and each gets it in turn.
 *
 * <p>Under test: the hand-over from a returning holder to a woken waiter: the chunk leaves the free list
 * only by a pop under its stripe's lock, the hold count's compare-and-set from 0 to 1 in {@code onTake}
 * (a failure throws), and the release of the stripe lock that orders the previous holder's writes before
 * the next holder's reads.
 *
 * <p>One pool of exactly one 4 KiB chunk is shared by every iteration. Each actor takes it, marks itself
 * the user in a side counter (which must show no other user), writes its tag, reads it back, clears the
 * mark and returns the chunk; so whichever comes second waits for the first to return it.
 * <ul>
 *   <li>r1: the blocking taker's verdict: 1 = it got the chunk, alone, with one hold and its tag intact;
 *       0 = not;</li>
 *   <li>r2: the same for the timed taker (0 also if its 10 s wait timed out).</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE,
        desc = "Each taker had the chunk alone: one took it free, the other took it when it came back "
                + "(straight away, or after waiting and being woken).")
@Outcome(expect = FORBIDDEN,
        desc = "Both takers held the chunk at once, a tag was overwritten, a hold count was not 1, a take "
                + "threw, or the timed taker timed out though the chunk was returned within microseconds: "
                + "the blocking hand-over is broken.")
@State
public class BufferPoolBlockingTakeExclusiveTest {
    private static final BufferPool POOL = BufferPool.create(BufferPool.PAGE_SIZE, BufferPool.PAGE_SIZE, false);
    private static final AtomicInteger USERS = new AtomicInteger();

    /**
     * Takes with {@link BufferPool#takeBlocking()}, uses and returns the chunk.
     *
     * @param r r1
     */
    @Actor
    public void blocking(II_Result r) {
        try {
            r.r1 = useOnce(POOL.takeBlocking(), 0x1111_1111_1111_1111L);
        } catch (InterruptedException | RuntimeException e) {
            r.r1 = 0;
        }
    }

    /**
     * Takes with a 10 s timed take, uses and returns the chunk.
     *
     * @param r r2
     */
    @Actor
    public void timed(II_Result r) {
        try {
            r.r2 = useOnce(POOL.take(10, TimeUnit.SECONDS), 0x2222_2222_2222_2222L);
        } catch (InterruptedException | RuntimeException e) {
            r.r2 = 0;
        }
    }

    private static int useOnce(PoolChunk c, long tag) {
        if (c == null) {
            return 0;
        }
        boolean ok = USERS.getAndIncrement() == 0;
        MemorySegment seg = c.segment();
        seg.set(ValueLayout.JAVA_LONG, 0, tag);
        seg.set(ValueLayout.JAVA_LONG, 4088, tag);
        ok &= c.holds() == 1;
        ok &= seg.get(ValueLayout.JAVA_LONG, 0) == tag && seg.get(ValueLayout.JAVA_LONG, 4088) == tag;
        USERS.decrementAndGet();
        c.release();
        return ok ? 1 : 0;
    }
}
