package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Contract 10, an extract sharing a source chain while the source's owner releases it: the extract's
 * memory stays valid, with the source's bytes, until the extract is released; the source's
 * {@link Disposal#FREE} owner is told exactly once, and never while the extract lives.
 *
 * <p>Under test: {@link BvecqPos#extract} makes {@code NONE} nodes that take a reference on each source
 * node they point into ({@link Bvecq#attachSource}); disposing of the extract drops those references.
 * The source owner's {@link Bvecq#release()} and the extract's release race on the source's count; the
 * CAS decrement makes the last of them, and only it, free the memory, after the extract's reads.
 *
 * <p>The source is one {@code FREE} node with two 4-byte slots over a fresh 8-byte heap array holding
 * 1..8; its owner is a {@link PoisoningOwner}, which overwrites the bytes when told to free them. The
 * source has two references: its owner's and a position's. The extract user extracts all 8 bytes, drops
 * the position, reads the bytes through the extract, and releases it; the source owner releases its
 * reference at the same time.
 * <ul>
 *   <li>r1: 1 if the extract's slots held bytes 1..8, 0 if any byte was wrong (freed memory), -1 if a
 *       read threw {@link BvecqReleasedException};</li>
 *   <li>r2: 1 if the owner's {@code release()} freed the source, 0 if it was not the last reference;</li>
 *   <li>r3: the owner's dispose calls, 2 expected (one per slot);</li>
 *   <li>r4: dispose calls made while the extract was not yet released, 0 expected.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 1, 2, 0", expect = ACCEPTABLE,
        desc = "The extract was read and released first; the owner's release was the last reference and "
                + "freed the source.")
@Outcome(id = "1, 0, 2, 0", expect = ACCEPTABLE,
        desc = "The owner released first; the extract kept the source alive, read the right bytes, and its "
                + "release freed the source.")
@Outcome(expect = FORBIDDEN,
        desc = "The source was freed while the extract lived, the extract read freed bytes, or the source was "
                + "freed twice or never: the extract's reference on its source is broken.")
@State
public class ExtractSourceReleaseTest {
    private final MemorySegment memory = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    private final PoisoningOwner owner = new PoisoningOwner();
    private final Bvecq source = Bvecq.allocOne(2, Disposal.FREE);
    private final BvecqPos pos;

    /** Builds the source and a position on it. */
    public ExtractSourceReleaseTest() {
        source.appendSlot(memory, 0, 4, owner);
        source.appendSlot(memory, 4, 4, owner);
        pos = BvecqPos.at(source);
    }

    /**
     * Extracts everything, lets the position go, reads through the extract, releases it.
     *
     * @param r r1
     */
    @Actor
    public void extractUser(IIII_Result r) {
        Bvecq extract = pos.extract(8, 8);
        owner.guard(extract);
        pos.unset();
        try {
            r.r1 = bytesRight(extract) ? 1 : 0;
        } catch (BvecqReleasedException e) {
            r.r1 = -1;
        }
        extract.release();
    }

    /**
     * The source's owner lets go of its chain.
     *
     * @param r r2
     */
    @Actor
    public void sourceOwner(IIII_Result r) {
        r.r2 = source.release() ? 1 : 0;
    }

    /**
     * Counts the frees.
     *
     * @param r r3 and r4
     */
    @Arbiter
    public void count(IIII_Result r) {
        r.r3 = owner.disposals();
        r.r4 = owner.earlyFrees();
    }

    private static boolean bytesRight(Bvecq extract) {
        int expected = 1;
        for (Bvecq n = extract; n != null; n = n.nextAcquire()) {
            int nr = n.nrSlotsAcquire();
            for (int s = 0; s < nr; s++) {
                MemorySegment seg = n.segment(s);
                long off = n.offset(s);
                for (long i = 0; i < n.length(s); i++) {
                    if (seg.get(ValueLayout.JAVA_BYTE, off + i) != expected++) {
                        return false;
                    }
                }
            }
        }
        return expected == 9;
    }
}
