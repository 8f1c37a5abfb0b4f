package io.bvecq.internal;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;

/**
 * The one way a chain is grown region by region: extracts ({@code BvecqPos.extract}, the extract module's
 * {@code Extractor}) and {@code BvecqBuffers.appendRegion} all append through it.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A region goes into the tail if the tail has a free slot, the same disposal kind and no successor;
 *       otherwise into a new node, which is filled first and linked after ({@link Bvecq#linkNext} publishes
 *       it whole). A rejected region (bad range, wrong owner) links nothing.</li>
 *   <li>Node sizes: the first node built has the builder's {@code nodeSlots}; each later one has
 *       {@link #grownSlots twice the slots of the node before it}, from {@code nodeSlots} up to
 *       {@link #GROWN_SLOTS}. A long chain of small regions so crosses few nodes (a walk pays one acquire of
 *       {@code next}, one re-check and one liveness check per node), and a short chain wastes at most as
 *       many slots as it uses.</li>
 *   <li>{@code fpos}: the first node built gets the {@code fpos} given to the constructor (for an extract
 *       of a chain, the file position of the first source byte, in both {@code BvecqPos.extract} and
 *       {@code Extractor}; 0 for other sources); every later node's {@code fpos} runs on from its
 *       predecessor's ({@code fpos + bytes}). A new node is never marked discontiguous.</li>
 *   <li>A region shared from a source node ({@link #addShared}, or a run of its slots with
 *       {@link #addSharedRun}) keeps that node alive: each new node
 *       {@linkplain Bvecq#attachSource attaches} each source node it points into, once.</li>
 * </ul>
 *
 * <p>Threads: the producer only. A builder is single-use.
 */
public final class ChainBuilder {
    private static final NodeAccess A = NodeAccess.get();

    /**
     * The most slots a node grown by {@link #grownSlots} gets: 256 slots (about 6 KiB of slot arrays). At
     * 64-byte regions, copying 1 MiB out of nodes of 256 slots ran 14,052 ops/s against 11,913 at 32
     * ({@code NodeSizeBench.walk}); {@code BvecqPos.extract} caps its nodes at the same size.
     */
    public static final int GROWN_SLOTS = 256;

    private final int nodeSlots;
    private final long firstFpos;
    private Bvecq head;
    private Bvecq tail;
    private long bytes;
    private Bvecq lastSource; // the source node last attached, and the node it was attached to
    private Bvecq sourceNode;

    /**
     * Starts a new chain.
     *
     * @param nodeSlots the slots of the first node, and the least of every later one (see the rules above),
     *     {@code 1 <= nodeSlots <= Bvecq.MAX_SLOTS}
     * @param fpos the {@code fpos} of the first node, {@code >= 0}
     */
    public ChainBuilder(int nodeSlots, long fpos) {
        this.nodeSlots = nodeSlots;
        this.firstFpos = fpos;
    }

    /**
     * Continues an existing chain after its last node; {@link #head()} stays null (the caller owns the chain).
     *
     * @param tail the last node of a chain, live
     * @param nodeSlots the least slots of each new node (see the rules above)
     * @return the builder
     */
    public static ChainBuilder after(Bvecq tail, int nodeSlots) {
        ChainBuilder b = new ChainBuilder(nodeSlots, 0);
        b.tail = tail;
        return b;
    }

    /**
     * The slots of a node linked after {@code tail}: twice {@code tail}'s, but at least {@code nodeSlots}
     * and at most {@link #GROWN_SLOTS} (or {@code nodeSlots}, if that is larger).
     *
     * @param tail the node the new one follows, not null
     * @param nodeSlots the least slots, {@code 1 <= nodeSlots <= Bvecq.MAX_SLOTS}
     * @return {@code nodeSlots <= result <= max(nodeSlots, GROWN_SLOTS)}
     */
    public static int grownSlots(Bvecq tail, int nodeSlots) {
        return Math.max(nodeSlots, Math.min(GROWN_SLOTS, 2 * tail.maxSlots())); // maxSlots <= 2^16: no overflow
    }

    /**
     * Appends one region after the last node of an existing chain, by the rules above, without a builder
     * object: into {@code tail} if it takes it, else into a new node of exactly {@code nodeSlots} slots
     * (callers that grow pass {@link #grownSlots}) linked after it whose {@code fpos} runs on from
     * {@code tail}'s.
     *
     * @param tail the last node of a chain, live; the caller has checked it has no successor
     * @param nodeSlots the slots of a new node, {@code 1 <= nodeSlots <= Bvecq.MAX_SLOTS}
     * @param kind the region's disposal kind
     * @param seg the memory
     * @param off the region's start
     * @param len the region's length
     * @param owner as for {@link Bvecq#appendSlot}; if the region is rejected the caller still holds the
     *     obligation
     * @return the node it went into: the chain's tail
     * @throws IllegalArgumentException as {@link Bvecq#appendSlot} (nothing changed)
     * @throws IndexOutOfBoundsException as {@link Bvecq#appendSlot} (nothing changed)
     */
    public static Bvecq appendAfter(Bvecq tail, int nodeSlots, Disposal kind, MemorySegment seg, long off, long len,
            RegionOwner owner) {
        if (A.tryAppend(tail, kind, seg, off, len, owner) >= 0) { // checks and stores in one call
            return tail;
        }
        Bvecq n = filledNode(nodeSlots, kind, seg, off, len, owner, tail.fpos() + tail.bytes());
        tail.linkNext(n); // release: publishes the filled node; transfers our reference to the link
        return n;
    }

