package io.bvecq.netfs.internal;

/**
 * The queue of one stream's sub-requests in file order: one issuer appends at the tail, one collector removes
 * at the front, and one node always stays (the last one removed, or a sentinel), so the two ends never meet
 * on an empty queue (kernel {@code stream->subrequests} with {@code NETFS_RREQ_ALL_QUEUED}).
 *
 * <pre>
 *   head (collector) --next--&gt; front --next--&gt; ... --next--&gt; tail (issuer)
 *   sentinel / last collected      oldest not yet collected     newest
 * </pre>
 *
 * <table class="striped">
 *   <caption>Memory ordering</caption>
 *   <thead><tr><th>writer</th><th>reader</th><th>what the reader may rely on</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #append}: release of the tail's {@code next}</td><td>{@link #frontAcquire()}</td>
 *       <td>the sub-request's range, kind, payload and in-progress state</td></tr>
 *   <tr><td>{@link #setAllQueuedRelease()}, after the last append</td><td>{@link #isDrainedAcquire()}: acquire of
 *       the flag, then acquire of the front</td><td>no sub-request can still appear: the flag is read first,
 *       so an empty front seen after it is final</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Threads: {@link #append} and {@link #setAllQueuedRelease()} by the one issuer; {@link #frontAcquire()},
 * {@link #removeFront()} and {@link #isDrainedAcquire()} by the one collector.
 */
public final class SubrequestQueue {
    private Subrequest head; // collector only
    private Subrequest tail; // issuer only
    private volatile boolean allQueued;

    /** Creates an empty queue holding its sentinel. */
    public SubrequestQueue() {
        head = new Subrequest(0, 0, 0, -1);
        tail = head;
    }

    /**
     * Marks {@code s} in progress and appends it. Issuer only.
     *
     * @param s a new sub-request, in no queue
     * @throws IllegalStateException if everything was already queued
     */
    public void append(Subrequest s) {
        if (allQueued) {
            throw new IllegalStateException("append after setAllQueuedRelease(): " + s);
        }
        s.markInProgress();
        tail.setNextRelease(s); // release: pairs with frontAcquire()
        tail = s;
    }

    /** Says that nothing more will be appended. Issuer only, after its last {@link #append}. */
    public void setAllQueuedRelease() {
        allQueued = true; // volatile store: after the last append's release; pairs with isDrainedAcquire()
    }

    /**
     * Tells whether {@link #setAllQueuedRelease()} was called.
     *
     * @return the flag
     */
    public boolean isAllQueued() {
        return allQueued;
    }

    /**
     * The oldest sub-request not yet removed. Collector only.
     *
     * @return it, or {@code null} if none is queued now
     */
    public Subrequest frontAcquire() {
        return head.nextAcquire();
    }

    /**
     * Removes the front; it stays as the node the queue keeps. Collector only.
     *
     * @return the removed sub-request
     * @throws IllegalStateException if the queue is empty
     */
    public Subrequest removeFront() {
        Subrequest f = head.nextAcquire();
        if (f == null) {
            throw new IllegalStateException("removeFront on an empty queue");
        }
        head = f;
        return f;
    }

    /**
     * Tells whether everything was queued and collected. Collector only.
     *
     * @return {@code true} if {@link #setAllQueuedRelease()} was called and no sub-request is left
     */
    public boolean isDrainedAcquire() {
        if (!allQueued) { // volatile load first: an append before the flag is then visible below
            return false;
        }
        return head.nextAcquire() == null;
    }
}
