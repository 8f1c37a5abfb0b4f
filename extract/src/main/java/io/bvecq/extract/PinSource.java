package io.bvecq.extract;

import io.bvecq.PoolChunk;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The pin contract: an owner of native memory that can promise not to free a region while it is pinned.
 * {@link Extractor} asks it for one pin per zero-copy region and labels the node
 * {@link io.bvecq.Disposal#UNPIN}; the pin is released exactly once, when the node's last reference goes,
 * by the {@link RegionOwner} that {@link #pin} returned.
 *
 * <p>An implementation must make {@code pin} and the returned owner's {@code dispose} safe to call from
 * any thread, and must not free (or hand to another owner) a region while a pin on it is outstanding.
 * {@link #of(PoolChunk)} adapts the toolkit's pooled memory, whose chunks count pins as holds.
 */
@FunctionalInterface
public interface PinSource {
    /**
     * Pins one region.
     *
     * @param segment the region's segment, native
     * @param offset the region's start in {@code segment}
     * @param length the region's length, {@code >= 1}
     * @return the owner that releases this pin when its {@code dispose} is called; never null
     * @throws IllegalArgumentException if the region is not memory this source can pin
     * @throws RuntimeException any other failure to pin; the extraction stops before this region
     */
    RegionOwner pin(MemorySegment segment, long offset, long length);

    /**
     * A pin source for memory of one pooled chunk: each pin is a {@link PoolChunk#pin()} hold, so the chunk
     * cannot return to its pool while an extraction refers to it.
     *
     * @param chunk a held chunk
     * @return a pin source that accepts regions inside {@code chunk.segment()}
     * @throws NullPointerException if {@code chunk} is null
     */
    static PinSource of(PoolChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        return (segment, offset, length) -> {
            MemorySegment mine = chunk.segment();
            long a = segment.address() + offset;
            if (a < mine.address() || a + length > mine.address() + mine.byteSize()) {
                throw new IllegalArgumentException("region at 0x" + Long.toHexString(a) + " length " + length
                        + " (expected: inside " + chunk + " at 0x" + Long.toHexString(mine.address()) + ")");
            }
            return chunk.pin();
        };
    }
}
