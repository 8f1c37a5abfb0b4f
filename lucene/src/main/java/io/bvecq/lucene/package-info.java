/**
 * A Lucene 10 {@link org.apache.lucene.store.Directory} on the toolkit: {@link io.bvecq.lucene.BvecqDirectory}.
 *
 * <h2>What goes where</h2>
 * <pre>
 *   IndexOutput  : bytes -&gt; a pooled chunk (CRC32 as they come) -&gt; IoFile.write per full chunk (O_DIRECT,
 *                  bounced on stable-writes devices), on a writer thread while the next bytes go into a second
 *                  chunk (write-behind) ; at close: aligned prefix direct, tail uncached buffered
 *   IndexInput   : merge / sequential  -&gt; IoFile.read of whole chunks (O_DIRECT) into pooled chunks, shared by
 *                                        the input's clones and slices by reference
 *                  everything else     -&gt; MMapDirectory
 *   sync, rename, syncMetaData, deleteFile, listAll, locks : FSDirectory, unchanged
 * </pre>
 * Lucene is a {@code provided} dependency: the application brings Lucene 10.x; the other bvecq modules never
 * depend on it.
 */
package io.bvecq.lucene;
