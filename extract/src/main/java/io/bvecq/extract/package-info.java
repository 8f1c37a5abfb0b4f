/**
 * Turning sources into chains, bounce buffering and aligned duplication.
 *
 * <ul>
 *   <li>{@link io.bvecq.extract.Extractor}: any {@link io.bvecq.iter.IoIter} into a chain, each node labelled
 *       with its disposal; caller memory owners take part through {@link io.bvecq.extract.PinSource}.</li>
 *   <li>{@link io.bvecq.extract.Bounce}: copy into aligned toolkit memory with a fused CRC32C; the one
 *       copy+checksum loop, used by the io module's bounced writes.</li>
 *   <li>{@link io.bvecq.extract.AlignedDup}: a chain region rounded out to a block size, with header and
 *       trailer attachment.</li>
 * </ul>
 * The stable-write policy that decides when to bounce lives with its user, the io module
 * (<a href="{@docRoot}/io.bvecq.io/io/bvecq/io/WritePolicy.html">{@code io.bvecq.io.WritePolicy}</a>);
 * why some devices need their writes bounced is told on the
 * <a href="{@docRoot}/index.html#stable-writes">overview page</a> (job 5).
 */
package io.bvecq.extract;
