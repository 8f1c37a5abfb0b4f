package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The slot table of a {@link Bvecq}: the parallel arrays of regions (segment, offset, owner, and the
 * lengths as prefix sums), the
 * published count {@code nrSlots} and the reads and writes that go with it. {@code Bvecq} adds the links,
 * the file position and the lifetime; this class is what a walk reads per slot. The slot rules (which
 * write pairs with which read, who may write) are in {@code Bvecq}'s class doc.
 *
 * <p>Slot storage: parallel arrays, so that walking slots allocates nothing. Only the producer writes an
 * index {@code >= nrSlots}; entries below {@code nrSlots} are read-only once published.
 *
 * <p>Two summaries, written by the producer with each slot before the release store of {@code nrSlots}
 * (so a reader that acquired {@code nrSlots = k} sees them as they were for slots {@code 0..k-1}):
 * {@code ends[i]}, the bytes of slots {@code 0..i} (prefix sums, so that a walk jumps a whole node, and
 * {@link #bytes()} is one read; a slot's length is the difference of two neighbours, so no separate length
 * array is allocated per node), and {@code firstReadOnly}, the lowest slot with bytes whose segment is
 * read-only ({@code maxSlots} if none; it only decreases while the node is shared, so a reader comparing it
 * with its own count {@code k} gets the right answer for slots {@code 0..k-1} whichever value it sees).
 * Every slot mutation keeps both right: {@code storeSlot}, {@code fillEmptySlot}, {@code appendEmptySlots},
 * {@code trimSlot}, {@code dropSlotsFrom}.
 */
abstract sealed class BvecqSlots permits Lifetime {
    private static final VarHandle NR_SLOTS;
    /** The most pool chunks a disposal gives back to their pool under one lock. */
    private static final int RETURN_BATCH = 64;

    static {
        try {
            NR_SLOTS = MethodHandles.lookup().findVarHandle(BvecqSlots.class, "nrSlots", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxSlots;
    private final Disposal disposal;
    private final MemorySegment[] segments;
    private final long[] offsets;
    private final RegionOwner[] owners;
    private final long[] ends;          // ends[i] = bytes of slots 0..i; written before the release of nrSlots
    private int firstReadOnly;          // lowest slot with bytes in read-only memory, or maxSlots; ditto
    private int firstPart;              // lowest slot that is not a whole segment, or maxSlots; ditto
    private long tailEnd;               // ends[nrSlots - 1], or 0 without slots: the producer's copy, never read by others
    @SuppressWarnings("unused") // accessed through NR_SLOTS
    private int nrSlots;

    BvecqSlots(int maxSlots, Disposal disposal) {
        this.maxSlots = maxSlots;
        this.disposal = disposal;
        this.segments = new MemorySegment[maxSlots];
        this.offsets = new long[maxSlots];
        this.owners = new RegionOwner[maxSlots];
        this.ends = new long[maxSlots];
        this.firstReadOnly = maxSlots;
        this.firstPart = maxSlots;
    }

    /** Throws {@link BvecqReleasedException} naming the node and {@code what} if the node was released. */
    abstract void checkLive(String what);

    int nrSlotsOpaque() {
        return (int) NR_SLOTS.getOpaque(this);
    }

    /** Fills the next slot and publishes it; the caller checked the region. Returns the slot, or -1 if full. */
    final int storeSlot(MemorySegment segment, long offset, long length, RegionOwner owner) {
        int n = (int) NR_SLOTS.get(this); // plain: only the producer writes nrSlots
        if (n == maxSlots) {
            return -1;
        }
        segments[n] = segment;
        offsets[n] = offset;
        if (owner != null) {
            owners[n] = owner; // at and above the count it is null already (dropSlotsFrom clears what it drops)
        }
        long end = tailEnd + length; // a field, not ends[n - 1]: no test of n == 0 and one bounds check less
        ends[n] = end;
        if ((offset | (length ^ segment.byteSize())) != 0 || segment.isReadOnly()) { // an offset or a short length, or read-only
            noteMarkers(n, segment, offset, length); // a whole, writable segment moves neither marker
        }
        publishSlots(n + 1, end); // release: the slot, ends[n] and both markers before the count
        return n;
    }

    /**
     * Fills the free slots, in order, with the pieces of {@code src} from place {@code (from, fromOff)} up to
     * place {@code (to, toOff)}: slot {@code from} from byte {@code fromOff}, the whole slots after it, and the
     * first {@code toOff} bytes of slot {@code to}; pieces without bytes are skipped. Stops when this node is
     * full, and publishes what it stored with one release of the count. The caller checked everything
     * else: this node is a {@link Disposal#NONE} node of the producer's with no successor, the places lie in
     * published slots of the live {@code src} ({@code to} may be its count when {@code toOff} is 0), and
     * {@code src} is kept alive by this node.
     *
     * @return the first slot of {@code src} not wholly stored: {@code from} if this node was full already
     *     (its offset is then still {@code fromOff}), else a slot whose pieces start at offset 0 (pieces
     *     without bytes passed over count as stored); {@code > to} once the run is stored
     */
    final int storeSharedRun(BvecqSlots src, int from, long fromOff, int to, long toOff) {
        int n = (int) NR_SLOTS.get(this); // plain: only the producer writes nrSlots
        int start = n;
        long end = tailEnd;
        long[] srcEnds = src.ends;
        long prev = from == 0 ? 0 : srcEnds[from - 1];
        int s = from;
        long o = fromOff;
        for (; n < maxSlots; s++, o = 0) {
            long len;
            if (s < to) {
                long e = srcEnds[s];
                len = e - prev - o;
                prev = e;
            } else if (s == to && toOff > o) {
                len = toOff - o;
            } else {
                s = to + 1;
                break;
            }
            if (len <= 0) {
                continue; // empty or exhausted: no slot
            }
            MemorySegment seg = src.segments[s];
            long off = src.offsets[s] + o;
            segments[n] = seg;
            offsets[n] = off;
            end += len;
            ends[n] = end;
            noteReadOnly(n, seg, len);
            notePart(n, seg, off, len);
            n++;
        }
        if (n != start) {
            publishSlots(n, end); // release: the slots, their ends and both markers before the count
        }
        return s;
    }

    /**
     * Reads the number of filled slots with acquire semantics.
     *
     * @return the slot count; slots {@code 0..result-1} are fully visible to the caller
     * @throws BvecqReleasedException if the node was released
     */
    public int nrSlotsAcquire() {
        checkLive("nrSlotsAcquire");
        return nrSlotsAcquireUnchecked();
    }

    /** As {@link #nrSlotsAcquire()} without the liveness check, for disposal, which runs at refCount 0. */
    int nrSlotsAcquireUnchecked() {
        // acquire: pairs with setNrSlotsRelease() in storeSlot()/fillEmptySlot()/appendEmptySlots()/trimSlot()/
        // dropSlotsFrom(); slots, ends and firstReadOnly below the count are visible
        return (int) NR_SLOTS.getAcquire(this);
    }

    private void setNrSlotsRelease(int n) {
        publishSlots(n, n == 0 ? 0 : ends[n - 1]);
    }

    /** Publishes {@code n} slots whose last prefix sum is {@code end} (0 for none). */
    private void publishSlots(int n, long end) {
        tailEnd = end;
        // release: slot writes before nrSlots; pairs with nrSlotsAcquire() in SlotCursor (start, enterNext)
        NR_SLOTS.setRelease(this, n);
    }

    /**
     * The slot capacity fixed at allocation.
     *
     * @return {@code 1 <= maxSlots <= MAX_SLOTS}
     */
    public int maxSlots() {
        return maxSlots;
    }

    /**
     * The disposal kind shared by every slot of this node.
     *
     * @return the kind, never null
     */
    public Disposal disposal() {
        return disposal;
    }

    /**
     * Tells whether every slot is filled.
     *
     * @return {@code nrSlotsAcquire() == maxSlots()}
     * @throws BvecqReleasedException if the node was released
     */
    public boolean isFull() {
        return nrSlotsAcquire() == maxSlots;
    }

    /**
     * The segment of a slot.
     *
     * @param slot a filled slot, {@code 0 <= slot < nrSlotsAcquire()}
     * @return the segment; {@link MemorySegment#NULL} for an empty slot
     * @throws IndexOutOfBoundsException if {@code slot} is out of range
     * @throws BvecqReleasedException if the node was released
     */
    public MemorySegment segment(int slot) {
        checkSlot(slot, "segment");
        return segments[slot];
    }

    /**
     * The offset of a slot's region within its segment.
     *
     * @param slot a filled slot, {@code 0 <= slot < nrSlotsAcquire()}
     * @return {@code 0 <= offset <= segment(slot).byteSize()}
     * @throws IndexOutOfBoundsException if {@code slot} is out of range
     * @throws BvecqReleasedException if the node was released
     */
    public long offset(int slot) {
        checkSlot(slot, "offset");
        return offsets[slot];
    }

    /**
     * The length in bytes of a slot's region.
     *
     * @param slot a filled slot, {@code 0 <= slot < nrSlotsAcquire()}
     * @return {@code >= 0}; 0 for an empty slot
     * @throws IndexOutOfBoundsException if {@code slot} is out of range
     * @throws BvecqReleasedException if the node was released
     */
    public long length(int slot) {
        checkSlot(slot, "length");
        return lengthAt(slot);
    }

    /**
     * The owner to be told when a slot is disposed.
     *
     * @param slot a filled slot, {@code 0 <= slot < nrSlotsAcquire()}
     * @return the owner, or {@code null} for {@link Disposal#NONE} nodes and empty slots
     * @throws IndexOutOfBoundsException if {@code slot} is out of range
     * @throws BvecqReleasedException if the node was released
     */
    public RegionOwner owner(int slot) {
        checkSlot(slot, "owner");
        return owners[slot];
    }

    /**
     * The bytes described by the filled slots of this node.
     *
     * @return the sum of the slot lengths
     * @throws BvecqReleasedException if the node was released
     */
    public long bytes() {
        int n = nrSlotsAcquire(); // acquire: ends[n-1] was written before the count; checks live
        return n == 0 ? 0 : ends[n - 1];
    }

    // Slot reads without the per-call checks, for the walks of this package; other packages go through
    // NodeAccess (see there for the caller's duties). Slots below a published count never change.

    MemorySegment segmentAt(int slot) {
        return segments[slot];
    }

    long offsetAt(int slot) {
        return offsets[slot];
    }

    long lengthAt(int slot) {
        return slot == 0 ? ends[0] : ends[slot] - ends[slot - 1];
    }

    // The arrays themselves, for the copy loop of SlotCursor (through NodeAccess): read only, below a count
    // loaded with acquire.

    MemorySegment[] segmentArray() {
        return segments;
    }

    long[] offsetArray() {
        return offsets;
    }

    long[] endArray() {
        return ends;
    }

    int firstReadOnlyAt() {
        return firstReadOnly;
    }

    int firstPartAt() {
        return firstPart;
    }

    /** The markers' part of storeSlot, for a slot that is not a whole writable segment; kept out of the append's path. */
    private void noteMarkers(int i, MemorySegment segment, long offset, long length) {
        noteReadOnly(i, segment, length);
        notePart(i, segment, offset, length);
    }

    /** Lowers firstReadOnly if slot {@code i} holds bytes of read-only memory; before the release of the count. */
    private void noteReadOnly(int i, MemorySegment segment, long length) {
        if (length > 0 && i < firstReadOnly && segment.isReadOnly()) {
            firstReadOnly = i;
        }
    }

    /**
     * Lowers firstPart if slot {@code i} is not its whole segment (an offset, or fewer bytes than the
     * segment has); before the release of the count.
     */
    private void notePart(int i, MemorySegment segment, long offset, long length) {
        if (i < firstPart && (offset != 0 || length != segment.byteSize())) {
            firstPart = i;
        }
    }

    /** Adds {@code delta} to ends[from..n-1] after the length of slot {@code from} changed; before the release of the count. */
    private void shiftEnds(int from, int n, long delta) {
        for (int i = from; i < n; i++) {
            ends[i] += delta;
        }
    }

    /**
     * Fills a slot that was left empty (for example one of the {@code preSlots} of
     * {@link BvecqBuffers#allocBuffer}) with a region, typically a protocol header. Producer only, and
     * only before the node is shared with readers: a reader that already walked the slot saw it empty.
     *
     * @param slot an empty filled-slot index, {@code 0 <= slot < nrSlotsAcquire()} with {@code length(slot) == 0}
     *     and no segment
     * @param segment the memory, not null
     * @param offset the region's start, {@code 0 <= offset <= segment.byteSize()}
     * @param length the region's length, {@code 0 <= length <= segment.byteSize() - offset}
     * @param owner as for {@link Bvecq#appendSlot}
     * @throws IndexOutOfBoundsException if {@code slot}, {@code offset} or {@code length} are out of range
     * @throws IllegalArgumentException if the slot is not empty or the owner does not fit the kind
     * @throws NullPointerException if {@code segment} is null
     * @throws BvecqReleasedException if the node was released
     */
    public void fillEmptySlot(int slot, MemorySegment segment, long offset, long length, RegionOwner owner) {
        checkSlot(slot, "fillEmptySlot");
        long had = lengthAt(slot);
        if (had != 0 || segments[slot] != MemorySegment.NULL || owners[slot] != null) {
            throw new IllegalArgumentException("slot: " + slot + " (expected: an empty slot; it holds length="
                    + had + ") in " + this);
        }
        checkRegion(segment, offset, length, owner);
        segments[slot] = segment;
        offsets[slot] = offset;
        owners[slot] = owner;
        int n = (int) NR_SLOTS.get(this);
        shiftEnds(slot, n, length);
        noteReadOnly(slot, segment, length);
        notePart(slot, segment, offset, length);
        setNrSlotsRelease(n); // release: republish the changed slot, its sums and markers
    }

    /** Appends {@code count} empty slots; producer only, before sharing. */
    void appendEmptySlots(int count) {
        int n = (int) NR_SLOTS.get(this);
        for (int i = n; i < n + count; i++) {
            segments[i] = MemorySegment.NULL;
            offsets[i] = 0;
            owners[i] = null;
            ends[i] = i == 0 ? 0 : ends[i - 1];
        }
        setNrSlotsRelease(n + count); // release: the empty slots and their sums
    }

    /** Producer only, before sharing: trims slot {@code slot} to {@code length} bytes. */
    void trimSlot(int slot, long length) {
        int n = (int) NR_SLOTS.get(this);
        shiftEnds(slot, n, length - lengthAt(slot));
        notePart(slot, segments[slot], offsets[slot], length);
        setNrSlotsRelease(n); // release: republish the shorter slot, its sums and markers (firstReadOnly may stay lower)
    }

    /** Producer only, before sharing: disposes of slots {@code from..nrSlots-1} and drops them. */
    void dropSlotsFrom(int from) {
        int n = (int) NR_SLOTS.get(this);
        if (firstReadOnly >= from) {
            firstReadOnly = maxSlots; // none below from: the lowest one, if any, was among the dropped
        }
        if (firstPart >= from) {
            firstPart = maxSlots; // likewise
        }
        setNrSlotsRelease(from); // ends[0..from-1] unchanged
        Throwable failure = disposeSlots(from, n, null);
        Lifetime.rethrow(failure);
    }

    /** Disposes of slots {@code from..to-1}, keeping the first failure; for Lifetime and dropSlotsFrom. */
    Throwable disposeSlots(int from, int to, Throwable failure) {
        PoolChunk back = null; // pool chunks whose last hold went here, linked, given back to their pool together
        int nBack = 0;
        for (int i = from; i < to; i++) {
            RegionOwner o = owners[i];
            if (o != null) { // none in a NONE node: nothing to clear or dispose of
                owners[i] = null;
                try {
                    if (o instanceof PoolChunk c) { // what c.dispose would do, with the return to the pool batched
                        if (c.dropHold()) {
                            if (back != null && (nBack == RETURN_BATCH || back.pool() != c.pool())) {
                                PoolChunk list = back;
                                int k = nBack;
                                back = null;
                                nBack = 0;
                                list.pool().giveBackAll(list, k);
                            }
                            c.nextReturned = back;
                            back = c;
                            nBack++;
                        }
                    } else {
                        o.dispose(disposal, segments[i], offsets[i], lengthAt(i));
                    }
                } catch (Throwable t) {
                    failure = Lifetime.addFailure(failure, t);
                }
            }
            segments[i] = null;
        }
        if (back != null) {
            try {
                back.pool().giveBackAll(back, nBack);
            } catch (Throwable t) {
                failure = Lifetime.addFailure(failure, t);
            }
        }
        return failure;
    }

    final void checkSlot(int slot, String what) {
        checkLive(what);
        int n = nrSlotsAcquireUnchecked();
        if (slot < 0 || slot >= n) {
            throw new IndexOutOfBoundsException("slot: " + slot + " (expected: 0 <= slot < " + n + ") in " + this);
        }
    }

    /**
     * Checks a region and its owner for this node. Written for the append's compiled size: each test that never
     * fails still costs the compiled code a deoptimization stub, and a caller such as
     * {@code RollingBuffer.append} is inlined into its own caller's loop only while its compiled code stays
     * small (C2's InlineSmallCode), so the four range tests are one sign test and the messages are built out
     * of line.
     */
    final void checkRegion(MemorySegment segment, long offset, long length, RegionOwner owner) {
        long size = Objects.requireNonNull(segment, "segment").byteSize();
        long room = size - offset; // no overflow: size >= 0; negative iff offset > size (or offset < 0 is seen first)
        // negative iff offset < 0, length < 0, offset > size or length > room (room - length cannot overflow
        // unless length or room is already negative)
        if ((offset | length | room | (room - length)) < 0) {
            throw regionOutOfRange(size, offset, length);
        }
        if (owner == null) {
            if (disposal != Disposal.NONE && length > 0) {
                throw new IllegalArgumentException("owner: null (expected: an owner for a " + disposal + " node " + this + ")");
            }
        } else if (disposal == Disposal.NONE) {
            throw new IllegalArgumentException("owner: " + owner + " (expected: null for a NONE node " + this + ")");
        }
    }

    private static IndexOutOfBoundsException regionOutOfRange(long size, long offset, long length) {
        if (offset < 0 || offset > size) {
            return new IndexOutOfBoundsException("offset: " + offset + " (expected: 0 <= offset <= " + size + ")");
        }
        return new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + (size - offset) + ")");
    }
}
