/**
 * bvecq extract: any source into a chain, bounce buffering with a fused CRC32C, and aligned duplication.
 *
 * <p>{@link io.bvecq.extract.Extractor} turns the bytes of any {@link io.bvecq.iter.IoIter} into a
 * {@link io.bvecq.Bvecq} chain, each node labelled with its {@link io.bvecq.Disposal};
 * {@link io.bvecq.extract.Bounce} copies into {@link io.bvecq.BufferPool} memory with the CRC32C taken in
 * the same pass, which is what the
 * <a href="{@docRoot}/io.bvecq.io/module-summary.html">{@code io.bvecq.io}</a> module's bounced writes
 * to stable-writes devices run. Requires {@code io.bvecq.iter} transitively.
 */
module io.bvecq.extract {
    requires transitive io.bvecq.iter;

    exports io.bvecq.extract;
}
