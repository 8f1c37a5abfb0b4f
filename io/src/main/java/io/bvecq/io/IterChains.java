package io.bvecq.io;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.Regions;

/**
 * Describes the remaining bytes of a non-chain {@link IoIter} as a {@link Disposal#NONE} chain, so that the
 * chain paths of {@link IoFile} serve every iterator type. The chain points into the iterator's memory
 * without copying and keeps nothing alive: it is used and released within one call, while the caller's
 * memory is valid.
 */
final class IterChains {
    private static final int REGIONS = 256;

    private IterChains() {
    }

    /**
     * Extracts all of {@code it}'s remaining bytes (advancing it by {@code it.count()}) into a new NONE chain.
     *
     * @return the chain's head; the caller releases it
     */
    static Bvecq describe(IoIter it) {
        Regions regs = new Regions(REGIONS);
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        boolean success = false;
        try {
            Bvecq tail = head;
            while (it.count() > 0) {
                long n = it.extract(it.count(), REGIONS, regs);
                if (n == 0) {
                    break;
                }
                for (int i = 0; i < regs.size(); i++) {
                    tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, regs.segment(i), regs.offset(i), regs.length(i),
                            null);
                }
            }
            success = true;
            return head;
        } finally {
            if (!success) {
                head.release();
            }
        }
    }
}
