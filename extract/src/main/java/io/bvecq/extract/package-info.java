/**
 * Turning sources into chains, the stable-write policy, bounce buffering and aligned duplication.
 *
 * <ul>
 *   <li>{@link io.bvecq.extract.Extractor}: any {@link io.bvecq.iter.IoIter} into a chain, each node labelled
 *       with its disposal; caller memory owners take part through {@link io.bvecq.extract.PinSource}.</li>
 *   <li>The write policy (SPEC section 6): {@link io.bvecq.extract.WritePolicy#decide} takes a
 *       {@link io.bvecq.extract.SinkProfile} (stable writes, {@link io.bvecq.extract.BlastRadius},
 *       direct-I/O alignments) and a {@link io.bvecq.extract.WriteShape} and returns a
 *       {@link io.bvecq.extract.WriteDecision}: a {@link io.bvecq.extract.WriteStrategy} and a
 *       {@link io.bvecq.extract.WriteReason}.</li>
 *   <li>{@link io.bvecq.extract.Bounce}: copy into aligned pool memory with a fused CRC32C.</li>
 *   <li>{@link io.bvecq.extract.AlignedDup}: a chain region rounded out to a block size, with header and
 *       trailer attachment.</li>
 *   <li>{@link io.bvecq.extract.StableWritesExperiment}: the stable-writes hazard and the bounce cure,
 *       measured.</li>
 * </ul>
 */
package io.bvecq.extract;
