/**
 * Worked examples of the bvecq toolkit, built as a downstream project against the installed jars. Each
 * class is one job a storage engineer does with the toolkit; the Javadoc overview page shows their code
 * (the regions marked {@code @start}/{@code @end}), and a JUnit test runs each one and checks its result.
 *
 * <ul>
 *   <li>{@link io.bvecq.examples.SendMessage}: fill a message with typed writes and send it.</li>
 *   <li>{@link io.bvecq.examples.ReadChecksum}: read a file with O_DIRECT and checksum it.</li>
 *   <li>{@link io.bvecq.examples.CarvePieces}: carve a large buffer into transport-sized pieces.</li>
 *   <li>{@link io.bvecq.examples.ProducerConsumer}: a producer and a consumer on a rolling buffer.</li>
 *   <li>{@link io.bvecq.examples.StableWrite}: write to a device that may need stable writes.</li>
 *   <li>{@link io.bvecq.examples.AppendOnlyLog}: length-prefixed, checksummed records, synced and read back.</li>
 *   <li>{@link io.bvecq.examples.HeaderBodySend}: a header and a zero-copy body in gathering writes to a
 *       non-blocking socket.</li>
 *   <li>{@link io.bvecq.examples.SearchIndex}: a Lucene index in a {@code BvecqDirectory}, merged with direct
 *       I/O and searched.</li>
 * </ul>
 */
package io.bvecq.examples;
