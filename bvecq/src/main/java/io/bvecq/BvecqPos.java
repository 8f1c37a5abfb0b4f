package io.bvecq;

import io.bvecq.internal.ChainBuilder;
import io.bvecq.internal.SlotCursor;
import java.util.Objects;

/**
 * A position in a bvecq chain: {@code {node, slot, offset}}, holding one reference on its node (kernel
 * {@code struct bvecq_pos}).
 *
 * <pre>
 *   node --&gt; [ s0 | s1 | s2 ]   slot=1, offset=10: the 11th byte of slot 1
 *   end of queue: parked past the last slot of the last node, slot == nrSlots, offset == 0
 * </pre>
 *
 * <h2>Logical positions</h2>
 * One logical position has several raw forms: the end of slot {@code s} ({@code offset == length(s)})
 * is the start of slot {@code s+1}, empty slots in between change nothing, and the end of a node is
 * the start of its successor. Every moving operation ({@link #nudge}, {@link #step}, {@link #advance},
 * {@link #zero}, {@link #slice}, {@link #extract}) leaves the position <em>normalised</em>: on a byte of
 * a slot that has data, or parked past the last slot of the last node when no data follows. A parked
 * position never becomes unset: when a producer appends slots or links a node, the next move carries on
 * from there.
 *
 * <h2>Failures</h2>
 * Every moving operation walks a scratch cursor and commits the new place only once the whole walk,
 * including the final normalisation, succeeded. A rejected call (out of range, a read-only byte for
 * {@link #zero}, a node ahead that was released under the walk by a holder that over-released it, which
 * throws {@link BvecqReleasedException} naming it) changes nothing: the position, its logical offset and,
 * for {@code zero}, the memory are as they were.
 *
 * <h2>Logical offset</h2>
 * {@link #logicalOffset()} counts bytes from the first slot of the <em>anchor</em> node: the node given to
 * {@link #at}, {@link #set(Bvecq, int, long)} or {@link #moveTo}. Moves add the bytes they pass over;
 * {@link #set(BvecqPos)} and {@link #transfer} carry the other position's offset (and anchor). Two
 * positions with the same anchor compare by it: the one with the larger offset is further along the chain.
 *
 * <h2>References</h2>
 * A set position holds exactly one reference on {@link #node()}. Moving to another node takes a
 * reference on the new node before dropping the one on the old, so a consumer that is the last holder
 * frees spent nodes as it goes. {@link #unset()} drops the reference; a position that is no longer
 * needed must be unset, or the chain leaks.
 *
 * <h2>Threads</h2>
 * A position is used by one thread at a time. It may read a chain that a producer on another thread is
 * still extending: it loads {@code nrSlots} and {@code next} with acquire and re-checks {@code nrSlots}
 * after it sees a {@code next}.
 *
 * @implNote Port of {@code struct bvecq_pos} and the {@code bvecq_pos_*()} helpers.
 */
public final class BvecqPos implements AutoCloseable {
    /**
     * The most slots of a node made by {@link #extract}: a slice of up to this many pieces is described by one
     * node sized to it; a longer one by several.
     */
    private static final int EXTRACT_NODE_SLOTS = ChainBuilder.GROWN_SLOTS;

    private Bvecq node;
    private boolean closed;
    private int slot;
    private long offset;
    private long logical;
    private final SlotCursor walk = new SlotCursor(); // scratch for every move; committed only on success

    /** Creates an unset position, holding no reference. */
    public BvecqPos() {
    }

    /**
     * Creates a position at the first byte of {@code node}, taking a new reference on it.
     *
     * @param node a live node
     * @return a position at {@code {node, 0, 0}}, not yet normalised
     * @throws NullPointerException if {@code node} is null
     * @throws BvecqReleasedException if {@code node} was released
     */
    public static BvecqPos at(Bvecq node) {
        Objects.requireNonNull(node, "node");
        BvecqPos p = new BvecqPos();
        p.node = node.retain();
        return p;
    }

