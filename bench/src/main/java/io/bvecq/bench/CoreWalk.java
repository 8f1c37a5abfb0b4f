package io.bvecq.bench;

import io.bvecq.Bvecq;
import java.lang.foreign.MemorySegment;

/**
 * Copies between a chain and contiguous memory using only the core's public slot accessors: the path a
 * user has without the iterator module. Each slot costs the accessors' checks (liveness, slot bound)
 * plus one {@link MemorySegment#copy}.
 */
final class CoreWalk {
    private CoreWalk() {
    }

    /** Copies every byte of the chain at {@code head} into {@code dst} from offset 0; returns the bytes copied. */
    static long copyOut(Bvecq head, MemorySegment dst) {
        long pos = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            int nr = n.nrSlotsAcquire();
            for (int s = 0; s < nr; s++) {
                long len = n.length(s);
                MemorySegment.copy(n.segment(s), n.offset(s), dst, pos, len);
                pos += len;
            }
        }
        return pos;
    }

    /** Fills every slot of the chain at {@code head} from {@code src} starting at offset 0; returns the bytes copied. */
    static long copyIn(MemorySegment src, Bvecq head) {
        long pos = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            int nr = n.nrSlotsAcquire();
            for (int s = 0; s < nr; s++) {
                long len = n.length(s);
                MemorySegment.copy(src, pos, n.segment(s), n.offset(s), len);
                pos += len;
            }
        }
        return pos;
    }
}
