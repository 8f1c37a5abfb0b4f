package io.bvecq.iter;

import io.bvecq.Bvecq;
import io.bvecq.BvecqReleasedException;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The first seam of {@link IoIter}: what every iterator is, whatever its memory. It holds the count, the
 * bytes consumed and the bytes truncated, moves (advance, revert, restore), truncates and reexpands,
 * saves states and closes; and it declares the hooks each type provides ({@code move}, {@code back},
 * {@code walkFrom}, {@code walkNext}). Package-private: its public members are part of {@link IoIter}
 * and documented there.
 *
 * <p>The second seam, {@link IterMemory}, holds the operations that touch or describe memory; the public
 * class {@link IoIter} holds the factories.
 */
abstract class IterCore implements AutoCloseable {
    static final int SKIP = 0;
    static final int OUT = 1;
    static final int IN = 2;
    static final int ZERO = 3;

    private final Direction direction;
    private final IterType type;
    long count;
    long consumed;
    long slack;
    private boolean closed;

    // Read-only walk cursor, reused by every walk so that walks allocate nothing (one thread at a time).
    MemorySegment wSeg;
    long wOff;
    long wLen;
    Bvecq wNode;

    IterCore(IterType type, Direction direction, long count) {
        this.type = type;
        this.direction = direction;
        this.count = count;
    }

    // ------------------------------------------------------------------------------------------------
    // State

    /**
     * The kind of iterator.
     *
     * @return the type, never null
     */
    public final IterType type() {
        return type;
    }

    /**
     * Which way data flows through this iterator's memory.
     *
     * @return the direction, never null
     */
    public final Direction direction() {
        return direction;
    }

    /**
     * The bytes left to iterate (kernel {@code iov_iter_count()}).
     *
     * @return {@code >= 0}
     * @implNote Port of {@code iov_iter_count()}.
     */
    public final long count() {
        return count;
    }

    /**
     * The bytes moved past since the iterator was made: the most {@link #revert} may take back.
     *
     * @return {@code >= 0}
     */
    public final long consumed() {
        return consumed;
    }

