package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Contract 9, UNLOCK exactly once when an abandoned read and the read's completion race: every locked
 * page is unlocked exactly once, and a page whose lock the caller kept is unlocked only by the caller.
 *
 * <p>The seed bug (netfs, 2026): {@code netfs_write_begin()} locks a folio and issues a read that must
 * not unlock it ({@code NETFS_RREQ_NO_UNLOCK_FOLIO}). The read completes on the collector while the
 * waiter's wait fails; the waiter's abandon path, {@code netfs_unlock_abandoned_read_pages()}, unlocked
 * every folio of the request without checking the flag, and then {@code netfs_write_begin()} unlocked
 * its folio again: {@code VM_BUG_ON_FOLIO} in {@code folio_unlock()}.
 *
 * <p>The analogue with this API. The request's chain is node R of kind {@link Disposal#UNLOCK} holding
 * two readahead pages, whose unlock obligation passed to R, followed by node C of kind
 * {@link Disposal#NONE} describing the caller's page, whose lock the caller keeps ({@code NONE} slots
 * carry no owner, so nothing but the caller can unlock it). The completion path and the abandon path
 * each hold one reference on R; neither unlocks anything itself, each just calls {@link Bvecq#release()},
 * and the one that drops the last reference disposes of R, unlocking each readahead page once. After
 * abandoning, the waiter unlocks its own page, as {@code netfs_write_begin()} does. Pages are
 * {@link PageLock}s, which count unlocks (a second unlock is the kernel's BUG).
 *
 * <p>Under test: the exactly-once disposal of {@link Bvecq#release()} (compare-and-set on the count)
 * across the two paths, its cascade to C, and that disposal never reaches a {@code NONE} node's memory.
 * <ul>
 *   <li>r1: the completion path: 1 if both readahead pages were still locked while it held its
 *       reference, plus 2 if its {@code release()} disposed of R;</li>
 *   <li>r2: the abandon path, the same way;</li>
 *   <li>r3: unlock calls on the two readahead pages, as {@code 10 * page1 + page2}: 11 = each once;</li>
 *   <li>r4: unlock calls on the caller's page: 1 = only the caller's own.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "3, 1, 11, 1", expect = ACCEPTABLE,
        desc = "The abandon path let go first; the completion path dropped the last reference and unlocked "
                + "the readahead pages, once each; the caller unlocked its own page.")
@Outcome(id = "1, 3, 11, 1", expect = ACCEPTABLE,
        desc = "The completion path let go first; the abandon path dropped the last reference and unlocked "
                + "the readahead pages, once each; the caller unlocked its own page.")
@Outcome(expect = FORBIDDEN,
        desc = "A page was unlocked twice (the seed's double unlock, on a readahead page or the caller's), "
                + "never, or while a path still held the request: exactly-once disposal in release() is broken.")
@State
public class UnlockAbandonedReadTest {
    private final PageLock readahead1 = new PageLock();
    private final PageLock readahead2 = new PageLock();
    private final PageLock callerPage = new PageLock();
    private final Bvecq request = Bvecq.allocOne(2, Disposal.UNLOCK);

    /** Builds the request's chain; the second reference is the abandon path's. */
    public UnlockAbandonedReadTest() {
        request.appendSlot(Regions.SHARED, 0, 1024, readahead1);
        request.appendSlot(Regions.SHARED, 1024, 1024, readahead2);
        Bvecq callers = Bvecq.allocOne(1, Disposal.NONE);
        callers.appendSlot(Regions.OTHER, 0, 1024, null);
        request.linkNext(callers);
        request.retain();
    }

    /**
     * The read completed: the collector is done with the request.
     *
     * @param r r1
     */
    @Actor
    public void completion(IIII_Result r) {
        int v = readaheadLocked();
        r.r1 = v + (request.release() ? 2 : 0);
    }

    /**
     * The waiter's wait failed: it abandons the request, then unlocks the page it kept locked.
     *
     * @param r r2
     */
    @Actor
    public void abandon(IIII_Result r) {
        int v = readaheadLocked();
        r.r2 = v + (request.release() ? 2 : 0);
        callerPage.unlock();
    }

    /**
     * Counts the unlocks.
     *
     * @param r r3 and r4
     */
    @Arbiter
    public void count(IIII_Result r) {
        r.r3 = 10 * readahead1.unlocks() + readahead2.unlocks();
        r.r4 = callerPage.unlocks();
    }

    private int readaheadLocked() {
        return readahead1.isLocked() && readahead2.isLocked() ? 1 : 0;
    }
}
