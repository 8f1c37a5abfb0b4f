/**
 * Linux file I/O through FFM downcalls: direct, bounced and uncached buffered, and the stable-write
 * policy that chooses between them.
 *
 * <h2>One path for every iterator</h2>
 * {@link io.bvecq.io.IoFile} reads and writes any {@link io.bvecq.iter.IoIter} that has memory (a chain,
 * a single segment, an array of segments or of regions); the chain overloads only make a BVECQ iterator.
 * <pre>
 *   IoFile.write(off, IoIter, policy)
 *     |  alignment(), allNative()          the iterator measures itself
 *     |  WritePolicy.decide(sink, shape)   pure decision table: strategy + reason
 *     +-- DIRECT   : Transfers.writeDirect(iterator)  --+
 *     +-- BUFFERED : Transfers.writeBuffered(iterator) --+-- IoIter.fillIovecs -&gt; pwritev(2) -&gt; IoIter.advance(n)
 *     +-- BOUNCE   : Bounce.copyInto(iterator, window, crc), then Transfers.writeDirect(window)
 * </pre>
 * The iterator walks its own memory and fills the iovec array ({@link io.bvecq.iter.Iovecs}, at most
 * {@code IOV_MAX} entries, one cached array per thread that holds only numbers); the transfer loops only
 * call the kernel and move the iterator by what it transferred. Heap memory has no address the kernel
 * can use: writes from it are bounced (or, for {@code BUFFERED}, copied through the same window), reads
 * into it land in the window first and are copied out with {@link io.bvecq.iter.IoIter#copyToIter}.
 *
 * <h2>Why the policy types live here</h2>
 * {@link io.bvecq.io.WritePolicy}, its decision ({@link io.bvecq.io.WriteDecision},
 * {@link io.bvecq.io.WriteStrategy}, {@link io.bvecq.io.WriteReason}), its inputs
 * ({@link io.bvecq.io.SinkProfile}, {@link io.bvecq.io.BlastRadius}, {@link io.bvecq.io.WriteShape}) and
 * {@link io.bvecq.io.WriteRefusedException} describe how a write reaches a file: their only user in the
 * libraries is {@link io.bvecq.io.IoFile}, which builds the sink profile from {@code statx} and sysfs and
 * carries the decision out. The extract module supplies the copy ({@link io.bvecq.extract.Bounce}) and
 * needs no policy. The decision table itself stays a pure function with no I/O in it, testable alone.
 */
package io.bvecq.io;
