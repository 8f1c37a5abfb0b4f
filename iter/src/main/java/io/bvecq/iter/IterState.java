package io.bvecq.iter;

/**
 * A saved place of one {@link IoIter}: how far it has moved from where it started, its count and the
 * bytes cut off by {@link IoIter#truncate} (kernel {@code struct iov_iter_state}). Reusable: save into
 * the same object again and again, so saving allocates nothing.
 *
 * <p>The state records the logical position (bytes consumed), not a raw node/slot pair, so it holds no
 * reference on any memory. It may be restored only into the iterator that saved it.
 *
 * <p>Threads: like the iterator, one thread at a time.
 */
public final class IterState {
    IterCore owner;
    long consumed;
    long count;
    long slack;

    /** Creates an empty state; {@link IoIter#save(IterState)} fills it. */
    public IterState() {
    }

    /**
     * The bytes the iterator had moved past its start when the state was saved.
     *
     * @return {@code >= 0}; 0 if never saved
     */
    public long consumed() {
        return consumed;
    }

    /**
     * The iterator's count when the state was saved.
     *
     * @return {@code >= 0}; 0 if never saved
     */
    public long count() {
        return count;
    }

    /**
     * Tells whether the state holds a place saved from {@code it}.
     *
     * @param it an iterator
     * @return {@code true} if {@code it.save(this)} was the last save into this state
     */
    public boolean isFrom(IoIter it) {
        return owner == it;
    }

    /**
     * Describes the state for messages.
     *
     * @return {@code IterState[consumed=.., count=.., truncated=..]}
     */
    @Override
    public String toString() {
        return "IterState[consumed=" + consumed + ", count=" + count + ", truncated=" + slack + "]";
    }
}
