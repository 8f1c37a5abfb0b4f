package io.bvecq.iter;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.internal.NodeAccess;
import io.bvecq.internal.SlotCursor;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The chain iterator (kernel {@code ITER_BVECQ}): a place {@code (node, slot, off)} in a bvecq chain.
 *
 * <pre>
 *   start (ref held)          node (no ref of its own)
 *   [s0|s1|s2] --next--&gt; [s0|s1|s2|s3] --next--&gt; [s0| ...   (a producer may still append)
 *        ^ first byte             ^ slot=1, off=20
 * </pre>
 *
 * <h2>References</h2>
 * The iterator holds one reference on {@code start}, the node it was made on. Each link holds a
 * reference on its successor, so every node from {@code start} to the current one stays alive and
 * {@link Bvecq#prev()} stays valid back to {@code start}: revert never meets a disposed node. The current
 * node needs no reference of its own, so moving across nodes costs no atomic operations. close() drops
 * the reference.
 *
 * <h2>A chain still growing, and one walk</h2>
 * Every forward walk (moves, the count check of {@code create}, the read-only walks behind the measures)
 * runs on core's {@link SlotCursor}, which reads {@code nrSlots} with acquire when it enters a node and,
 * when it runs out of slots, reads {@code next} with acquire and then {@code nrSlots} again: slots
 * published between the first count and the link are read before it moves on. Slots below a published
 * count never change. A node with a successor grows no more ({@link Bvecq#appendSlot} refuses), which
 * is what lets {@link #back} trust the count of a node it walks back into.
 *
 * <p>A move that ends inside the current node ({@code advance} over bytes of the node, {@code revert} over
 * bytes before the place in it) is done in place from the node's prefix sums, without starting the cursor:
 * it enters no node, so it needs none of the walk's protocol beyond the count loaded with acquire.
 *
 * <h2>Checks per node, not per slot</h2>
 * {@code create} checks the count against the bytes of the chain with the cursor's {@link SlotCursor#skip},
 * which steps whole nodes by their prefix sums, and learns on the way whether a node of the range holds
 * read-only memory: if none does, a DEST iterator's writes need no walk of their own
 * ({@link #writableWhenMade()}); if one does, each write walks its range slot by slot before writing.
 *
 * <p>
 * The walks do not use the checked accessors {@link Bvecq#segment}/{@link Bvecq#offset}/{@link
 * Bvecq#length}, which check liveness and the slot bound on every call: the cursor checks that a node is
 * live once, when it enters it, and then reads slots below the count it loaded without checks (core's
 * unchecked reads, reached through its qualified export). A node released ahead of the iterator (by a
 * holder that over-released it) fails the walk with {@link BvecqReleasedException} naming that node,
 * before the iterator moves. A separate single-node class would remove only the per-node work (one
 * {@code next} load and one re-check per node crossed); the factory ({@code create}) is the one place to
 * choose one if the bench ever shows it matters.
 *
 * <p>The place is not normalised: {@code off} may equal the slot's length and the slot may be past the
 * last one of a node. Moves stop where the bytes run out, so a place is always reachable backwards.
 */
final class BvecqIter extends IoIter {
    private static final NodeAccess A = NodeAccess.get();

    private final Bvecq start;
    private Bvecq node;
    private int slot;
    private long off;
    private final SlotCursor cursor = new SlotCursor(); // scratch for moves; committed only on success
    private SlotCursor walk;   // the read-only walk of walkFrom()/walkNext(), made on first use
    private boolean writable;  // create's node pass found no read-only slot in the range (see writableWhenMade)

    private BvecqIter(Direction direction, Bvecq start, int slot, long off, long count) {
        super(IterType.BVECQ, direction, count);
        this.start = start;
        this.node = start;
        this.slot = slot;
        this.off = off;
    }

    static BvecqIter create(Direction direction, Bvecq node, int slot, long offset, long count) {
        int nr = node.nrSlotsAcquire();
        if (slot < 0 || slot > nr) {
            throw new IndexOutOfBoundsException("slot: " + slot + " (expected: 0 <= slot <= " + nr + ") in " + node);
        }
        long max = slot == nr ? 0 : node.length(slot);
        if (count < 0) {
            throw new IndexOutOfBoundsException("count: " + count + " (expected: count >= 0)");
        }
        if (offset < 0 || offset > max) {
            throw new IndexOutOfBoundsException("offset: " + offset + " (expected: 0 <= offset <= " + max + ") in slot "
                    + slot + " of " + node);
        }
        BvecqIter it = new BvecqIter(direction, node, slot, offset, count);
        SlotCursor c = it.cursor.start(node, slot, offset);
        long have = c.skip(count); // one step per node (prefix sums), noting read-only memory per node
        if (count > have) {
            throw new IndexOutOfBoundsException("count: " + count + " (expected: 0 <= count <= " + have
                    + ", the bytes in the chain from slot " + slot + " offset " + offset + " of " + node + ")");
        }
        it.writable = direction == Direction.DEST && !c.metReadOnly();
        node.retain(); // the iterator's reference, dropped by close()
        return it;
    }

    @Override
    void move(long n, int mode, MemorySegment other, long otherOff) {
        if (mode == SKIP) {
            SlotCursor c = cursor;
            // the short move, in place: the count loaded with acquire also checks the node is live
            if (c.landInNode(node, node.nrSlotsAcquire(), slot, off, n)) {
                slot = c.slot();
                off = c.offset();
                return;
            }
        }
        SlotCursor c = cursor.start(node, slot, off);
        forward(c, n, mode, other, otherOff);
        node = c.node(); // committed only once the whole walk succeeded
        slot = c.slot();
        off = c.offset();
    }

    /**
     * The one forward walk of this iterator: over {@code n} bytes that the caller checked are there, acting
     * on each piece ({@link IoIter#SKIP} does nothing). Stops right after the last byte.
     */
    private void forward(SlotCursor c, long n, int mode, MemorySegment other, long otherOff) {
        long done = c.forward(n, mode, other, otherOff); // IoIter's modes have SlotCursor's values (checked below)
        if (done < n) {
            // cannot happen: the count was checked against published bytes, which never shrink
            throw new IllegalStateException("chain ends at " + c.node() + " inside the range of " + this);
        }
    }

    static {
        if (SKIP != SlotCursor.SKIP || OUT != SlotCursor.OUT || IN != SlotCursor.IN || ZERO != SlotCursor.ZERO) {
            throw new ExceptionInInitializerError("IoIter's move modes differ from SlotCursor's");
        }
    }

    @Override
    void back(long n) {
        A.checkLive(node, "IoIter.revert");
        if (n <= off) { // the short move, without a cursor: inside the current slot
            off -= n;
            return;
        }
        SlotCursor c = cursor.start(node, slot, off);
        long done = c.back(n);
        if (done < n) {
            // start is held, so a missing predecessor means a node between start and here was released
            // under us (its disposal cut the link back): name it
            throw releasedPrefix(c.node(), n - done);
        }
        node = c.node(); // committed only once the whole walk succeeded
        slot = c.slot();
        off = c.offset();
    }

    /** The failure of a walk back that found no predecessor: names the first released node from start. */
    private RuntimeException releasedPrefix(Bvecq cur, long left) {
        for (Bvecq n = start; n != null && n != cur; n = n.nextAcquire()) {
            if (n.isReleased()) {
                return new BvecqReleasedException(n + " was released under " + this + ": cannot move back "
                        + left + " more bytes from " + cur + " into the released prefix");
            }
        }
        return new IllegalStateException(cur + " has no predecessor while reverting " + left
                + " more bytes; the chain was changed under " + this);
    }

    /**
     * True if no node of the range had a slot with bytes in read-only memory when the iterator was made.
     * That holds for the iterator's life: slots below a published count never change, a node with a
     * successor grows no more, and the iterator never reaches past the range it was made on (reexpand and
     * restore stay within the original count). Otherwise the writes walk their range exactly.
     */
    @Override
    boolean writableWhenMade() {
        return writable;
    }

    @Override
    void walkFrom(long startAt) {
        SlotCursor c = walk;
        if (c == null) {
            c = walk = new SlotCursor(); // lazily: most iterators never measure nor extract
        }
        c.start(node, slot, off);
        forward(c, startAt, SKIP, null, 0);
    }

    @Override
    boolean walkNext() {
        SlotCursor c = walk;
        long avail = c.piece();
        if (avail == 0) {
            return false;
        }
        wSeg = c.segment();
        wOff = c.segmentOffset();
        wLen = avail;
        wNode = c.node();
        c.nextSlot();
        return true;
    }

    @Override
    public void position(BvecqPos into) {
        checkOpen("position");
        Objects.requireNonNull(into, "into");
        into.set(node, slot, off);
    }

    @Override
    void released() {
        start.release();
    }
}
