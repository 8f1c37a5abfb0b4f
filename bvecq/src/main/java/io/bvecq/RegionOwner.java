package io.bvecq;

import java.lang.foreign.MemorySegment;

/**
 * The party that must be told when a slot's memory region is no longer described by a node: it
 * unlocks, unpins or frees the region according to the node's {@link Disposal} kind.
 *
 * <p>Contract: a node calls {@link #dispose} exactly once for every slot that names this owner,
 * when the node's last reference goes, on the thread that dropped it. An owner named by several
 * slots is called once per slot. The call must not throw for normal operation; if it does, the node
 * still disposes its remaining slots and then rethrows the first failure to the releasing caller.
 */
@FunctionalInterface
public interface RegionOwner {
    /**
     * Releases what this owner holds for one slot.
     *
     * @param kind the disposal kind of the node that held the slot, never {@link Disposal#NONE}
     * @param segment the slot's segment, never {@code null}
     * @param offset the slot's offset into {@code segment}, {@code 0 <= offset <= segment.byteSize()}
     * @param length the slot's length at disposal time (after any shortening), {@code >= 0}
     */
    void dispose(Disposal kind, MemorySegment segment, long offset, long length);

    /**
     * The owner of memory the caller keeps alive itself: its {@link #dispose} does nothing. Use it for a
     * region in a node whose kind needs an owner ({@link Disposal#FREE}, {@link Disposal#UNPIN},
     * {@link Disposal#UNLOCK}) when nothing is to be done at disposal, for example a heap header in a
     * chain of pooled chunks. The caller must keep the memory reachable and valid until the node is
     * disposed (a heap array is kept reachable by the slot's segment; native memory by its arena staying
     * open). For a {@link Disposal#NONE} node pass {@code null}, not this owner.
     *
     * <p>Threads: any. Allocation: none (one shared instance).
     *
     * @return the shared do-nothing owner; the same instance on every call
     */
    static RegionOwner callerKeepsAlive() {
        return CallerKeepsAlive.INSTANCE;
    }
}

/** The do-nothing owner behind {@link RegionOwner#callerKeepsAlive()}. */
enum CallerKeepsAlive implements RegionOwner {
    INSTANCE;

    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        // the caller keeps the memory alive: nothing to release
    }

    @Override
    public String toString() {
        return "RegionOwner.callerKeepsAlive()";
    }
}
