package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A completion handed from the io_uring reaper to a waiting thread: once the waiter sees the request's future
 * done, it sees the result, the bytes in the request's memory and the iterator moved past them.
 *
 * <p>Under test: the order the reaper finishes a read in ({@code UringEngine.complete}): settle the caller's
 * iterator (for memory read through a bounce window, {@link IoIter#copyToIter} writes the bytes and advances),
 * then complete the future; the future's completion is a release, the waiter's {@code isDone()} an acquire.
 * <ul>
 *   <li>r1: 1 if the waiter saw the future done, else 0 (and r2..r4 are 0);</li>
 *   <li>r2: the result it saw, 8 expected;</li>
 *   <li>r3: the long in the request's memory, 42 expected;</li>
 *   <li>r4: the iterator's remaining count, 0 expected.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "The waiter looked before the reaper completed the request.")
@Outcome(id = "1, 8, 42, 0", expect = ACCEPTABLE,
        desc = "The waiter saw the request complete, with its result, its bytes and the iterator settled.")
@Outcome(expect = FORBIDDEN,
        desc = "The waiter saw the future done but a stale result, stale memory or an unsettled iterator: the "
                + "reaper's writes are not ordered before the completion.")
@State
public class UringCompletionHandoffTest {
    private static final MemorySegment WINDOW = MemorySegment.ofArray(new long[] {42});
    private final MemorySegment memory = MemorySegment.ofArray(new byte[8]);
    private final IoIter dst = IoIter.segment(Direction.DEST, memory);
    private final CompletableFuture<Long> future = new CompletableFuture<>();

    /**
     * The reaper: settles the iterator with the bytes from the window, then completes the request.
     */
    @Actor
    public void reaper() {
        dst.copyToIter(WINDOW, 0, 8);
        future.complete(8L);
    }

    /**
     * The waiter: if the request is complete, reads what it produced.
     *
     * @param r r1..r4
     */
    @Actor
    public void waiter(IIII_Result r) {
        if (future.isDone()) {
            r.r1 = 1;
            r.r2 = future.getNow(-1L).intValue();
            r.r3 = (int) memory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            r.r4 = (int) dst.count();
        }
    }
}
