package io.bvecq.iter;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
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
 * <h2>A chain still growing</h2>
 * Every walk reads {@code nrSlots} with acquire when it enters a node, and when it runs out of slots it
 * reads {@code next} with acquire and then {@code nrSlots} again: slots published between the first
 * count and the link are picked up before the walk moves on. Slots below a published count never change.
 *
 * <h2>No separate single-node class</h2>
 * The walks below differ from a single-node walk only when they run out of slots in a node: one
 * {@code next} load and one {@code nrSlots} re-check per node crossed. Within a node the loop is what a
 * single-node class would run, and the per-slot cost (the checked {@link Bvecq#segment}/{@link
 * Bvecq#offset}/{@link Bvecq#length} reads) would be the same, so such a class would remove nothing
 * measurable. The factory ({@code create}) is the one place to choose one if the bench ever shows
 * otherwise; comparing BVECQ with BVEC over the same slots bounds what it could gain.
 *
 * <p>The place is not normalised: {@code off} may equal the slot's length and the slot may be past the
 * last one of a node. Moves stop where the bytes run out, so a place is always reachable backwards.
 */
final class BvecqIter extends IoIter {
    private final Bvecq start;
    private Bvecq node;
    private int slot;
    private long off;
    private Bvecq walkNode;
    private int walkSlot;
    private long walkOff;

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
        if (offset < 0 || offset > max) {
            throw new IndexOutOfBoundsException("offset: " + offset + " (expected: 0 <= offset <= " + max + ") in slot "
                    + slot + " of " + node);
        }
        if (count < 0) {
            throw new IndexOutOfBoundsException("count: " + count + " (expected: count >= 0)");
        }
        long have = available(node, slot, offset, count);
        if (count > have) {
            throw new IndexOutOfBoundsException("count: " + count + " (expected: 0 <= count <= " + have
                    + ", the bytes in the chain from slot " + slot + " offset " + offset + " of " + node + ")");
        }
        node.retain(); // the iterator's reference, dropped by close()
        return new BvecqIter(direction, node, slot, offset, count);
    }

    /** Counts the bytes published from a place, stopping once {@code limit} is reached. */
    private static long available(Bvecq n, int s, long o, long limit) {
        long total = 0;
        int nr = n.nrSlotsAcquire(); // also checks that the node is live: once per node, not per slot
        for (;;) {
            for (; s < nr && total < limit; s++, o = 0) {
                total += n.lengthAt(s) - o; // below nr, node checked live by nrSlotsAcquire(): see Bvecq.lengthAt()
            }
            if (total >= limit) {
                return total;
            }
            Bvecq next = n.nextAcquire();
            int again = n.nrSlotsAcquire(); // re-check: slots published before the link
            if (again != nr) {
                nr = again;
                continue;
            }
            if (next == null) {
                return total;
            }
            n = next;
            s = 0;
            o = 0;
            nr = n.nrSlotsAcquire();
        }
    }

    @Override
    void move(long n, int mode, MemorySegment other, long otherOff) {
        forward(n, mode, other, otherOff);
        node = endNode; // committed only once the whole walk succeeded
        slot = endSlot;
        off = endOff;
    }

    // Where the last forward() stopped; read right after it, by the same thread.
    private Bvecq endNode;
    private int endSlot;
    private long endOff;

    /**
     * The one forward walk of this iterator, from its place over {@code n} bytes that the caller checked are
     * there, acting on each piece ({@link IoIter#SKIP} does nothing); leaves the end place in the end fields.
     */
    private void forward(long n, int mode, MemorySegment other, long otherOff) {
        Bvecq cur = node;
        int s = slot;
        long o = off;
        long done = 0;
        // Per slot only array loads and the action: nrSlotsAcquire() checks liveness once per node, and
        // slots below the acquired count never change (Bvecq.segmentAt()).
        int nr = cur.nrSlotsAcquire(); // acquire: pairs with the producer's release of nrSlots in appendSlot()
        while (done < n) {
            if (s < nr) {
                long avail = cur.lengthAt(s) - o;
                if (avail <= 0) {
                    s++;
                    o = 0;
                    continue;
                }
                long t = Math.min(avail, n - done);
                Views.act(mode, cur.segmentAt(s), cur.offsetAt(s) + o, t, other, otherOff + done);
                done += t;
                if (t == avail) {
                    s++; // the slot is used up: the same logical place as (s, length)
                    o = 0;
                } else {
                    o += t;
                }
                continue;
            }
            Bvecq next = cur.nextAcquire(); // acquire: pairs with the release of next in linkNext()
            int again = cur.nrSlotsAcquire(); // re-check: the producer may have added slots before linking
            if (again != nr) {
                nr = again;
                continue;
            }
            cur = checkNext(cur, next);
            s = 0;
            o = 0;
            nr = cur.nrSlotsAcquire();
        }
        endNode = cur;
        endSlot = s;
        endOff = o;
    }

    @Override
    void back(long n) {
        Bvecq cur = node;
        int s = slot;
        long o = off;
        long left = n;
        cur.checkLive("IoIter.revert");
        while (left > 0) {
            if (o > 0) {
                long t = Math.min(o, left);
                o -= t;
                left -= t;
            } else if (s > 0) {
                s--;
                o = cur.lengthAt(s); // below the count this iterator walked; checked live on entry
            } else {
                Bvecq p = cur.prev();
                if (p == null) {
                    // cannot happen while start is held: revert is bounded by consumed
                    throw new IllegalStateException(cur + " has no predecessor while reverting " + left
                            + " more bytes; the chain was changed under " + this);
                }
                cur = p;
                s = p.nrSlotsAcquire(); // a node with a successor grows no more
                o = 0;
            }
        }
        node = cur;
        slot = s;
        off = o;
    }

    @Override
    void walkFrom(long startAt) {
        forward(startAt, SKIP, null, 0);
        walkNode = endNode;
        walkSlot = endSlot;
        walkOff = endOff;
    }

    @Override
    boolean walkNext() {
        Bvecq cur = walkNode;
        int s = walkSlot;
        long o = walkOff;
        int nr = cur.nrSlotsAcquire();
        for (;;) {
            for (; s < nr; s++, o = 0) {
                long avail = cur.length(s) - o;
                if (avail > 0) {
                    wSeg = cur.segment(s);
                    wOff = cur.offset(s) + o;
                    wLen = avail;
                    wNode = cur;
                    walkNode = cur;
                    walkSlot = s + 1;
                    walkOff = 0;
                    return true;
                }
            }
            Bvecq next = cur.nextAcquire();
            int again = cur.nrSlotsAcquire(); // re-check, as in move()
            if (again != nr) {
                nr = again;
                continue;
            }
            if (next == null) {
                walkNode = cur;
                walkSlot = s;
                walkOff = 0;
                return false;
            }
            cur = next;
            s = 0;
            o = 0;
            nr = cur.nrSlotsAcquire();
        }
    }

    private Bvecq checkNext(Bvecq cur, Bvecq next) {
        if (next == null) {
            // cannot happen: the count was checked against published bytes, which never shrink
            throw new IllegalStateException("chain ends at " + cur + " inside the range of " + this);
        }
        return next;
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