    /**
     * The bytes cut off by {@link #truncate} and not yet given back by {@link #reexpand}.
     *
     * @return {@code >= 0}
     */
    public final long truncated() {
        return slack;
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public final boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------------------------------------
    // Moving

    /**
     * Moves forward {@code n} bytes (kernel {@code iov_iter_advance()}, which clamps; we reject).
     *
     * @param n {@code 0 <= n <= count()}
     * @throws IndexOutOfBoundsException if {@code n} is out of range; nothing changes
     * @throws IllegalStateException if closed
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code iov_iter_advance()}.
     */
    public final void advance(long n) {
        checkOpen("advance");
        if (n < 0 || n > count) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + count + ", the count)");
        }
        if (n > 0) {
            move(n, SKIP, null, 0);
            count -= n;
            consumed += n;
        }
    }

    /**
     * Moves back {@code n} bytes, giving them back to the count (kernel {@code iov_iter_revert()}, which
     * trusts the caller; we reject). A BVECQ iterator walks back across nodes through
     * {@link Bvecq#prev()}.
     *
     * @param n {@code 0 <= n <= consumed()}
     * @throws IndexOutOfBoundsException if {@code n} is out of range; nothing changes
     * @throws IllegalStateException if closed
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code iov_iter_revert()}.
     */
    public final void revert(long n) {
        checkOpen("revert");
        if (n < 0 || n > consumed) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + consumed + ", the bytes consumed)");
        }
        if (n > 0) {
            back(n);
            count += n;
            consumed -= n;
        }
    }

    /**
     * Cuts the count down to {@code maxCount} if it is larger (kernel {@code iov_iter_truncate()}); the
     * bytes cut off can be given back by {@link #reexpand}. A larger {@code maxCount} changes nothing.
     *
     * @param maxCount {@code >= 0}
     * @return the bytes cut off by this call, {@code >= 0}
     * @throws IllegalArgumentException if {@code maxCount < 0}
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_truncate()}.
     */
    public final long truncate(long maxCount) {
        checkOpen("truncate");
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount: " + maxCount + " (expected: maxCount >= 0)");
        }
        if (maxCount >= count) {
            return 0;
        }
        long cut = count - maxCount;
        count = maxCount;
        slack += cut;
        return cut;
    }

    /**
     * Sets the count to {@code newCount}, giving back bytes cut off by {@link #truncate} (kernel
     * {@code iov_iter_reexpand()}, which trusts the caller). Never shrinks: use truncate for that.
     *
     * @param newCount {@code count() <= newCount <= count() + truncated()}
     * @throws IndexOutOfBoundsException if {@code newCount} is out of range; nothing changes
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_reexpand()}.
     */
    public final void reexpand(long newCount) {
        checkOpen("reexpand");
        if (newCount < count || newCount - count > slack) {
            throw new IndexOutOfBoundsException("newCount: " + newCount + " (expected: " + count + " <= newCount <= "
                    + (count + slack) + ")");
        }
        slack -= newCount - count;
        count = newCount;
    }

    /**
     * Saves the iterator's place into a reusable state (kernel {@code iov_iter_save_state()}).
     *
     * @param into the state to overwrite
     * @throws NullPointerException if {@code into} is null
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_save_state()}.
     */
    public final void save(IterState into) {
        checkOpen("save");
        Objects.requireNonNull(into, "into");
        into.owner = this;
        into.consumed = consumed;
        into.count = count;
        into.slack = slack;
    }

    /**
     * Saves the iterator's place into a new state.
     *
     * @return a new state
     * @throws IllegalStateException if closed
     */
    public final IterState save() {
        IterState s = new IterState();
        save(s);
        return s;
    }

    /**
     * Returns to a saved place: position, count and truncated bytes (kernel {@code iov_iter_restore()}).
     * The iterator moves forward or back by the difference, so this costs a walk over that many bytes.
     *
     * @param state a state saved from this iterator
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if {@code state} was not saved from this iterator; nothing changes
     * @throws IllegalStateException if closed
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code iov_iter_restore()}.
     */
    public final void restore(IterState state) {
        checkOpen("restore");
        Objects.requireNonNull(state, "state");
        if (state.owner != this) {
            throw new IllegalArgumentException("state: " + state + " was saved from "
                    + (state.owner == null ? "no iterator" : "another iterator") + " (expected: a state saved from this " + type
                    + " iterator)");
        }
        if (state.consumed > consumed) {
            move(state.consumed - consumed, SKIP, null, 0);
        } else if (state.consumed < consumed) {
            back(consumed - state.consumed);
        }
        consumed = state.consumed;
        count = state.count;
        slack = state.slack;
    }

    /**
     * Closes the iterator: a BVECQ iterator drops its reference on its start node. Idempotent: only the
     * first call does anything. The iterator counts as closed even if dropping the reference throws.
     *
     * @throws BvecqReleasedException if a BVECQ iterator's start node had already been released to zero by
     *     another holder (an over-release elsewhere); the exception reports the counts. Other types never throw.
     */
    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            released();
        }
    }

    /**
     * Describes the iterator for messages.
     *
     * @return {@code IoIter[BVECQ, DEST, count=.., consumed=..]}
     */
    @Override
    public String toString() {
        return "IoIter[" + type + ", " + direction + ", count=" + count + ", consumed=" + consumed
                + (slack > 0 ? ", truncated=" + slack : "") + (closed ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------------
    // What each type provides

    /**
     * Moves forward {@code n} bytes, {@code 0 < n <= count}, acting on each piece by {@code mode}:
     * SKIP, OUT (iterator to {@code other}), IN ({@code other} to iterator), ZERO. Commits the new place
     * only after every piece succeeded.
     */
    abstract void move(long n, int mode, MemorySegment other, long otherOff);

    /** Moves back {@code n} bytes, {@code 0 < n <= consumed}. */
    abstract void back(long n);

    /** Starts a read-only walk {@code start} bytes past the current place, {@code 0 <= start <= count}. */
    abstract void walkFrom(long start);

    /**
     * Steps the walk to the next piece with bytes: sets {@code wSeg}, {@code wOff}, {@code wLen > 0},
     * {@code wNode}. The piece is not cut at the count: callers do that.
     */
    abstract boolean walkNext();

    /**
     * Whether every segment of this iterator was found writable when it was made, so that writes need no
     * check of their own. False here: the writes then check their range first (a chain answers from the
     * per-node read-only markers its factory saw, and relies on that check when one of them was set).
     */
    boolean writableWhenMade() {
        return false;
    }

    /** Called once by close(). */
    void released() {
    }

    // ------------------------------------------------------------------------------------------------
    // Checks

    final void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(this + ": " + what + "() after close()");
        }
    }
}
