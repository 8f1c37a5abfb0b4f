package io.bvecq.stress.sensitivity;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A stripped-down copy of {@link io.bvecq.Bvecq}'s slot storage with the publication done wrong, for the
 * sensitivity tests: the same parallel arrays and the same acquire load of the count on the reader's
 * side, but the producer either stores the count with a plain store (no release) or publishes it before
 * it writes the slot.
 *
 * <p>Threads: one producer appends; readers call {@link #nrSlotsAcquire()} and then the accessors.
 */
final class BrokenSlotNode {
    private static final VarHandle NR_SLOTS;

    static {
        try {
            NR_SLOTS = MethodHandles.lookup().findVarHandle(BrokenSlotNode.class, "nrSlots", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemorySegment[] segments;
    private final long[] offsets;
    private final long[] lengths;
    @SuppressWarnings("unused") // accessed through NR_SLOTS and plainly by appendPlain()
    private int nrSlots;

    /**
     * Creates an empty node.
     *
     * @param maxSlots the capacity
     */
    BrokenSlotNode(int maxSlots) {
        segments = new MemorySegment[maxSlots];
        offsets = new long[maxSlots];
        lengths = new long[maxSlots];
    }

    /**
     * The bug "plain store instead of release": fills the slot, then stores the count plainly, so
     * neither the compiler nor the CPU has to keep the slot writes before it.
     *
     * @param segment the slot's segment
     * @param offset the slot's offset
     * @param length the slot's length
     */
    void appendPlain(MemorySegment segment, long offset, long length) {
        int n = nrSlots;
        segments[n] = segment;
        offsets[n] = offset;
        lengths[n] = length;
        nrSlots = n + 1; // BROKEN on purpose: plain store, no release
    }

    /**
     * The bug "publish first": stores the count (with release, which cannot help) before it fills the slot.
     *
     * @param segment the slot's segment
     * @param offset the slot's offset
     * @param length the slot's length
     */
    void appendEarly(MemorySegment segment, long offset, long length) {
        int n = (int) NR_SLOTS.get(this);
        NR_SLOTS.setRelease(this, n + 1); // BROKEN on purpose: the slot is published before it is written
        segments[n] = segment;
        offsets[n] = offset;
        lengths[n] = length;
    }

    /**
     * The count, loaded with acquire as the real readers do.
     *
     * @return the published slot count
     */
    int nrSlotsAcquire() {
        return (int) NR_SLOTS.getAcquire(this);
    }

    MemorySegment segment(int slot) {
        return segments[slot];
    }

    long offset(int slot) {
        return offsets[slot];
    }

    long length(int slot) {
        return lengths[slot];
    }
}
