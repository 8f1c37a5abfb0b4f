/**
 * bvecq iter: the {@link io.bvecq.iter.IoIter} family, with ITER_BVECQ at its heart, and
 * {@link io.bvecq.iter.Channels} for NIO channels.
 *
 * <p>An iterator walks a {@link io.bvecq.Bvecq} chain from a {@link io.bvecq.BvecqPos} (or a segment, an
 * array of segments or regions) without copying: copies in both directions, checksums in place, and
 * {@code ByteBuffer} views. {@code Channels} writes a chain (for example one taken from a
 * {@link io.bvecq.ChainBuffer} with {@link io.bvecq.ChainBuffer#extract}) to a gathering channel in calls of
 * at most 1024 regions, and reads from a scattering channel into chunks of a {@link io.bvecq.BufferPool},
 * appended to a chain or to a {@link io.bvecq.RollingBuffer}. Requires {@code io.bvecq} transitively.
 */
module io.bvecq.iter {
    requires transitive io.bvecq;
    exports io.bvecq.iter;
}