    /**
     * Tells whether the position holds a node.
     *
     * @return {@code true} if set
     */
    public boolean isSet() {
        return node != null;
    }

    /**
     * The node of the position.
     *
     * @return the node, or {@code null} if unset
     */
    public Bvecq node() {
        return node;
    }

    /**
     * The slot index in {@link #node()}.
     *
     * @return {@code 0 <= slot <= node().nrSlotsAcquire()}; equal to the count when parked
     */
    public int slot() {
        return slot;
    }

    /**
     * The byte offset within the current slot's region.
     *
     * @return {@code 0 <= offset <= length(slot)}
     */
    public long offset() {
        return offset;
    }

    /**
     * The bytes from the first slot of the anchor node to this position (see the class doc).
     *
     * @return {@code >= 0}; 0 when unset
     */
    public long logicalOffset() {
        return logical;
    }

    /**
     * Tells whether the position is parked past the last slot of the last node: nothing to read now.
     *
     * @return {@code true} if no byte follows the position at this moment
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node was released
     */
    public boolean isAtEnd() {
        checkSet("isAtEnd");
        return start().piece() == 0;
    }

    // ------------------------------------------------------------------------------------------------
    // References

    /**
     * Makes this position equal to {@code other}, taking a reference on its node and dropping this
     * position's old reference (kernel {@code bvecq_pos_set()}). Setting a position to itself does nothing.
     *
     * @param other a set position
     * @throws NullPointerException if {@code other} is null
     * @throws IllegalStateException if {@code other} is unset
     * @throws BvecqReleasedException if either position was closed or {@code other}'s node was released
     */
    public void set(BvecqPos other) {
        Objects.requireNonNull(other, "other");
        checkNotClosed("set");
        if (other == this) {
            return;
        }
        other.checkSet("set(other)");
        Bvecq old = node;
        node = other.node.retain();
        slot = other.slot;
        offset = other.offset;
        logical = other.logical;
        if (old != null) {
            old.release();
        }
    }

    /**
     * Points this position at a raw {@code {node, slot, offset}}, taking a reference on {@code node}
     * and dropping the old one.
     *
     * @param node a live node
     * @param slot {@code 0 <= slot <= node.nrSlotsAcquire()}
     * @param offset {@code 0 <= offset <= node.length(slot)}, and 0 when {@code slot == nrSlots}
     * @throws NullPointerException if {@code node} is null
     * @throws IndexOutOfBoundsException if {@code slot} or {@code offset} is out of range (nothing changes)
     * @throws BvecqReleasedException if this position was closed or {@code node} was released
     */
    public void set(Bvecq node, int slot, long offset) {
        Objects.requireNonNull(node, "node");
        checkNotClosed("set");
        node.checkLive("BvecqPos.set");
        int nr = node.nrSlotsAcquire();
        if (slot < 0 || slot > nr) {
            throw new IndexOutOfBoundsException("slot: " + slot + " (expected: 0 <= slot <= " + nr + ") in " + node);
        }
        long max = slot == nr ? 0 : node.lengthAt(slot);
        if (offset < 0 || offset > max) {
            throw new IndexOutOfBoundsException("offset: " + offset + " (expected: 0 <= offset <= " + max + ") in slot "
                    + slot + " of " + node);
        }
        long before = offset;
        for (int i = 0; i < slot; i++) {
            before += node.lengthAt(i);
        }
        Bvecq old = this.node;
        this.node = node.retain();
        this.slot = slot;
        this.offset = offset;
        this.logical = before;
        if (old != null) {
            old.release();
        }
    }

    /**
     * Drops the position's reference and leaves it unset (kernel {@code bvecq_pos_unset()}). Unsetting
     * an unset or closed position does nothing.
     */
    public void unset() {
        Bvecq old = node;
        node = null;
        slot = 0;
        offset = 0;
        logical = 0;
        if (old != null) {
            old.release();
        }
    }

