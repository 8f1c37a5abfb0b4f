package io.bvecq.cli;

import io.bvecq.Bvecq;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A stand-in for a device that needs stable writes: it reads a chain twice, as a checksumming or parity
 * device does. Pass one computes the CRC32C of the chain in place (the checksum it would store); pass two
 * copies the bytes out (the transfer) and checksums what arrived. If the memory changed between the
 * passes, the two disagree: the device would have stored data with a checksum that does not describe it.
 *
 * <p>Threads: one thread at a time; the sink reuses its transfer buffer.
 */
final class ChecksummingSink {
    private final MemorySegment landed;
    private final ByteBuffer landedView;
    private final CRC32C crc = new CRC32C();
    private long lastChecksum;

    /** A sink that takes writes of up to {@code capacity} bytes into {@code landed}. */
    ChecksummingSink(MemorySegment landed) {
        this.landed = landed;
        this.landedView = landed.asByteBuffer();
    }

    /**
     * Takes one write: checksum pass, then transfer pass.
     *
     * @return {@code true} if the checksum of the bytes that landed equals the checksum of pass one
     */
    boolean write(Bvecq head) {
        crc.reset();
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                long len = n.length(s);
                if (len > 0) {
                    crc.update(n.segment(s).asSlice(n.offset(s), len).asByteBuffer());
                }
            }
        }
        lastChecksum = crc.getValue();
        // the device queues the data for transfer; other threads run meanwhile
        Thread.yield();
        long at = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                long len = n.length(s);
                if (len > 0) {
                    MemorySegment.copy(n.segment(s), n.offset(s), landed, at, len);
                    at += len;
                }
            }
        }
        crc.reset();
        landedView.clear().limit((int) at);
        crc.update(landedView);
        return crc.getValue() == lastChecksum;
    }

    /** The checksum pass one computed for the last write. */
    long lastChecksum() {
        return lastChecksum;
    }
}
