package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Contract 8, the pool: two threads taking and returning chunks never hold the same chunk at once, and
 * with zero-on-free a chunk never carries the previous owner's bytes to the next.
 *
 * <p>Under test: {@link BufferPool#take()} and {@link PoolChunk#release()} on a shared pool: the hold
 * count's compare-and-set (0 to 1 on take, 1 to 0 on the last release), the free list hand-over, and the
 * clearing before a chunk re-enters the free list. The lock of the free-list stripe the chunk went through
 * orders the returning thread's writes (its tag, then the clearing) before the next taker's reads.
 *
 * <p>One pool of exactly two 4 KiB chunks is shared by every iteration, so the two threads keep getting
 * the same two chunks. Each actor takes a chunk, marks it in use in a side table (which must show no
 * other user), checks it reads as zero, writes its own tag, reads the tag back, clears the mark and
 * returns the chunk.
 * <ul>
 *   <li>r1: which of the two chunks the first actor got (0 or 1), -1 if {@code take()} threw;</li>
 *   <li>r2: the same for the second actor;</li>
 *   <li>r3: the first actor's verdict: 1 = no other user, read as zero, its tag intact, one hold; else 0;</li>
 *   <li>r4: the second actor's verdict.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = {"0, 1, 1, 1", "1, 0, 1, 1"}, expect = ACCEPTABLE,
        desc = "The actors got different chunks: their holds overlapped, or the free list handed out the "
                + "other chunk next.")
@Outcome(id = {"0, 0, 1, 1", "1, 1, 1, 1"}, expect = ACCEPTABLE,
        desc = "The actors got the same chunk one after the other: the first returned it (cleared) before "
                + "the second took it.")
@Outcome(expect = FORBIDDEN,
        desc = "A chunk had two users at once, a taken chunk held the previous owner's bytes, a tag was "
                + "overwritten, or take() failed on a pool with a free chunk: the pool's hand-over is broken.")
@State
public class BufferPoolTakeReturnTest {
    private static final BufferPool POOL = BufferPool.create(BufferPool.PAGE_SIZE, 2L * BufferPool.PAGE_SIZE, true);
    private static final long[] ADDRESSES = new long[2];
    private static final AtomicIntegerArray USERS = new AtomicIntegerArray(2);

    static {
        PoolChunk c0 = POOL.take();
        PoolChunk c1 = POOL.take();
        ADDRESSES[0] = c0.segment().address();
        ADDRESSES[1] = c1.segment().address();
        c0.release();
        c1.release();
    }

    /**
     * Takes, checks and returns a chunk.
     *
     * @param r r1 and r3
     */
    @Actor
    public void first(IIII_Result r) {
        long v = useOnce(0x1111_1111_1111_1111L);
        r.r1 = (int) (v >> 1);
        r.r3 = (int) (v & 1);
    }

    /**
     * Takes, checks and returns a chunk.
     *
     * @param r r2 and r4
     */
    @Actor
    public void second(IIII_Result r) {
        long v = useOnce(0x2222_2222_2222_2222L);
        r.r2 = (int) (v >> 1);
        r.r4 = (int) (v & 1);
    }

    /** Returns {@code 2 * chunk + verdict}, or -2 if take() threw (chunk -1, verdict 0). */
    private static long useOnce(long tag) {
        PoolChunk c;
        try {
            c = POOL.take();
        } catch (RuntimeException e) {
            return -2;
        }
        MemorySegment seg = c.segment();
        int chunk = seg.address() == ADDRESSES[0] ? 0 : seg.address() == ADDRESSES[1] ? 1 : 2;
        boolean ok = chunk < 2 && USERS.getAndIncrement(chunk) == 0;
        ok &= seg.get(ValueLayout.JAVA_LONG, 0) == 0 && seg.get(ValueLayout.JAVA_LONG, 4088) == 0;
        seg.set(ValueLayout.JAVA_LONG, 0, tag);
        seg.set(ValueLayout.JAVA_LONG, 4088, tag);
        ok &= c.holds() == 1;
        ok &= seg.get(ValueLayout.JAVA_LONG, 0) == tag && seg.get(ValueLayout.JAVA_LONG, 4088) == tag;
        if (chunk < 2) {
            USERS.decrementAndGet(chunk);
        }
        c.release();
        return 2L * chunk + (ok ? 1 : 0);
    }
}