    /**
     * Drops the position's reference, as {@link #unset()}, and closes the position: every later use throws
     * {@link BvecqReleasedException} (see the class doc). Closing twice does nothing.
     */
    @Override
    public void close() {
        closed = true;
        unset();
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Moves {@code from}'s reference and place into this position; {@code from} is left unset and this
     * position's old reference is dropped (kernel {@code bvecq_pos_transfer()}).
     *
     * @param from a set position, not this one
     * @throws NullPointerException if {@code from} is null
     * @throws IllegalArgumentException if {@code from == this}
     * @throws IllegalStateException if {@code from} is unset
     * @throws BvecqReleasedException if either position was closed
     */
    public void transfer(BvecqPos from) {
        Objects.requireNonNull(from, "from");
        if (from == this) {
            throw new IllegalArgumentException("from: " + from + " (expected: a position other than this one)");
        }
        checkNotClosed("transfer");
        from.checkSet("transfer(from)");
        Bvecq old = node;
        node = from.node;
        slot = from.slot;
        offset = from.offset;
        logical = from.logical;
        from.node = null;
        from.slot = 0;
        from.offset = 0;
        from.logical = 0;
        if (old != null) {
            old.release();
        }
    }

    /**
     * Moves the position to the first slot of another node: takes a reference on {@code to}, then drops
     * the one on the old node (kernel {@code bvecq_pos_move()}). On an unset position this sets it.
     *
     * @param to a live node
     * @throws NullPointerException if {@code to} is null
     * @throws BvecqReleasedException if this position was closed or {@code to} was released
     */
    public void moveTo(Bvecq to) {
        Objects.requireNonNull(to, "to");
        checkNotClosed("moveTo");
        Bvecq old = node;
        node = to.retain();
        slot = 0;
        offset = 0;
        logical = 0;
        if (old != null && old != to) {
            old.release();
        } else if (old == to) {
            to.release();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Moving

    /**
     * Skips exhausted and empty slots, entering following nodes as needed, so that the position is on a
     * byte (kernel {@code bvecq_pos_nudge()}). At the end of the queue it parks past the last slot of the
     * last node.
     *
     * @return {@code true} if a byte is now under the position, {@code false} if parked at the end
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node was released
     */
    public boolean nudge() {
        checkSet("nudge");
        SlotCursor c = start();
        boolean onByte = c.piece() > 0;
        commit(c, 0);
        return onByte;
    }

    /**
     * Steps over the rest of the current slot to the next byte of a later slot (kernel
     * {@code bvecq_pos_step()}).
     *
     * @return the bytes stepped over, 0 if the position was parked at the end
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node, or a node the move would enter, was released; the position
     *     does not change
     */
    public long step() {
        checkSet("step");
        SlotCursor c = start();
        long skipped = c.piece();
        if (skipped > 0) {
            c.nextSlot();
            c.piece(); // normalise before committing: a released node ahead fails the call here
        }
        commit(c, skipped);
        return skipped;
    }

    /**
     * Moves forward exactly {@code n} bytes (kernel {@code bvecq_pos_advance()}). Unlike the kernel, a
     * move past the end is rejected rather than clamped; see {@link #advanceAtMost} for the clamping form.
     *
     * @param n the bytes to move, {@code 0 <= n <= remaining()}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IndexOutOfBoundsException if fewer than {@code n} bytes follow; the position does not change
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node, or a node the move would enter, was released; the position
     *     does not change
     */
    public void advance(long n) {
        checkSet("advance");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        if (moveInNode(n)) {
            return;
        }
        SlotCursor c = start();
        long moved = c.skip(n);
        if (moved < n) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + moved + ", the bytes remaining)");
        }
        c.piece(); // normalise before committing
        commit(c, moved);
    }

    /**
     * Moves forward by {@code n} bytes or to the end of the queue, whichever comes first.
     *
     * @param n the most bytes to move, {@code >= 0}
     * @return the bytes moved, {@code 0 <= result <= n}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node, or a node the move would enter, was released; the position
     *     does not change
     */
    public long advanceAtMost(long n) {
        checkSet("advanceAtMost");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        if (moveInNode(n)) {
            return n;
        }
        SlotCursor c = start();
        long moved = c.skip(n);
        c.piece(); // normalise before committing
        commit(c, moved);
        return moved;
    }

    /**
     * Writes {@code n} zero bytes into the regions from the position on and moves past them (kernel
     * {@code bvecq_zero()}).
     *
     * @param n the bytes to clear, {@code 0 <= n <= remaining()}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IndexOutOfBoundsException if fewer than {@code n} bytes follow; nothing is written or moved
     * @throws UnsupportedOperationException if one of the {@code n} bytes lies in a read-only segment; nothing
     *     is written or moved
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node, or a node the move would enter, was released; nothing is
     *     written or moved
     */
    public void zero(long n) {
        checkSet("zero");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        // First pass, writing nothing: the distance, the writability of every byte, and the nodes the final
        // normalisation enters. Only then the second pass writes.
        SlotCursor c = start();
        long avail = 0;
        while (avail < n) {
            long len = c.piece();
            if (len == 0) {
                throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + avail + ", the bytes remaining)");
            }
            if (c.segment().isReadOnly()) {
                throw new UnsupportedOperationException("slot " + c.slot() + " of " + c.node()
                        + " is read-only: zero() writes nothing");
            }
            long t = Math.min(len, n - avail);
            c.consume(t);
            avail += t;
        }
        c.piece();
        c = start();
        c.forward(n, SlotCursor.ZERO, null, 0);
        c.piece();
        commit(c, n);
    }

