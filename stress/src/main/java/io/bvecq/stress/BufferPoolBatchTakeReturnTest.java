package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.PoolExhaustedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Contract 8b, the pool in batches: two threads that each allocate a buffer of both of a pool's chunks (taken
 * in one batch, {@code BufferPool.takeSome}) and release it (the node gives the chunks back in one batch,
 * linked through the chunks, {@code giveBackAll}) never hold the same chunk at once, and with zero-on-free a
 * chunk never carries the previous owner's bytes to the next.
 *
 * <p>Under test: the batched pop under a stripe's lock against the batched push under a stripe's lock, the
 * hold count's 0 to 1 and 1 to 0, the clearing before the push, and the links of a returned batch, cleared
 * under the lock before any chunk can be popped again. A buffer that cannot get both chunks gives back the one
 * it got (the rollback also returns through the batch).
 *
 * <p>Each actor allocates two chunks' worth, and for each chunk marks it in use in a side table (which must
 * show no other user), checks it reads as zero, writes its tag, reads it back and clears the mark; then it
 * releases the buffer. r1, r2: the actors' verdicts: 2 = got both chunks and every check held, 1 = the pool
 * was exhausted (nothing held), 0 = a check failed.
 */
@JCStressTest
@Outcome(id = {"2, 2"}, expect = ACCEPTABLE, desc = "One buffer after the other, each with both chunks, clean.")
@Outcome(id = {"2, 1", "1, 2"}, expect = ACCEPTABLE,
        desc = "One buffer held the chunks while the other asked: that one found the pool exhausted.")
@Outcome(id = {"1, 1"}, expect = ACCEPTABLE_INTERESTING,
        desc = "Each got one chunk, could not get the second, and gave its chunk back.")
@Outcome(expect = FORBIDDEN,
        desc = "A chunk had two users at once, held the previous owner's bytes, lost a tag, or a buffer was "
                + "not two whole chunks: the batched hand-over is broken.")
@State
public class BufferPoolBatchTakeReturnTest {
    private static final int PAGE = BufferPool.PAGE_SIZE;
    private static final BufferPool POOL = BufferPool.create(PAGE, 2L * PAGE, true);
    private static final long[] ADDRESSES = new long[2];
    private static final AtomicIntegerArray USERS = new AtomicIntegerArray(2);

    static {
        Bvecq b = BvecqBuffers.allocBuffer(POOL, 2L * PAGE, 0);
        ADDRESSES[0] = b.segment(0).address();
        ADDRESSES[1] = b.segment(1).address();
        b.release();
    }

    /**
     * Allocates, checks and releases a two-chunk buffer.
     *
     * @param r r1
     */
    @Actor
    public void first(II_Result r) {
        r.r1 = useOnce(0x1111_1111_1111_1111L);
    }

    /**
     * Allocates, checks and releases a two-chunk buffer.
     *
     * @param r r2
     */
    @Actor
    public void second(II_Result r) {
        r.r2 = useOnce(0x2222_2222_2222_2222L);
    }

    private static int useOnce(long tag) {
        Bvecq b;
        try {
            b = BvecqBuffers.allocBuffer(POOL, 2L * PAGE, 0);
        } catch (PoolExhaustedException e) {
            return 1;
        }
        boolean ok = b.nrSlotsAcquire() == 2 && b.nextAcquire() == null;
        int[] chunk = {2, 2}; // 2: not looked at
        for (int s = 0; s < 2 && ok; s++) {
            MemorySegment seg = b.segment(s);
            chunk[s] = seg.address() == ADDRESSES[0] ? 0 : seg.address() == ADDRESSES[1] ? 1 : 2;
            ok = chunk[s] < 2 && USERS.getAndIncrement(chunk[s]) == 0;
            ok &= seg.get(ValueLayout.JAVA_LONG, 0) == 0 && seg.get(ValueLayout.JAVA_LONG, PAGE - 8) == 0;
            seg.set(ValueLayout.JAVA_LONG, 0, tag);
            seg.set(ValueLayout.JAVA_LONG, PAGE - 8, tag);
            ok &= seg.get(ValueLayout.JAVA_LONG, 0) == tag && seg.get(ValueLayout.JAVA_LONG, PAGE - 8) == tag;
        }
        ok &= chunk[0] != chunk[1];
        for (int s = 0; s < 2; s++) {
            if (chunk[s] < 2) {
                USERS.decrementAndGet(chunk[s]);
            }
        }
        b.release();
        return ok ? 2 : 0;
    }
}
