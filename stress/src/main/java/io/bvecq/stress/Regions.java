package io.bvecq.stress;

import java.lang.foreign.MemorySegment;

/**
 * Memory for the tests whose slots only need to exist, never to change: nodes of kind
 * {@link io.bvecq.Disposal#NONE} or owners that do not touch the bytes. One shared heap segment keeps
 * the per-iteration state of a jcstress test cheap to build.
 */
final class Regions {
    /** 4 KiB of heap memory, never written. */
    static final MemorySegment SHARED = MemorySegment.ofArray(new byte[4096]);
    /** A second segment, to tell slots apart by segment identity. */
    static final MemorySegment OTHER = MemorySegment.ofArray(new byte[4096]);

    private Regions() {
    }
}
