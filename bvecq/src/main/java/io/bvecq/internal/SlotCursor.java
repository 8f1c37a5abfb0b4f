package io.bvecq.internal;

import io.bvecq.Bvecq;
import io.bvecq.BvecqReleasedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The one forward walk over a chain: a place {@code (node, slot, offset)} that steps from piece to piece
 * (a slot, or the rest of one, with bytes), entering following nodes. Every walk in core, iter and extract
 * that leaves a node runs on it; it is the only code that does the reader's half of the publication
 * protocol (a short move that stays in its node, done in place by its owner, only loads the count):
 *
 * <pre>
 *   nr = node.nrSlotsAcquire()          on entering a node (also checks the node is live)
 *   read slots 0..nr-1                  no per-slot check: they never change once published
 *   next = node.nextAcquire()           when the slots run out
 *   node.nrSlotsAcquire() != nr ?       re-check: slots published before the link; read them first
 *   enter next                          only then
 * </pre>
 *
 * <p>A cursor is scratch state: its owner (a position, an iterator) {@link #start starts} it at its own
 * place, walks, and copies the end place back only when the whole operation succeeded. A walk that meets a
 * released node throws {@link BvecqReleasedException} when it enters it, before anything is committed.
 * The cursor holds no reference: the caller keeps the nodes alive (a reference on a node before them).
 *
 * <p>The place is not normalised: a walk stops right after its last byte, either inside a slot, or at
 * offset 0 of the slot after a slot it used up (which may be {@code nrSlots}: past the node's last slot);
 * after {@link #consume} the offset may also equal the slot's length. {@link #piece()} skips exhausted and
 * empty slots, entering following nodes, only when more bytes are wanted. At the end of the chain as
 * published, {@link #piece()} parks the cursor past the last slot of the last node ({@code slot == nrSlots},
 * offset 0).
 *
 * <p>Speed: {@link #forward} is the copy loop of every move. It keeps the place in locals and reads
 * {@code nrSlots} and the node's arrays once per node. A copy finds, per node, which slots it wants whole
 * from the prefix sums, so its per-slot loop tests nothing but its index (array loads and one copy, the
 * shape of a plain {@code MemorySegment[]} walk); a slot entered part-way and the slot where the bytes end
 * are done apart. The node crossing (and its liveness check) is out of line, once per node.
 * {@link #skip} does not visit slots: it jumps whole nodes by their prefix sums ({@code ends}, published
 * with the slots) and finds the last slot by binary search, so a count check over a long chain costs one
 * step per node; a skip that ends in the current slot returns at once, and one that ends a few slots on finds
 * the slot with a short forward scan before any binary search. {@link #back} is the backward walk, on the
 * same prefix sums. {@link #slice} is the kernel's slice walk, in locals like {@link #forward}.
 *
 * <p>Threads: one thread at a time. Allocation: none.
 */
public final class SlotCursor {
    /** {@link #forward} mode: move only. The four values are those of the iter module's move modes. */
    public static final int SKIP = 0;
    /** {@link #forward} mode: copy each piece out of the chain into {@code other}. */
    public static final int OUT = 1;
    /** {@link #forward} mode: copy each piece from {@code other} into the chain. */
    public static final int IN = 2;
    /** {@link #forward} mode: write zeros into each piece. */
    public static final int ZERO = 3;

    private static final NodeAccess A = NodeAccess.get();
    private static final long ZEROS_SIZE = 64 * 1024;
    /** Read-only zeros to copy from, so that zeroing a piece allocates no slice. */
    private static final MemorySegment ZEROS = Arena.global().allocate(ZEROS_SIZE, 8).asReadOnly();

    private Bvecq node;
    private int slot;
    private long off;
    private int nr;           // nrSlots of node as last loaded with acquire
    private boolean crossedDiscontig;
    private boolean metReadOnly;

    /** Creates a cursor on no node; {@link #start} it before use. */
    public SlotCursor() {
    }

    /**
     * Places the cursor at {@code (node, slot, offset)} and loads the node's slot count.
     *
     * @param node a node the caller keeps alive
     * @param slot {@code 0 <= slot <= nrSlots}
     * @param offset {@code 0 <= offset <= length(slot)}
     * @return this cursor
     * @throws BvecqReleasedException if {@code node} was released
     */
    public SlotCursor start(Bvecq node, int slot, long offset) {
        // acquire: pairs with the release of nrSlots in Bvecq.appendSlot(); checks live
        return start(node, node.nrSlotsAcquire(), slot, offset);
    }

    /**
     * As {@link #start(Bvecq, int, long)}, for a caller that checked the node is live and loaded its slot
     * count with acquire itself.
     *
     * @param node a live node the caller keeps alive
     * @param nrSlots its slot count, loaded with acquire
     * @param slot {@code 0 <= slot <= nrSlots}
     * @param offset {@code 0 <= offset <= length(slot)}
     * @return this cursor
     */
    public SlotCursor start(Bvecq node, int nrSlots, int slot, long offset) {
        this.nr = nrSlots;
        this.node = node;
        this.slot = slot;
        this.off = offset;
        this.crossedDiscontig = false;
        this.metReadOnly = false;
        return this;
    }

    /**
     * The node of the place.
     *
     * @return the node
     */
    public Bvecq node() {
        return node;
    }

    /**
     * The slot of the place.
     *
     * @return {@code 0 <= slot <= nrSlots}
     */
    public int slot() {
        return slot;
    }

    /**
     * The offset of the place in its slot.
     *
     * @return {@code >= 0}
     */
    public long offset() {
        return off;
    }

    /**
     * Tells whether a node that a {@link #skip} since {@link #start} stood in has a slot with bytes in
     * read-only memory among the slots it had published then (not only those inside the range skipped: a
     * caller that needs the exact answer walks the range). False means every byte skipped is writable.
     *
     * @return {@code true} if read-only memory may lie in the range skipped
     */
    public boolean metReadOnly() {
        return metReadOnly;
    }

    /**
     * Moves to the next byte if the place has none under it (skipping exhausted and empty slots, entering
     * following nodes), and tells how many bytes the piece there has.
     *
     * @return the bytes from the place to the end of its slot, {@code > 0}; or 0 at the end of the chain as
     *     published, the cursor parked past the last slot of the last node
     * @throws BvecqReleasedException if a node entered was released (the cursor is left at the end of the
     *     node before it)
     */
    public long piece() {
        int s = slot;
        if (s < nr) {
            long avail = A.lengthAt(node, s) - off;
            if (avail > 0) {
                return avail;
            }
        }
        return seek();
    }

    private long seek() {
        for (;;) {
            Bvecq n = node;
            int k = nr;
            int s = slot;
            long o = off;
            for (; s < k; s++, o = 0) {
                long avail = A.lengthAt(n, s) - o;
                if (avail > 0) {
                    slot = s;
                    off = o;
                    return avail;
                }
            }
            slot = k;
            off = 0;
            if (!enterNext()) {
                return 0;
            }
        }
    }

    /**
     * At the end of the node's slots: loads {@code next}, re-checks the count, and enters the successor
     * if no slot was added. Returns false at the end of the chain.
     */
    private boolean enterNext() {
        Bvecq n = node;
        // n was checked live when the walk entered it; the node entered is checked below
        Bvecq next = A.nextAcquireUnchecked(n); // acquire: pairs with the release of next in Bvecq.linkNext()
        // re-check: the producer may have published slots in n before it linked next; read those first
        int again = A.nrSlotsAcquireUnchecked(n);
        if (again != nr) {
            nr = again;
            return true;
        }
        if (next == null) {
            return false;
        }
        nr = next.nrSlotsAcquire(); // acquire, and the liveness check of the node entered
        if (A.discontigAt(next)) {
            crossedDiscontig = true;
        }
        node = next;
        slot = 0;
        off = 0;
        return true;
    }

    /**
     * The segment of the current piece; call after {@link #piece()} returned a positive count.
     *
     * @return the slot's segment
     */
    public MemorySegment segment() {
        return A.segmentAt(node, slot);
    }

    /**
     * Where the current piece starts in {@link #segment()}; call after {@link #piece()} returned a
     * positive count.
     *
     * @return the slot's offset plus the place's offset in the slot
     */
    public long segmentOffset() {
        return A.offsetAt(node, slot) + off;
    }

    /** Moves past the rest of the current slot (after {@link #piece()} returned its bytes). */
    public void nextSlot() {
        slot++;
        off = 0;
    }

    /**
     * Moves over {@code n} bytes of the current piece.
     *
     * @param n {@code 0 <= n <=} the count {@link #piece()} returned
     */
    public void consume(long n) {
        off += n;
    }

    /**
     * Moves forward over at most {@code n} bytes, stopping where they run out.
     *
     * @param n the most bytes, {@code >= 0}
     * @return the bytes moved over, {@code < n} only at the end of the chain
     * @throws BvecqReleasedException if a node entered was released
     */
    public long skip(long n) {
        Bvecq cur = node;
        int s = slot;
        long o = off;
        int k = nr;
        if (s < k && n < A.lengthAt(cur, s) - o) { // the common short move: it ends inside the current slot
            off = o + n;
            metReadOnly |= A.firstReadOnlyAt(cur) < k;
            return n;
        }
        long done = 0;
        boolean ro = metReadOnly;
        while (done < n) {
            ro |= A.firstReadOnlyAt(cur) < k; // below the count acquired: right whichever value is seen
            long[] ends = A.endsOf(cur);
            long base = (s == 0 ? 0 : ends[s - 1]) + o;  // node bytes before the place
            long rest = s < k ? ends[k - 1] - base : 0; // node bytes after it
            if (rest >= n - done) {
                long target = base + (n - done);         // node bytes up to the wanted end (no overflow)
                // the end lies in this node: the first slot whose end reaches it (it has bytes)
                int lo = firstEndAtLeastNear(ends, s, k - 1, target);
                done = n;
                if (ends[lo] == target) {
                    s = lo + 1; // used up: the walk stops at offset 0 of the slot after it
                    o = 0;
                } else {
                    s = lo;
                    o = target - (lo == 0 ? 0 : ends[lo - 1]);
                }
                break;
            }
            done += rest; // the rest of the node, whole
            slot = k;
            off = 0;
            if (!enterNext()) {
                s = k;
                o = 0;
                break;
            }
            cur = node;
            s = slot;
            o = off;
            k = nr;
        }
        slot = s;
        off = o;
        metReadOnly = ro;
        return done;
    }

    /**
     * The slice walk (kernel {@code bvecq_slice()}): moves over the next run of at most {@code maxSize} bytes
     * in at most {@code maxSlots} pieces, skipping empty and exhausted slots without counting them, and stops
     * before a {@linkplain Bvecq#discontig() discontiguous} node once the run holds data. With {@code out},
     * the pieces are also added to a builder, made at the first byte with that byte's file position: a node's
     * pieces in one {@link ChainBuilder#addSharedRun} call as the walk leaves it: one tight store loop and one
     * publication per node instead of a call per piece (ExtractBench at 4 KiB slots: 1.5x the per-piece
     * form's speed). The
     * place is left right after the run (not normalised). It keeps the place in locals and reads the node's
     * lengths once per node, as {@link #forward} does.
     *
     * @param maxSize the most bytes, {@code >= 0}
     * @param maxSlots the most pieces, {@code >= 0}
     * @param out {@code null} to measure only; else a one-element holder for the builder, {@code null} in it
     *     until the first byte
     * @param nodeSlots the slots per node of a builder made here
     * @return the bytes in the run, {@code 0 <= result <= maxSize}
     * @throws BvecqReleasedException if a node entered was released (a builder made so far stays in
     *     {@code out} for the caller to discard)
     */
    public long slice(long maxSize, int maxSlots, ChainBuilder[] out, int nodeSlots) {
        Bvecq cur = node;
        int s = slot;
        long o = off;
        int k = nr;
        long size = 0;
        int pieces = 0;
        while (size < maxSize && pieces < maxSlots) {
            long[] ends = A.endsOf(cur);
            long prev = s == 0 ? 0 : ends[s - 1]; // node bytes before slot s
            int runSlot = s;                      // where this node's part of the run starts
            long runOff = o;
            long sizeBefore = size;
            boolean stop = false;
            for (; s < k; s++, o = 0) {
                long end = ends[s];
                long avail = end - prev - o;
                prev = end;
                if (avail <= 0) {
                    continue; // empty or exhausted: skipped, not counted
                }
                long take = Math.min(avail, maxSize - size);
                size += take;
                pieces++;
                if (take < avail) {
                    o += take; // stopped inside the slot: size == maxSize
                    stop = true;
                    break;
                }
                if (size == maxSize || pieces == maxSlots) {
                    s++; // used up: stop at offset 0 of the next slot
                    o = 0;
                    stop = true;
                    break;
                }
            }
            if (out != null && size > sizeBefore) { // the node's pieces, in one call: a tight loop of stores
                if (out[0] == null) {
                    out[0] = new ChainBuilder(nodeSlots, filePosition(cur, runSlot, runOff));
                }
                out[0].addSharedRun(cur, runSlot, runOff, s, o);
            }
            if (stop) {
                break;
            }
            slot = k;
            off = 0;
            crossedDiscontig = false;
            boolean entered = enterNext();
            cur = node;
            s = slot;
            o = off;
            k = nr;
            if (!entered || (size > 0 && crossedDiscontig)) {
                break; // the end, or a discontiguous node once we hold data: one run, one file range
            }
        }
        slot = s;
        off = o;
        return size;
    }

    /**
     * An upper bound on the pieces the next {@link #slice slice(maxSize, maxSlots, ...)} from here would take,
     * found without a walk: if the run's {@code maxSize} bytes end in the current node, the slots from here to
     * the one where they end (one binary search on the prefix sums; empty slots counted too, so it may be
     * more than the pieces); otherwise {@code maxSlots}. Moves nothing.
     *
     * @param maxSize the most bytes, {@code >= 0}
     * @param maxSlots the most pieces, {@code >= 0}
     * @return {@code 0 <= result <= maxSlots}
     */
    public int slicePiecesBound(long maxSize, int maxSlots) {
        int s = slot;
        int k = nr;
        if (s < k && maxSize > 0) {
            long[] ends = A.endsOf(node);
            long base = (s == 0 ? 0 : ends[s - 1]) + off; // node bytes before the place
            if (ends[k - 1] - base >= maxSize) {          // the run's bytes end in this node (no overflow below)
                int last = firstEndAtLeast(ends, s, k - 1, base + maxSize);
                return Math.min(maxSlots, last - s + 1);
            }
        }
        return maxSlots;
    }

    /**
     * Moves forward over at most {@code n} bytes, acting on each piece by {@code mode}, and stops right after
     * the last byte. Arguments are the caller's to check ({@code other} large enough, writable for OUT; the
     * chain writable for IN and ZERO). On an exception the cursor is left somewhere inside the range: the
     * caller does not commit it.
     *
     * @param n the most bytes, {@code >= 0}
     * @param mode {@link #SKIP}, {@link #OUT}, {@link #IN} or {@link #ZERO}
     * @param other the contiguous memory for OUT and IN, else ignored
     * @param otherOff where the first byte goes to or comes from in {@code other}
     * @return the bytes moved over, {@code < n} only at the end of the chain
     * @throws BvecqReleasedException if a node entered was released
     */
    public long forward(long n, int mode, MemorySegment other, long otherOff) {
        if (mode == SKIP) {
            return skip(n);
        }
        if (mode == ZERO) {
            return forwardZero(n);
        }
        return forwardCopy(n, mode == OUT, other, otherOff);
    }

    /**
     * The copy loop of OUT and IN. Per node: the rest of a slot entered part-way, then the slots that are
     * wanted whole (found from the node's prefix sums, so the loop over them tests nothing but its index:
     * array loads and one copy per slot, the shape of a plain {@code MemorySegment[]} walk), then the head of
     * the slot where the wanted bytes end. Stops where {@link #forward} says.
     */
    private long forwardCopy(long n, boolean out, MemorySegment other, long otherOff) {
        Bvecq cur = node;
        int s = slot;
        long o = off;
        int k = nr;
        long done = 0;
        while (done < n) {
            MemorySegment[] segs = A.segmentsOf(cur);
            long[] offs = A.offsetsOf(cur);
            long[] ends = A.endsOf(cur);
            if (o != 0 && s < k) { // the rest of a slot entered part-way (may be nothing)
                long avail = ends[s] - (s == 0 ? 0 : ends[s - 1]) - o;
                long t = Math.min(avail, n - done);
                if (t > 0) {
                    SlotCopies.copy(out, segs[s], offs[s] + o, other, otherOff + done, t);
                    done += t;
                }
                if (t < avail) {
                    o += t; // stopped inside the slot: done == n
                    break;
                }
                s++;
                o = 0;
                if (done == n) {
                    break; // used up: stop at offset 0 of the next slot
                }
            }
            long base = s == 0 ? 0 : ends[s - 1];   // node bytes before slot s
            long want = n - done;
            int whole;                               // slots [s, whole) are copied whole
            if (s >= k || ends[k - 1] - base < want) {
                whole = k;                           // the rest of the node, and more after it
            } else {
                whole = firstEndAtLeast(ends, s, k - 1, base + want); // the slot where the wanted bytes end
                if (ends[whole] == base + want) {
                    whole++;                         // it ends exactly there: used up, copied whole
                }
            }
            if (whole > s) {
                if (A.firstPartAt(cur) >= whole) { // slots [0, whole) are whole segments: no offsets to add
                    if (out) {
                        SlotCopies.outSegments(segs, s, whole, other, otherOff + done);
                    } else {
                        SlotCopies.inSegments(segs, s, whole, other, otherOff + done);
                    }
                } else {
                    long at = otherOff + done - base; // node byte b goes to or comes from other[at + b]
                    if (out) {
                        SlotCopies.outWhole(segs, offs, ends, s, whole, base, other, at);
                    } else {
                        SlotCopies.inWhole(segs, offs, ends, s, whole, base, other, at);
                    }
                }
                done += ends[whole - 1] - base;
            }
            s = whole;
            if (done == n) {
                break;
            }
            if (s < k) { // the wanted bytes end inside slot s: its head
                long t = n - done;
                SlotCopies.copy(out, segs[s], offs[s], other, otherOff + done, t);
                done = n;
                o = t;
                break;
            }
            slot = k;
            off = 0;
            if (!enterNext()) {
                break;
            }
            cur = node;
            s = slot;
            o = off;
            k = nr;
        }
        slot = s;
        off = o;
        return done;
    }

    /**
     * The short forward move, without {@link #start}: if the byte {@code n} bytes after {@code (slot, offset)}
     * of {@code node} lies in that node, places the cursor's slot and offset on it (its node is left as it
     * was: the caller keeps its own) and returns true. It enters no node, so it needs no more of the
     * protocol than the count the caller loaded; published slots and their prefix sums never change.
     *
     * @param node a live node the caller keeps alive
     * @param nrSlots its slot count, loaded with acquire
     * @param slot {@code 0 <= slot <= nrSlots}
     * @param offset {@code 0 <= offset <= length(slot)}
     * @param n the bytes to move, {@code >= 0}
     * @return true if the move ends on a byte of {@code node} ({@link #slot()} and {@link #offset()} say
     *     which); false if it would leave the node, with nothing changed
     */
    public boolean landInNode(Bvecq node, int nrSlots, int slot, long offset, long n) {
        if (slot >= nrSlots) {
            return false;
        }
        if (n < A.lengthAt(node, slot) - offset) { // the shortest: inside the current slot
            this.slot = slot;
            this.off = offset + n;
            return true;
        }
        long[] ends = A.endsOf(node);
        long here = (slot == 0 ? 0 : ends[slot - 1]) + offset; // node bytes before the place
        if (n >= ends[nrSlots - 1] - here) {
            return false; // past this node's bytes: a walk enters the next
        }
        long target = here + n;
        int j = slotOfByte(ends, slot + 1, nrSlots - 1, target);
        this.slot = j;
        this.off = target - ends[j - 1];
        return true;
    }

    /**
     * The short slice, without {@link #start}: if a run of {@code maxSize} bytes from {@code (slot, offset)} of
     * {@code node} ends inside that node (with its last byte at the latest) and spans at most {@code maxSlots}
     * slots (empty ones counted, so the slot limit cannot bind), the slice is exactly {@code maxSize} bytes:
     * places the cursor's slot and offset on the byte after it, as {@link #landInNode} does, and returns true.
     * A run that ends with the node's last byte lands only where the chain ends (no successor, and no slot
     * published since {@code nrSlots} was loaded): parked past the last slot, as {@link #piece()} parks. Otherwise
     * returns false with nothing changed, and the caller walks ({@link #slice}). It never crosses a node, so a
     * discontiguous node cannot be in the way.
     *
     * @param node a live node the caller keeps alive
     * @param nrSlots its slot count, loaded with acquire
     * @param slot {@code 0 <= slot <= nrSlots}
     * @param offset {@code 0 <= offset <= length(slot)}
     * @param maxSize the slice's most bytes, {@code >= 0}
     * @param maxSlots the slice's most pieces, {@code >= 0}
     * @return true if the slice is {@code maxSize} bytes and the place is set after it
     */
    public boolean landSliceInNode(Bvecq node, int nrSlots, int slot, long offset, long maxSize, int maxSlots) {
        if (maxSize <= 0 || maxSlots <= 0 || slot >= nrSlots) {
            return false;
        }
        long[] ends = A.endsOf(node);
        long here = (slot == 0 ? 0 : ends[slot - 1]) + offset; // node bytes before the place
        long rest = ends[nrSlots - 1] - here;                 // node bytes after it
        if (maxSize > rest) {
            return false; // the run goes on past the node's end: the walk decides what follows
        }
        long target = here + maxSize; // the byte after the run: inside this node, or its end
        int last = slotOfByte(ends, slot, nrSlots - 1, target - 1); // the slot of the run's last byte
        if (last - slot >= maxSlots) {
            return false;
        }
        if (maxSize == rest) {
            // the run ends with the node's last byte, so the byte after it is in what follows: as in enterNext,
            // acquire next, then re-check the count (slots published before a link are read first)
            if (A.nextAcquireUnchecked(node) != null || A.nrSlotsAcquireUnchecked(node) != nrSlots) {
                return false; // more bytes follow, or may: the walk moves onto them
            }
            this.slot = nrSlots; // the end of the chain for now: parked past the last slot, as piece() parks
            this.off = 0;
            return true;
        }
        // the slot of the byte after the run: the last one if it holds it too, else the first after it with bytes
        int j = ends[last] > target ? last : slotOfByte(ends, last + 1, nrSlots - 1, target);
        this.slot = j;
        this.off = target - (j == 0 ? 0 : ends[j - 1]);
        return true;
    }

    /**
     * Moves back over at most {@code n} bytes, entering preceding nodes through {@link Bvecq#prev()}, and
     * stops on the first byte of the range moved over; where that is the start of a slot, the place is at
     * offset 0 of the last slot that starts there. A node with a successor grows no more, so the slot counts
     * of preceding nodes are final. The caller holds a node at or before where the walk stops.
     *
     * @param n the most bytes, {@code >= 0}
     * @return the bytes moved over, {@code < n} only where a node has no predecessor (the start of the chain,
     *     or a link cut by a node released under the walk): the cursor is then at the start of that node
     */
    public long back(long n) {
        Bvecq cur = node;
        int s = slot;
        long o = off;
        if (n <= o) { // the common short move: inside the current slot
            off = o - n;
            return n;
        }
        long left = n;
        for (;;) {
            long[] ends = A.endsOf(cur);
            long base = (s == 0 ? 0 : ends[s - 1]) + o; // node bytes before the place
            if (left <= base) {
                long target = base - left;
                // the last slot starting at or before target: the first one ending after it
                int j = firstEndAboveNearHi(ends, 0, s - 1, target);
                o = target - (j == 0 ? 0 : ends[j - 1]);
                s = j;
                left = 0;
                break;
            }
            left -= base;
            Bvecq p = cur.prev();
            if (p == null) {
                s = 0;
                o = 0;
                break;
            }
            cur = p;
            s = p.nrSlotsAcquire(); // a node with a successor grows no more
            o = 0;
        }
        node = cur;
        nr = cur.nrSlotsAcquire();
        slot = s;
        off = o;
        return n - left;
    }

    /**
     * The slot of a node that holds the byte {@code target} bytes from the node's start, for a byte usually a
     * few slots after {@code from}: the first slot in {@code [from, hi]} whose prefix sum exceeds
     * {@code target} (so it has bytes, and the byte lies in it at {@code target - ends[result - 1]}).
     *
     * @param ends the node's prefix sums, published below {@code hi + 1}
     * @param from the first slot to look at, whose start is at or before {@code target}
     * @param hi the last slot to look at; {@code ends[hi] > target}
     * @param target the byte, counted from the node's start
     * @return the slot, {@code from <= result <= hi}
     */
    public static int slotOfByte(long[] ends, int from, int hi, long target) {
        return firstEndAtLeastNear(ends, from, hi, target + 1);
    }

    /**
     * As {@link #firstEndAtLeast}, for a target that is usually a few slots from {@code lo}: a short forward
     * scan first (its branches predict well, where a binary search's do not), the search only past it.
     */
    private static int firstEndAtLeastNear(long[] ends, int lo, int hi, long target) {
        int scanEnd = Math.min(hi, lo + 8);
        int i = lo;
        while (i < scanEnd && ends[i] < target) {
            i++;
        }
        return ends[i] >= target ? i : firstEndAtLeast(ends, i + 1, hi, target);
    }

    /**
     * The first index in {@code [lo, hi]} whose prefix sum exceeds {@code target}, for a target usually a few
     * slots below {@code hi}: a short backward scan first, the binary search only past it;
     * {@code ends[hi] > target}.
     */
    private static int firstEndAboveNearHi(long[] ends, int lo, int hi, long target) {
        int scanEnd = Math.max(lo, hi - 8);
        int j = hi;
        while (j > scanEnd && ends[j - 1] > target) {
            j--;
        }
        return j > lo && ends[j - 1] > target ? firstEndAtLeast(ends, lo, j - 1, target + 1) : j;
    }

    /** The first index in {@code [lo, hi]} whose prefix sum reaches {@code target}; {@code ends[hi] >= target}. */
    private static int firstEndAtLeast(long[] ends, int lo, int hi, long target) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The ZERO loop: writes zeros into each piece, as {@link #forward} says. */
    private long forwardZero(long n) {
        Bvecq cur = node;
        int s = slot;
        long o = off;
        int k = nr;
        long done = 0;
        while (done < n) {
            MemorySegment[] segs = A.segmentsOf(cur);
            long[] offs = A.offsetsOf(cur);
            long[] ends = A.endsOf(cur);
            long prev = s == 0 ? 0 : ends[s - 1]; // node bytes before slot s
            for (; s < k; s++, o = 0) {
                long end = ends[s];
                long avail = end - prev - o;
                prev = end;
                if (avail > 0) {
                    long t = Math.min(avail, n - done);
                    zero(segs[s], offs[s] + o, t);
                    done += t;
                    if (t < avail) {
                        o += t; // stopped inside the slot: done == n
                        break;
                    }
                    if (done == n) {
                        s++; // used up: stop at offset 0 of the next slot
                        o = 0;
                        break;
                    }
                }
            }
            if (done == n) {
                break;
            }
            slot = k;
            off = 0;
            if (!enterNext()) {
                break;
            }
            cur = node;
            s = slot;
            o = off;
            k = nr;
        }
        slot = s;
        off = o;
        return done;
    }

    private static void zero(MemorySegment seg, long off, long len) {
        for (long t; len > 0; off += t, len -= t) {
            t = Math.min(len, ZEROS_SIZE);
            MemorySegment.copy(ZEROS, 0, seg, off, t);
        }
    }

    /**
     * The file position of the byte at {@code (node, slot, offset)}: the node's {@code fpos} plus the
     * bytes of the slots before {@code slot} plus {@code offset}.
     *
     * @param node a live node
     * @param slot {@code 0 <= slot <= nrSlots}
     * @param offset the offset in the slot
     * @return the file position
     * @throws BvecqReleasedException if the node was released
     */
    public static long filePosition(Bvecq node, int slot, long offset) {
        return node.fpos() + offset + (slot == 0 ? 0 : A.endsOf(node)[slot - 1]);
    }

    @Override
    public String toString() {
        return "SlotCursor[" + node + ", slot=" + slot + ", offset=" + off + ", nr=" + nr + "]";
    }
}
