package io.bvecq.io;

/**
 * What one {@link IoFile} write did: how many bytes reached the file, the decision of the write policy
 * (strategy and reason), and the CRC32C of the bytes when the write was bounced (computed during the
 * copy, so it describes exactly the bytes written, whatever the caller did to its memory meanwhile).
 *
 * @param bytes the bytes written, all of the requested length
 * @param decision the strategy taken and why
 * @param crc32c the CRC32C of the bytes written when {@code decision.strategy()} is {@code BOUNCE}, else -1
 */
public record WriteResult(long bytes, WriteDecision decision, long crc32c) {
    /**
     * Tells whether a checksum was computed during the write.
     *
     * @return {@code crc32c() >= 0}
     */
    public boolean hasCrc32c() {
        return crc32c >= 0;
    }
}
