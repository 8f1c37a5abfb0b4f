package io.bvecq;

import java.lang.foreign.MemorySegment;
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
public final class BvecqPos {
    private Bvecq node;
    private int slot;
    private long offset;

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
     * Tells whether the position is parked past the last slot of the last node: nothing to read now.
     *
     * @return {@code true} if no byte follows the position at this moment
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if the node was released
     */
    public boolean isAtEnd() {
        checkSet("isAtEnd");
        Bvecq n = node;
        int s = slot;
        long off = offset;
        for (;;) {
            int nr = n.nrSlotsAcquire();
            for (; s < nr; s++, off = 0) {
                if (off < n.lengthAt(s)) {
                    return false;
                }
            }
            Bvecq next = n.nextAcquire();
            if (next == null) {
                return true;
            }
            if (n.nrSlotsAcquire() != nr) { // re-check: slots added before the link was published
                continue;
            }
            n = next;
            s = 0;
            off = 0;
        }
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
     * @throws BvecqReleasedException if {@code other}'s node was released
     */
    public void set(BvecqPos other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            return;
        }
        other.checkSet("set(other)");
        Bvecq old = node;
        node = other.node.retain();
        slot = other.slot;
        offset = other.offset;
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
     * @throws BvecqReleasedException if {@code node} was released
     */
    public void set(Bvecq node, int slot, long offset) {
        Objects.requireNonNull(node, "node");
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
        Bvecq old = this.node;
        this.node = node.retain();
        this.slot = slot;
        this.offset = offset;
        if (old != null) {
            old.release();
        }
    }

    /**
     * Drops the position's reference and leaves it unset (kernel {@code bvecq_pos_unset()}). Unsetting
     * an unset position does nothing.
     */
    public void unset() {
        Bvecq old = node;
        node = null;
        slot = 0;
        offset = 0;
        if (old != null) {
            old.release();
        }
    }

    /**
     * Moves {@code from}'s reference and place into this position; {@code from} is left unset and this
     * position's old reference is dropped (kernel {@code bvecq_pos_transfer()}).
     *
     * @param from a set position, not this one
     * @throws NullPointerException if {@code from} is null
     * @throws IllegalArgumentException if {@code from == this}
     * @throws IllegalStateException if {@code from} is unset
     */
    public void transfer(BvecqPos from) {
        Objects.requireNonNull(from, "from");
        if (from == this) {
            throw new IllegalArgumentException("from: " + from + " (expected: a position other than this one)");
        }
        from.checkSet("transfer(from)");
        Bvecq old = node;
        node = from.node;
        slot = from.slot;
        offset = from.offset;
        from.node = null;
        from.slot = 0;
        from.offset = 0;
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
     * @throws BvecqReleasedException if {@code to} was released
     */
    public void moveTo(Bvecq to) {
        Objects.requireNonNull(to, "to");
        Bvecq old = node;
        node = to.retain();
        slot = 0;
        offset = 0;
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
     * @throws BvecqReleasedException if the node was released
     */
    public boolean nudge() {
        checkSet("nudge");
        Bvecq n = node;
        int s = slot;
        long off = offset;
        for (;;) {
            int nr = n.nrSlotsAcquire();
            for (; s < nr; s++, off = 0) {
                if (off < n.lengthAt(s)) {
                    commit(n, s, off);
                    return true;
                }
            }
            Bvecq next = n.nextAcquire();
            if (next == null) {
                commit(n, nr, 0);
                return false;
            }
            // re-check: the producer may have appended slots to n before it published next
            if (n.nrSlotsAcquire() != nr) {
                continue;
            }
            n = next;
            s = 0;
            off = 0;
        }
    }

    /**
     * Steps over the rest of the current slot to the next byte of a later slot (kernel
     * {@code bvecq_pos_step()}).
     *
     * @return the bytes stepped over, 0 if the position was parked at the end
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if the node was released
     */
    public long step() {
        if (!nudge()) {
            return 0;
        }
        long skipped = node.lengthAt(slot) - offset;
        slot++;
        offset = 0;
        nudge();
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
     * @throws BvecqReleasedException if the node was released
     */
    public void advance(long n) {
        checkSet("advance");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        long moved = walk(n, false, false);
        if (moved < n) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + moved + ", the bytes remaining)");
        }
    }

    /**
     * Moves forward by {@code n} bytes or to the end of the queue, whichever comes first.
     *
     * @param n the most bytes to move, {@code >= 0}
     * @return the bytes moved, {@code 0 <= result <= n}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if the node was released
     */
    public long advanceAtMost(long n) {
        checkSet("advanceAtMost");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        return walk(n, true, false);
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
     * @throws BvecqReleasedException if the node was released
     */
    public void zero(long n) {
        checkSet("zero");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        long avail = countUpTo(n, true);
        if (avail < n) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + avail + ", the bytes remaining)");
        }
        walk(n, false, true);
    }

    /**
     * Counts the bytes from the position to the end of the queue as it is now.
     *
     * @return the bytes remaining, {@code >= 0}
     * @throws IllegalStateException if unset
     * @throws BvecqReleasedException if the node was released
     */
    public long remaining() {
        checkSet("remaining");
        return countUpTo(Long.MAX_VALUE, false);
    }

    /**
     * Counts bytes ahead, stopping once {@code limit} is reached; moves nothing. With {@code writable}, a slot
     * with data in a read-only segment among those counted fails the count, so zero() writes nothing.
     */
    private long countUpTo(long limit, boolean writable) {
        if (limit == 0) {
            return 0; // nothing to count or write: even a read-only slot under the position is fine
        }
        Bvecq n = node;
        int s = slot;
        long off = offset;
        long total = 0;
        for (;;) {
            int nr = n.nrSlotsAcquire();
            for (; s < nr; s++, off = 0) {
                long len = n.lengthAt(s) - off;
                if (len <= 0) {
                    continue;
                }
                if (writable && n.segmentAt(s).isReadOnly()) {
                    throw new UnsupportedOperationException("slot " + s + " of " + n
                            + " is read-only: zero() writes nothing");
                }
                total += len;
                if (total >= limit) {
                    return total;
                }
            }
            Bvecq next = n.nextAcquire();
            if (next == null) {
                return total;
            }
            if (n.nrSlotsAcquire() != nr) { // re-check, as in nudge()
                continue;
            }
            n = next;
            s = 0;
            off = 0;
        }
    }

    /**
     * Walks forward up to n bytes, clearing them if {@code fill}; commits only if {@code clamp} or the full
     * distance was available. Callers that fill have checked the distance first.
     */
    private long walk(long n, boolean clamp, boolean fill) {
        Bvecq cur = node;
        int s = slot;
        long off = offset;
        long left = n;
        for (;;) {
            int nr = cur.nrSlotsAcquire();
            for (; s < nr && left > 0; s++, off = 0) {
                long len = cur.lengthAt(s) - off;
                if (len <= 0) {
                    continue;
                }
                if (fill) {
                    cur.segmentAt(s).asSlice(cur.offsetAt(s) + off, Math.min(len, left)).fill((byte) 0);
                }
                if (left < len) {
                    off += left;
                    left = 0;
                    break;
                }
                left -= len;
            }
            if (left == 0 && s < nr) {
                break;
            }
            Bvecq next = cur.nextAcquire();
            if (next == null) {
                if (cur.nrSlotsAcquire() != nr) {
                    continue; // slots were appended while we walked
                }
                break;
            }
            if (cur.nrSlotsAcquire() != nr) { // re-check before leaving the node
                continue;
            }
            if (left == 0) {
                break;
            }
            cur = next;
            s = 0;
            off = 0;
        }
        if (left > 0 && !clamp) {
            return n - left;
        }
        commit(cur, s, off);
        nudge();
        return n - left;
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
     * @throws BvecqReleasedException if the node was released
     */
    public long slice(long maxSize, int maxSlots) {
        checkSet("slice");
        checkLimits(maxSize, maxSlots);
        return sliceInto(maxSize, maxSlots, null);
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
     * @throws BvecqReleasedException if the node was released
     */
    public Bvecq extract(long maxSize, int maxSlots) {
        checkSet("extract");
        checkLimits(maxSize, maxSlots);
        ExtractSink sink = new ExtractSink(maxSlots);
        long n = 0;
        boolean success = false;
        try {
            n = sliceInto(maxSize, maxSlots, sink);
            success = true;
        } finally {
            if (!success || n == 0) {
                sink.discard(); // a failed walk must not leak the nodes built so far (they hold source refs)
            }
        }
        return n == 0 ? null : sink.head;
    }

    private long sliceInto(long maxSize, int maxSlots, ExtractSink sink) {
        Bvecq cur = node;
        int s = slot;
        long off = offset;
        long size = 0;
        int slots = 0;
        outer:
        for (;;) {
            int nr = cur.nrSlotsAcquire();
            for (; s < nr; s++, off = 0) {
                long len = cur.lengthAt(s) - off;
                if (len <= 0) {
                    continue; // empty or exhausted: skipped, not counted
                }
                if (size == maxSize || slots == maxSlots) {
                    break outer;
                }
                long take = Math.min(len, maxSize - size);
                if (sink != null) {
                    sink.add(cur, s, off, take, size == 0);
                }
                size += take;
                slots++;
                if (take < len) {
                    off += take;
                    break outer;
                }
            }
            Bvecq next = cur.nextAcquire();
            if (next == null) {
                if (cur.nrSlotsAcquire() != nr) {
                    continue;
                }
                break;
            }
            if (cur.nrSlotsAcquire() != nr) { // re-check before leaving the node
                continue;
            }
            if (size > 0 && (next.discontig() || size == maxSize || slots == maxSlots)) {
                if (next.discontig()) {
                    // stop before a discontiguous node once we hold data; park at its start
                    cur = next;
                    s = 0;
                    off = 0;
                }
                break;
            }
            cur = next;
            s = 0;
            off = 0;
        }
        commit(cur, s, off);
        nudge();
        return size;
    }

    /** Builds the NONE chain of an extract. */
    private static final class ExtractSink {
        private final int nodeSlots;
        Bvecq head;
        private Bvecq tail;
        private Bvecq lastSource;

        ExtractSink(int maxSlots) {
            this.nodeSlots = Math.max(1, Math.min(maxSlots, Bvecq.DEFAULT_SLOTS));
        }

        void add(Bvecq src, int s, long off, long take, boolean first) {
            if (tail == null || tail.isFull()) {
                Bvecq n = Bvecq.allocOne(nodeSlots, Disposal.NONE);
                if (tail == null) {
                    head = n;
                    n.setFpos(src.fpos() + bytesBefore(src, s) + off);
                } else {
                    tail.linkNext(n);
                    n.setFpos(tail.fpos() + tail.bytes());
                }
                tail = n;
                lastSource = null;
            }
            if (lastSource != src) {
                tail.attachSource(src);
                lastSource = src;
            }
            MemorySegment seg = src.segmentAt(s);
            tail.appendSlot(seg, src.offsetAt(s) + off, take, null);
        }

        private static long bytesBefore(Bvecq n, int s) {
            long sum = 0;
            for (int i = 0; i < s; i++) {
                sum += n.lengthAt(i);
            }
            return sum;
        }

        void discard() {
            if (head != null) {
                head.release();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------

    private void commit(Bvecq n, int s, long off) {
        if (n != node) {
            Bvecq old = node;
            node = n.retain();
            old.release();
        }
        slot = s;
        offset = off;
    }

    private void checkSet(String what) {
        if (node == null) {
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
        return node == null ? "BvecqPos[unset]" : "BvecqPos[" + node + ", slot=" + slot + ", offset=" + offset + "]";
    }
}
