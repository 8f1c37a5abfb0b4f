package io.bvecq.examples;

import io.bvecq.Bvecq;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteResult;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Job 5: write to a device that may need <em>stable writes</em> (checksumming or parity RAID, zram: the
 * device reads the data twice, so memory that changes in flight corrupts it). The caller does not need to
 * know the device: {@link IoFile} reads {@code statx} and the block queue's {@code stable_writes}, and
 * {@link WritePolicy#AUTO} writes zero-copy where that is safe and bounces (copies into toolkit memory,
 * taking the CRC32C during the copy, then writes the copy with O_DIRECT) where it is not.
 */
public final class StableWrite {
    private StableWrite() {
    }

    /**
     * Writes a chain at an offset with a policy, makes it durable, and reports what was done.
     *
     * @param path the file, created if missing
     * @param offset the file offset, a multiple of the direct-I/O alignment for a direct write
     * @param chain the bytes; the caller keeps its reference
     * @param policy {@link WritePolicy#AUTO} almost always; {@link WritePolicy#BOUNCE} when the caller's
     *     memory may change while the write is in flight, or to get the CRC32C of exactly what was written
     * @return the bytes written, the strategy with its reason, and the CRC32C when the write was bounced
     * @throws IOException if the file cannot be opened, written or synced
     */
    // @start region="write"
    public static WriteResult write(Path path, long offset, Bvecq chain, WritePolicy policy) throws IOException {
        try (IoFile f = IoFile.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // f.capabilities(): file system, DIO alignments, stable_writes and its sysfs source, blast radius
            WriteResult r = f.write(offset, chain, policy);
            // r.decision().text(): e.g. "bounce (device needs stable writes: ...)"; r.crc32c() when bounced
            f.sync();                                       // fdatasync: durable before we say so
            return r;
        }
    }
    // @end
}
