/**
 * The request engine of a network file system client: netfslib's read and write requests over bvecq chains.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.bvecq.netfs.NetfsServer} and {@link io.bvecq.netfs.NetfsCache}: the backends, with
 *       {@link io.bvecq.netfs.FileServer}, {@link io.bvecq.netfs.HttpObjectServer} and
 *       {@link io.bvecq.netfs.CacheFile} shipped;</li>
 *   <li>{@link io.bvecq.netfs.Netfs}: runs read requests (direct into a caller's chain, or buffered into a
 *       {@link io.bvecq.netfs.PageCache}) and write requests;</li>
 *   <li>{@link io.bvecq.netfs.RegionRelease}: what happens to each region once collected (unlock, end
 *       writeback).</li>
 * </ul>
 *
 * <h2>The state machine of a request</h2>
 * <pre>
 *            carve: slice(min(limit, left), maxSegs) from the dispatch cursor
 *   ISSUE  ---------------------------------------------------------------&gt; sub-request IN_PROGRESS
 *     ^                                                                       | worker: attempt, then
 *     | reissue (IN_PROGRESS again)                                           | completeRelease()
 *     |                                                                       v
 *   RETRY &lt;---- short with progress / error (&lt;= 3) / cache failure ----  COMPLETED (front of its queue?)
 *                                                                             |
 *     FAILED &lt;-- no progress (ENODATA) / 4th error / bad count ---------------+
 *       | drain: wait for every sub-request in flight, touch nothing         | done (or hit EOF: zero-fill)
 *       v                                                                     v
 *   ABANDON: release every region past the collected point (not ok)      RETIRED: the collected point passes
 *       |                                                                its end; regions behind it released
 *       v                                                                     |
 *   thrown to the caller                     all queued and every stream drained: COMPLETE
 * </pre>
 *
 * <h3>Source of a read sub-request</h3>
 * At the dispatch cursor's file position: zeroes past the end of the object; else the cache if its occupancy
 * (asked only when the cursor passes the last two extents it reported) holds the position, up to the extent's
 * end; else the server, up to the next cached extent, and those bytes are then written to the cache in
 * contiguous runs trimmed to whole blocks. {@code rsize} and the segment limit bound every slice; a slice also
 * stops at a discontiguous node, so one sub-request never spans two file ranges.
 *
 * <h3>Termination and retry</h3>
 * <ul>
 *   <li>A short read that reached the end of the object is zero-filled to its end.</li>
 *   <li>A short transfer that made progress is reissued from its dispatch position plus what it transferred.
 *       The iterator is <em>reverted</em> (or advanced) to exactly that point from wherever the backend left it:
 *       a revert walks back through the chain's {@code prev} links without a new reference, where a fresh
 *       iterator from the dispatch position would take one and walk the slice from its start each retry.</li>
 *   <li>A read with no progress before the end of the object fails with {@code ENODATA}.</li>
 *   <li>A cache read error, or a cache read with no progress, reissues the range from the server.</li>
 *   <li>An error is retried; the fourth error of one sub-request fails the request.</li>
 *   <li>A short write is reissued after the server's {@link io.bvecq.netfs.WritePreparer} renegotiated its limits
 *       (the iterator cut to them with {@code limit()}), or, where the server has none, reissued as it is: the
 *       preparer is an {@link java.util.Optional}, so there is no null to dereference (the seed's fix).</li>
 *   <li>A cache write error never fails a request: it stops the cache stream and the cache is invalidated at the
 *       end. A write the cache cannot follow block for block (an unaligned start, or an unaligned end before the
 *       object's end) invalidates it too.</li>
 * </ul>
 *
 * <h3>Collection, strictly in order</h3>
 * Each stream's collected point moves only over its front sub-request once that is done; a write request's
 * collected point is the least over its active streams. A region (a page, a slot) is released exactly once: by
 * the collector's forward-only walk when the collected point passes its end, or by the same walk carrying on
 * from the collected point when the request is abandoned. Nothing else releases regions, so an abandoned read
 * cannot release one twice, and a page its caller locked itself is never in the walk's hands
 * ({@code NO_UNLOCK_FOLIO}). Progress is reported whenever at least 256 KiB more was collected.
 *
 * <h3>Memory ordering</h3>
 * The issuer fills a sub-request, marks it in progress and publishes it into its queue with a release store of
 * the predecessor's {@code next}; the collector reads the front with acquire. A worker writes its result, then
 * the state with release; the collector reads the state with acquire and only then the result. "All queued" is
 * published after the last append and read before the front. Only the issuer appends and only the collector
 * removes; one node always stays in the queue. See {@code io.bvecq.netfs.internal.SubrequestQueue}.
 */
package io.bvecq.netfs;
