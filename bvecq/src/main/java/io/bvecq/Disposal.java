package io.bvecq;

/**
 * How the memory regions (slots) of one {@link Bvecq} node are disposed of when the node's last
 * reference goes. Every slot of a node shares its node's kind; a chain mixing kinds uses one node per run.
 *
 * <p>Disposal happens exactly once per node, on the thread that drops the last reference. For
 * {@link #UNLOCK}, {@link #UNPIN} and {@link #FREE} every slot that names a {@link RegionOwner} has
 * {@link RegionOwner#dispose} called exactly once.
 */
public enum Disposal {
    /**
     * The memory is retained elsewhere; nothing is done on disposal. Slots carry no owner.
     * (Kernel: external memory, no flag.)
     */
    NONE,
    /**
     * Regions of cache pages that were locked for the I/O; disposal unlocks each slot's owner once.
     * (Kernel: folios locked by readahead, unlocked when the read completes.)
     */
    UNLOCK,
    /**
     * Caller memory pinned for zero-copy I/O; disposal releases each slot's pin once.
     * (Kernel: pages pinned with GUP and unpinned after the I/O.)
     */
    UNPIN,
    /**
     * Memory the toolkit allocated; disposal hands each slot's memory back to its owner, normally a
     * {@link BufferPool}. (Kernel: regions the queue allocated and frees.)
     */
    FREE;

    /**
     * Tells whether slots of this kind must name a {@link RegionOwner}.
     *
     * @return {@code true} for {@link #UNLOCK}, {@link #UNPIN} and {@link #FREE}; {@code false} for {@link #NONE}
     */
    public boolean needsOwner() {
        return this != NONE;
    }
}