    /**
     * Counts the bytes from the position to the end of the queue as it is now.
     *
     * @return the bytes remaining, {@code >= 0}
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node was released
     */
    public long remaining() {
        checkSet("remaining");
        return start().skip(Long.MAX_VALUE);
    }

    // ------------------------------------------------------------------------------------------------
    // Slicing

    /**
     * Measures the next run of at most {@code maxSize} bytes in at most {@code maxSlots} slots and moves
     * the position past it (kernel {@code bvecq_slice()}). Empty and exhausted slots are skipped and not
     * counted; a partly used first or last slot counts as one. The run stops before a
     * {@linkplain Bvecq#discontig() discontiguous} node once it holds data, so one slice never spans two
     * file ranges. This is how a request is carved into sub-requests that respect a transport's limits:
     * copy the position first ({@link #set(BvecqPos)}) to keep the slice's start.
     *
     * @param maxSize the most bytes, {@code >= 0}
     * @param maxSlots the most slots with data, {@code >= 0}
     * @return the bytes in the slice, {@code 0 <= result <= maxSize}; 0 at the end of the queue
     * @throws IllegalArgumentException if {@code maxSize < 0} or {@code maxSlots < 0}
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node, or a node the walk would enter, was released; the position
     *     does not change
     */
    public long slice(long maxSize, int maxSlots) {
        checkSet("slice");
        checkLimits(maxSize, maxSlots);
        SlotCursor c = walk;
        // the short slice first: one that ends inside the current node (or with it, where the chain ends), within
        // the slot limit, is maxSize bytes
        // (checkSet checked the node is live)
        if (c.landSliceInNode(node, node.nrSlotsAcquireUnchecked(), slot, offset, maxSize, maxSlots)) {
            slot = c.slot();
            offset = c.offset();
            logical += maxSize;
            return maxSize;
        }
        return sliceInto(maxSize, maxSlots, null, 0);
    }