    /**
     * The first node built, or null if nothing was built or the builder continues a chain.
     *
     * @return the head; the caller owns its reference
     */
    public Bvecq head() {
        return head;
    }

    /**
     * The node the last region went into.
     *
     * @return the tail, or null before the first region
     */
    public Bvecq tail() {
        return tail;
    }

    /**
     * The bytes appended through this builder.
     *
     * @return the sum of the lengths appended
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Appends a region.
     *
     * @param kind the region's disposal kind
     * @param seg the memory
     * @param off the region's start
     * @param len the region's length
     * @param owner as for {@link Bvecq#appendSlot}; if the region is rejected the caller still holds the
     *     obligation
     * @return the node it went into
     * @throws IllegalArgumentException as {@link Bvecq#appendSlot} (nothing changed)
     * @throws IndexOutOfBoundsException as {@link Bvecq#appendSlot} (nothing changed)
     */
    public Bvecq add(Disposal kind, MemorySegment seg, long off, long len, RegionOwner owner) {
        Bvecq t = tail;
        if (t == null) {
            t = filledNode(nodeSlots, kind, seg, off, len, owner, firstFpos);
            head = t;
        } else {
            t = appendAfter(t, grownSlots(t, nodeSlots), kind, seg, off, len, owner);
        }
        tail = t;
        bytes += len;
        return t;
    }

    /**
     * Appends a region of a source node's memory into a {@link Disposal#NONE} node that keeps the source
     * alive.
     *
     * @param src the node the memory belongs to, live
     * @param seg the memory: {@code src}'s segment of the slot the region lies in
     * @param off the region's start, inside that slot
     * @param len the region's length, not past that slot's end
     * @throws io.bvecq.BvecqReleasedException if {@code src} was released
     */
    public void addShared(Bvecq src, MemorySegment seg, long off, long len) {
        Bvecq t = tail;
        // the common case: the tail took a region of src before and has room. It is a live NONE node of this
        // builder's chain with no successor, src is attached to it (so alive), and the region lies in a slot
        // of src: the checks of add() could not fail, so only the store is made
        if (t == sourceNode && src == lastSource && A.storeShared(t, seg, off, len) >= 0) {
            bytes += len;
            return;
        }
        addSharedSlow(src, seg, off, len);
    }

    /** {@link #addShared} into a new node, or a tail that has not yet attached {@code src}: out of line. */
    private void addSharedSlow(Bvecq src, MemorySegment seg, long off, long len) {
        A.checkLive(src, "ChainBuilder.addShared"); // before anything is appended
        Bvecq t = add(Disposal.NONE, seg, off, len, null);
        if (lastSource != src || sourceNode != t) {
            t.attachSource(src); // a region already appended is released with t if this throws
            lastSource = src;
            sourceNode = t;
        }
    }

    /**
     * Appends the run of a source node's memory from place {@code (from, fromOff)} up to place
     * {@code (to, toOff)}, each piece with bytes into its own slot of a {@link Disposal#NONE} node that keeps
     * the source alive: as {@link #addShared(Bvecq, MemorySegment, long, long)} for each piece, but the pieces
     * that fit in the tail are stored in one pass with one publication (the slice walk's per-node step).
     *
     * @param src the node the memory belongs to, live
     * @param from the run's first slot, a published slot of {@code src}
     * @param fromOff the run's start inside slot {@code from}, not past its end
     * @param to the slot the run ends in: a published slot, or {@code src}'s count when {@code toOff} is 0
     * @param toOff the run's bytes in slot {@code to}, not past its end ({@code fromOff <= toOff} if
     *     {@code from == to})
     * @throws io.bvecq.BvecqReleasedException if {@code src} was released
     */
    public void addSharedRun(Bvecq src, int from, long fromOff, int to, long toOff) {
        long[] ends = A.endsOf(src);
        long run = (to == 0 ? 0 : ends[to - 1]) + toOff - (from == 0 ? 0 : ends[from - 1]) - fromOff;
        long before = bytes;
        int s = from;
        long o = fromOff;
        while (s < to || (s == to && o < toOff)) {
            Bvecq t = tail;
            if (t == sourceNode && src == lastSource) { // as in addShared: the checks could not fail
                int r = A.storeSharedRun(t, src, s, o, to, toOff);
                if (r != s) {
                    s = r;
                    o = 0;
                    continue; // stored up to a full tail, or to the end
                }
            }
            // a new node, or a tail that has not attached src: the next piece with bytes through addShared
            long avail = (s < to ? ends[s] - (s == 0 ? 0 : ends[s - 1]) : toOff) - o;
            if (avail > 0) {
                addSharedSlow(src, A.segmentAt(src, s), A.offsetAt(src, s) + o, avail);
            }
            s++;
            o = 0;
        }
        bytes = before + run; // add() counted the pieces it took; the stores did not count theirs
    }

    /** A new node holding the one region, not linked; a rejected region releases it and links nothing. */
    private static Bvecq filledNode(int nodeSlots, Disposal kind, MemorySegment seg, long off, long len,
            RegionOwner owner, long fpos) {
        Bvecq n = Bvecq.allocOne(nodeSlots, kind);
        boolean success = false;
        try {
            n.appendSlot(seg, off, len, owner); // validates before anything is linked
            n.setFpos(fpos);
            success = true;
        } finally {
            if (!success) {
                n.release();
            }
        }
        return n;
    }

    /** Releases the chain built so far (its head reference), if any. */
    public void discard() {
        if (head != null) {
            Bvecq h = head;
            head = null;
            tail = null;
            h.release();
        }
    }
}
