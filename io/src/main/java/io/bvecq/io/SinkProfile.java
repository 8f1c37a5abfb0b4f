package io.bvecq.io;

import java.util.Objects;

/**
 * What a write destination needs and allows, as far as the write policy is concerned. {@link IoFile}
 * builds one per open file from {@code statx(STATX_DIOALIGN)} and the block queue's
 * {@code stable_writes} attribute.
 *
 * @param stableWrites whether the sink reads the data more than once (checksum or parity, then transfer)
 *     and so needs memory that does not change while a write is in flight
 * @param blastRadius who can notice a torn write on this sink
 * @param dioMemAlign the memory alignment direct I/O needs, in bytes: a power of two, or 0 when the sink
 *     has no direct I/O
 * @param dioOffsetAlign the file offset and length alignment direct I/O needs: a power of two, or 0 when
 *     the sink has no direct I/O; 0 exactly when {@code dioMemAlign} is 0
 */
public record SinkProfile(boolean stableWrites, BlastRadius blastRadius, long dioMemAlign, long dioOffsetAlign) {
    /**
     * Checks a profile.
     *
     * @param stableWrites whether the sink needs stable writes
     * @param blastRadius who can notice a torn write
     * @param dioMemAlign 0 or a power of two
     * @param dioOffsetAlign 0 or a power of two; 0 exactly when {@code dioMemAlign} is 0
     * @throws IllegalArgumentException if an alignment is negative, not a power of two, or only one is 0
     * @throws NullPointerException if {@code blastRadius} is null
     */
    public SinkProfile {
        Objects.requireNonNull(blastRadius, "blastRadius");
        checkAlign("dioMemAlign", dioMemAlign);
        checkAlign("dioOffsetAlign", dioOffsetAlign);
        if ((dioMemAlign == 0) != (dioOffsetAlign == 0)) {
            throw new IllegalArgumentException("dioMemAlign=" + dioMemAlign + ", dioOffsetAlign=" + dioOffsetAlign
                    + " (expected: both 0, no direct I/O, or both powers of two)");
        }
    }

    /**
     * A sink with direct I/O, choosing the conservative radius {@link BlastRadius#EVERYONE} for a
     * stable-writes sink (sysfs cannot tell a checksumming disk from a RAID5 array) and
     * {@link BlastRadius#UNCHECKED} otherwise.
     *
     * @param stableWrites whether the sink needs stable writes
     * @param dioMemAlign a power of two, or 0 for no direct I/O
     * @param dioOffsetAlign a power of two, or 0 for no direct I/O
     * @return the profile
     * @throws IllegalArgumentException as for the canonical constructor
     */
    public static SinkProfile of(boolean stableWrites, long dioMemAlign, long dioOffsetAlign) {
        return new SinkProfile(stableWrites, stableWrites ? BlastRadius.EVERYONE : BlastRadius.UNCHECKED,
                dioMemAlign, dioOffsetAlign);
    }

    /**
     * Tells whether the sink supports direct I/O at all.
     *
     * @return {@code dioOffsetAlign() != 0}
     */
    public boolean supportsDirectIo() {
        return dioOffsetAlign != 0;
    }

    private static void checkAlign(String name, long v) {
        if (v < 0 || (v & (v - 1)) != 0) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: 0 or a power of two)");
        }
    }
}
