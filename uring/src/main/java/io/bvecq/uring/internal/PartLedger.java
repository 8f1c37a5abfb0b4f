package io.bvecq.uring.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counts the parts (SQEs) of one request down to its completion, so that exactly one thread, the one that
 * completes the last part, finishes the request: settles the iterator, releases the chain and reports. Parts
 * may complete on different threads.
 *
 * <table class="striped">
 *   <caption>Ordering</caption>
 *   <thead><tr><th>completing a part</th><th>completing the last part</th></tr></thead>
 *   <tbody>
 *   <tr><td>record the part's outcome (plain writes), then {@link #partDone()}: a volatile
 *       get-and-add of -1 (release)</td>
 *       <td>{@link #partDone()} returns true: its get-and-add (acquire) read the value the other parts' decrements
 *       left, so their outcomes are visible; then it finishes the request</td></tr>
 *   </tbody>
 * </table>
 * The count reaches 0 once, so {@code true} is returned once per {@link #begin}.
 *
 * <p>Not part of the API: the package is not exported. Threads: {@link #begin} before the parts are handed to
 * other threads (their hand-off publishes it); {@link #partDone()} from any thread.
 */
public final class PartLedger {
    private static final VarHandle LEFT;

    static {
        try {
            LEFT = MethodHandles.lookup().findVarHandle(PartLedger.class, "left", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through LEFT
    private volatile int left;

    /** Creates a ledger with no parts. */
    public PartLedger() {
    }

    /**
     * Starts counting {@code parts} parts.
     *
     * @param parts {@code >= 1}
     * @throws IllegalArgumentException if {@code parts < 1}
     * @throws IllegalStateException if parts of an earlier round are still outstanding
     */
    public void begin(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts: " + parts + " (expected: parts >= 1)");
        }
        int now = (int) LEFT.getVolatile(this);
        if (now != 0) {
            throw new IllegalStateException("PartLedger: " + now + " parts still outstanding");
        }
        LEFT.setVolatile(this, parts);
    }

    /**
     * Adds parts to a round in progress (a follow-up operation such as a writeback), called by the thread that
     * holds an outstanding part, before it calls {@link #partDone()} for it.
     *
     * @param more {@code >= 1}
     * @throws IllegalArgumentException if {@code more < 1}
     */
    public void add(int more) {
        if (more < 1) {
            throw new IllegalArgumentException("more: " + more + " (expected: more >= 1)");
        }
        LEFT.getAndAdd(this, more);
    }

    /**
     * Counts one part done.
     *
     * @return true for exactly one call per round: the one that completed the last part; it sees every other
     *     part's writes made before their {@code partDone()}
     * @throws IllegalStateException if no part was outstanding (a part counted twice); the count is unchanged
     */
    public boolean partDone() {
        int before = (int) LEFT.getAndAdd(this, -1);
        if (before <= 0) {
            LEFT.getAndAdd(this, 1);
            throw new IllegalStateException("PartLedger: partDone() with " + before + " parts outstanding");
        }
        return before == 1;
    }

    /**
     * The parts still outstanding.
     *
     * @return {@code >= 0}
     */
    public int outstanding() {
        return (int) LEFT.getVolatile(this);
    }
}
