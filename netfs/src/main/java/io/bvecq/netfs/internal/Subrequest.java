package io.bvecq.netfs.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One sub-request of a read or write request: a slice of the request's chain, the file range it covers, where
 * its bytes go to or come from, and the state the issuer, the worker and the collector hand between them
 * (kernel {@code struct netfs_io_subrequest}).
 *
 * <h2>Who writes what</h2>
 * <table class="striped">
 *   <caption>Fields by owner and the release/acquire pair that hands them over</caption>
 *   <thead><tr><th>field</th><th>written by</th><th>published by</th><th>read by, after</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code bufStart}, {@code position}, {@code length}, {@code kind}, {@code payload}</td>
 *       <td>issuer, before queueing</td><td>{@link SubrequestQueue#append} (release of {@code next})</td>
 *       <td>collector, after {@link SubrequestQueue#frontAcquire()}</td></tr>
 *   <tr><td>{@code lastResult}, {@code error}</td><td>worker, one attempt</td>
 *       <td>{@link #completeRelease()}</td><td>collector, after {@link #isCompletedAcquire()}</td></tr>
 *   <tr><td>{@code transferred}, {@code retries}, {@code progressRetries}</td><td>collector only</td>
 *       <td>{@link #markInProgress()} before it hands a retry to a worker (the executor's own
 *       happens-before covers the hand-off)</td><td>worker of the retry</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>The state is {@code IN_PROGRESS} from queueing until the worker completes an attempt; the collector then
 * either retires it or marks it in progress again and reissues it. A completed sub-request is never changed by a
 * worker again.
 */
public final class Subrequest {
    private static final int IN_PROGRESS = 1;
    private static final int COMPLETED = 2;
    private static final VarHandle STATE;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Subrequest.class, "state", int.class);
            NEXT = l.findVarHandle(Subrequest.class, "next", Subrequest.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Index of the first byte in the request's chain. */
    public final long bufStart;
    /** File position of the first byte. */
    public final long position;
    /** Bytes covered. */
    public final long length;
    /** What the owning request does with it (its own numbering). */
    public int kind;
    /** Whatever the owning request attaches (the slice's iterator, a duplicate); issuer and collector only. */
    public Object payload;
    /** Bytes confirmed by completed attempts; collector only. */
    public long transferred;
    /** Retries that made no progress or failed; collector only. */
    public int retries;
    /** Every reissue, progress or not; collector only. */
    public int attempts;
    /** Bytes the last attempt reported; written by the worker before {@link #completeRelease()}. */
    public long lastResult;
    /** The last attempt's failure or {@code null}; written by the worker before {@link #completeRelease()}. */
    public Throwable error;
    @SuppressWarnings("unused") // through STATE
    private int state;
    @SuppressWarnings("unused") // through NEXT
    private Subrequest next;

    /**
     * Creates a sub-request, not yet in progress.
     *
     * @param bufStart the chain index of its first byte, {@code >= 0}
     * @param position the file position of its first byte, {@code >= 0}
     * @param length its bytes, {@code >= 0} (0 only for a queue's sentinel)
     * @param kind the owner's tag
     * @throws IllegalArgumentException if a value is negative
     */
    public Subrequest(long bufStart, long position, long length, int kind) {
        if (bufStart < 0 || position < 0 || length < 0) {
            throw new IllegalArgumentException("bufStart: " + bufStart + ", position: " + position + ", length: " + length
                    + " (expected: all >= 0)");
        }
        this.bufStart = bufStart;
        this.position = position;
        this.length = length;
        this.kind = kind;
    }

    /** Marks an attempt as started: issuer before {@link SubrequestQueue#append}, collector before a reissue. */
    public void markInProgress() {
        lastResult = 0;
        error = null;
        STATE.set(this, IN_PROGRESS); // plain: published by the queue's release or by the executor hand-off
    }

    /**
     * Completes an attempt: worker only, after writing {@link #lastResult} and {@link #error}.
     */
    public void completeRelease() {
        // release: lastResult/error before the state; pairs with isCompletedAcquire() in the collector
        STATE.setRelease(this, COMPLETED);
    }

    /**
     * Tells whether the last attempt completed; after {@code true} its {@link #lastResult} and {@link #error}
     * are visible.
     *
     * @return {@code true} once the worker called {@link #completeRelease()} for the current attempt
     */
    public boolean isCompletedAcquire() {
        // acquire: pairs with completeRelease(); the worker's results are visible after true
        return (int) STATE.getAcquire(this) == COMPLETED;
    }

    /**
     * The end of the covered range in chain bytes.
     *
     * @return {@code bufStart + length}
     */
    public long bufEnd() {
        return bufStart + length;
    }

    Subrequest nextAcquire() {
        // acquire: pairs with setNextRelease() in SubrequestQueue.append(); the node's fields are visible
        return (Subrequest) NEXT.getAcquire(this);
    }

    void setNextRelease(Subrequest n) {
        // release: the issuer's writes to n (range, kind, payload, IN_PROGRESS) before the link
        NEXT.setRelease(this, n);
    }

    /**
     * Describes the sub-request for messages.
     *
     * @return {@code Subrequest[pos=.., len=.., done=.., retries=..]}
     */
    @Override
    public String toString() {
        return "Subrequest[pos=" + position + ", len=" + length + ", transferred=" + transferred + ", retries=" + retries
                + "]";
    }
}
