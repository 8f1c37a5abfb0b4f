package io.bvecq.netfs;

import io.bvecq.RegionOwner;

/**
 * What a request does with each memory region of its chain once the collected point has passed the region's
 * end (kernel: unlock the folio after a read, end its writeback after a write). A request calls it exactly once
 * for every slot with bytes, in file order, on the thread that runs the request: with {@code ok == true} when
 * the region's bytes were transferred, with {@code ok == false} when the request failed or was abandoned before
 * they were.
 */
@FunctionalInterface
public interface RegionRelease {
    /** Does nothing: for chains whose regions need no unlocking. */
    RegionRelease NONE = (owner, position, length, ok) -> { };

    /**
     * Releases one region.
     *
     * @param owner the slot's owner as the chain names it ({@code null} in a {@code NONE} node)
     * @param position the file position of the region's first byte
     * @param length the region's bytes, {@code >= 1}
     * @param ok whether the region's bytes were transferred
     */
    void release(RegionOwner owner, long position, long length, boolean ok);
}