    /**
     * Produces a new chain that describes the next run of at most {@code maxSize} bytes in at most
     * {@code maxSlots} slots, with the same rules as {@link #slice}, and moves the position past it
     * (kernel {@code bvecq_extract()}). The new nodes are of kind {@link Disposal#NONE}: they describe
     * the source's memory without copying it. Unlike the kernel, every new node keeps the source nodes
     * it points into alive ({@link Bvecq#attachSource}) until the extract is released, so the source's
     * owner may release its chain at any time.
     *
     * @param maxSize the most bytes, {@code >= 0}
     * @param maxSlots the most slots with data, {@code >= 0}
     * @return the head of the new chain (the caller owns its reference), whose first node's {@code fpos}
     *     is the file position of the first byte extracted; {@code null} if there was nothing to extract
     * @throws IllegalArgumentException if {@code maxSize < 0} or {@code maxSlots < 0}
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if this position was closed, or if the node, or a node the walk would enter, was released; the position
     *     does not change and nothing is returned
     */
    public Bvecq extract(long maxSize, int maxSlots) {
        checkSet("extract");
        checkLimits(maxSize, maxSlots);
        // new nodes as large as the slice can need, up to EXTRACT_NODE_SLOTS a node: when its bytes end in the
        // current node the bound is the slots up to where they end, so a short extract gets a short node
        // without a measuring walk
        int nodeSlots = Math.max(1, Math.min(start().slicePiecesBound(maxSize, maxSlots), EXTRACT_NODE_SLOTS));
        ChainBuilder[] out = new ChainBuilder[1];
        boolean success = false;
        try {
            sliceInto(maxSize, maxSlots, out, nodeSlots);
            success = true;
        } finally {
            if (!success && out[0] != null) {
                out[0].discard(); // a failed walk must not leak the nodes built so far (they hold source refs)
            }
        }
        return out[0] == null ? null : out[0].head();
    }

    /**
     * The one slice walk: measures (and, with {@code out}, extracts into a builder made at the first byte,
     * whose first node's fpos is that byte's file position), then normalises and commits.
     */
    private long sliceInto(long maxSize, int maxSlots, ChainBuilder[] out, int nodeSlots) {
        SlotCursor c = start();
        long size = c.slice(maxSize, maxSlots, out, nodeSlots);
        c.piece(); // normalise before committing
        commit(c, size);
        return size;
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * The short move, without starting the cursor ({@link SlotCursor#landInNode}): if the byte {@code n}
     * bytes on lies in the current node, moves onto it and returns true (the position stays normalised:
     * that byte is under it). A set, live position is on a byte of a published slot or parked at
     * {@code nrSlots}, so the count loaded here with acquire tells which.
     */
    private boolean moveInNode(long n) {
        SlotCursor c = walk;
        // checkSet checked the node is live
        if (!c.landInNode(node, node.nrSlotsAcquireUnchecked(), slot, offset, n)) {
            return false;
        }
        slot = c.slot();
        offset = c.offset();
        logical += n;
        return true;
    }

    /** Starts the scratch cursor at this position. */
    private SlotCursor start() {
        return walk.start(node, node.nrSlotsAcquireUnchecked(), slot, offset); // checkSet checked it is live
    }

    /** Takes the cursor's place: a reference on its node first, then the old one dropped. */
    private void commit(SlotCursor c, long moved) {
        Bvecq n = c.node();
        if (n != node) {
            Bvecq old = node;
            node = n.retain();
            old.release();
        }
        slot = c.slot();
        offset = c.offset();
        logical += moved;
    }

    private void checkNotClosed(String what) {
        if (closed) {
            throw new BvecqReleasedException("BvecqPos used after close: " + what);
        }
    }

    private void checkSet(String what) {
        if (node == null) {
            checkNotClosed(what);
            throw new IllegalStateException("BvecqPos is unset: " + what + " needs a set position");
        }
        node.checkLive(what); // a constant: no message is built unless the check fails
    }

    private static void checkLimits(long maxSize, int maxSlots) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: maxSize >= 0)");
        }
        if (maxSlots < 0) {
            throw new IllegalArgumentException("maxSlots: " + maxSlots + " (expected: maxSlots >= 0)");
        }
    }

    /**
     * Describes the position for messages: {@code BvecqPos[Bvecq#3[...], slot=2, offset=100]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return node == null ? (closed ? "BvecqPos[closed]" : "BvecqPos[unset]") : "BvecqPos[" + node + ", slot=" + slot + ", offset=" + offset + "]";
    }
}
