package io.bvecq.io;

/**
 * What a file's file system and device need and allow, as found when the file was opened.
 *
 * @param fileSystem the file system type (e.g. {@code "ext4"}), or {@code "unknown"}
 * @param devMajor the major number of the device holding the file ({@code statx stx_dev_major})
 * @param devMinor the minor number of that device
 * @param dioMemAlign the memory alignment direct I/O needs ({@code stx_dio_mem_align}); 0 if direct I/O is
 *     not available
 * @param dioOffsetAlign the file offset and length alignment direct I/O needs ({@code stx_dio_offset_align});
 *     0 if direct I/O is not available
 * @param stableWrites whether the device needs stable writes (its queue's {@code stable_writes} is 1)
 * @param stableWritesSource the sysfs file that said so, or why none could be read
 * @param blastRadius who notices a write whose memory changes in flight on this device
 * @param dontcache whether buffered I/O with {@code RWF_DONTCACHE} works on this file system
 * @param atomicWriteUnitMax the largest untorn write in bytes ({@code stx_atomic_write_unit_max}), 0 if none
 */
public record FileCapabilities(String fileSystem, int devMajor, int devMinor, int dioMemAlign, int dioOffsetAlign,
        boolean stableWrites, String stableWritesSource, BlastRadius blastRadius, boolean dontcache,
        int atomicWriteUnitMax) {

    /**
     * Tells whether direct I/O is available at all.
     *
     * @return {@code dioOffsetAlign() != 0}
     */
    public boolean directIo() {
        return dioOffsetAlign != 0;
    }

    /**
     * Tells whether several threads may write at once without being serialised. True when direct I/O is
     * available: direct (and bounced) writes run in parallel; writes that fall back to buffered I/O are
     * still serialised, one at a time per file, so that writeback errors are attributed to their call.
     *
     * @return {@code directIo()}
     */
    public boolean parallelDirectWrites() {
        return directIo();
    }

    /**
     * Tells whether untorn (atomic) writes are possible: only on the direct path, and only if the file
     * system reports an atomic write unit.
     *
     * @return {@code directIo() && atomicWriteUnitMax() > 0}
     */
    public boolean atomicWrites() {
        return directIo() && atomicWriteUnitMax > 0;
    }

    /**
     * The device as {@code MAJOR:MINOR}, the key used for per-file-system state.
     *
     * @return e.g. {@code "254:0"}
     */
    public String device() {
        return devMajor + ":" + devMinor;
    }

    /**
     * This sink as the write policy sees it.
     *
     * @return the profile for {@link WritePolicy#decide}
     */
    public SinkProfile sinkProfile() {
        return new SinkProfile(stableWrites, blastRadius, dioMemAlign, dioOffsetAlign);
    }
}
