package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import io.bvecq.internal.NodeAccess;

/**
 * One node of a bvecq chain: a fixed array of slots, each a memory region (segment, offset, length),
 * plus the links, file position, reference count and disposal kind of the kernel's {@code struct bvecq}.
 *
 * <pre>
 *  head                         next (acquire)            next
 *  +-----------------+      +-----------------+      +-----------------+
 *  | fpos=0          |-----&gt;| fpos=96K        |-----&gt;| fpos=1M discont.|--&gt; null
 *  | ref=1 FREE      |&lt;-----| ref=2 FREE      |&lt;-----| ref=1 NONE      |
 *  | [s0][s1]..[s31] | prev | [s0][s1][  ][  ]| prev | [s0][  ]..      |
 *  | nrSlots=32/32   |      | nrSlots=2/32    |      | nrSlots=1/32    |
 *  +-----------------+      +-----------------+      +-----------------+
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Slots {@code 0 .. nrSlots-1} are filled; {@code nrSlots <= maxSlots}. An empty slot (left for a
 *       header, or trimmed to nothing) has length 0 and the segment {@link MemorySegment#NULL}.</li>
 *   <li>Only one thread, the <em>producer</em>, appends slots and links the next node. It writes a slot,
 *       then publishes it by a release store of {@code nrSlots}; it initialises a node fully, then
 *       publishes it by a release store of {@code next}. Readers on other threads load {@code nrSlots}
 *       and {@code next} with acquire, and re-check {@code nrSlots} after they see {@code next}.</li>
 *   <li>The reference count starts at 1. The link from a node to its successor holds one reference on
 *       the successor, so releasing the head of a chain disposes node after node and stops at the first
 *       node someone else still references (kernel {@code bvecq_put()}).</li>
 *   <li>When the count reaches 0 the node is disposed exactly once, on the releasing thread: every
 *       slot owner is called once (see {@link Disposal}), source nodes kept alive by this node are
 *       released, and every later access throws {@link BvecqReleasedException}.</li>
 *   <li>A node grows only while it is the tail: {@link #appendSlot} on a node that has a successor is
 *       rejected, so a reader that has passed a node (or walks back into it, {@code revert}) sees every slot
 *       it will ever have. Code that grows a chain starts a new node instead.</li>
 * </ul>
 *
 * <h2>Layout of the code</h2>
 * Three classes, one object: the slot table (the parallel arrays and the published {@code nrSlots}) is
 * the package-private {@code BvecqSlots}; the lifetime (count, release cascade, disposal, kept-alive
 * sources, leak tracker) the package-private {@code Lifetime} that extends it; this class, which extends
 * that, holds the links, the file position and the identity. Walks outside this package read slots through {@code io.bvecq.internal} (qualified export).
 *
 * <h2>Memory ordering</h2>
 * <table class="striped">
 *   <caption>Which write pairs with which read</caption>
 *   <thead><tr><th>writer (producer)</th><th>reader</th><th>what the reader may then rely on</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code setNrSlotsRelease(k)} in {@link #appendSlot} (after the slot, its prefix sum
 *       {@code ends[k-1]} and the read-only marker {@code firstReadOnly})</td>
 *       <td>{@link #nrSlotsAcquire()} (in {@code SlotCursor.start}, {@code enterNext}, {@link #bytes()})</td>
 *       <td>slots {@code 0..k-1} fully written; {@code ends[0..k-1]} their prefix sums;
 *       {@code firstReadOnly < k} exactly when one of them holds read-only memory</td></tr>
 *   <tr><td>{@code setNrSlotsRelease} in {@link #fillEmptySlot}, {@code appendEmptySlots},
 *       {@code trimSlot}, {@code dropSlotsFrom} (before sharing; after the slots, sums and marker)</td>
 *       <td>{@link #nrSlotsAcquire()}</td><td>the changed slots with their sums and marker</td></tr>
 *   <tr><td>{@code setNextRelease(n)} in {@link #linkNext}</td><td>{@link #nextAcquire()}</td>
 *       <td>{@code n} fully initialised: slots, fpos, discontig, prev</td></tr>
 *   <tr><td>slots appended before {@code linkNext}</td><td>{@link #nrSlotsAcquire()} again after
 *       {@link #nextAcquire()} returned non-null</td><td>the final slot count of this node (the re-check)</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Threads</h2>
 * Reads ({@code segment}, {@code offset}, {@code length}, the acquire accessors) and
 * {@link #retain()}/{@link #release()} may be called from any thread that holds a reference. Mutators
 * say "producer only" in their doc: they may be called only by the one thread that fills the node, and
 * those that change existing slots ({@link #fillEmptySlot}, {@link BvecqBuffers#shortenBuffer}) only
 * before the node is shared.
 *
 * @implNote Port of {@code struct bvecq} and its refcounting ({@code bvecq_get()}, {@code bvecq_put()}).
 */
public final class Bvecq extends Lifetime implements AutoCloseable {
    /**
     * Slots per node when a caller does not choose. The kernel fits its node in 512 bytes (29 slots);
     * our slots live in parallel arrays, so the count is a trade between walk overhead per node and
     * the memory a mostly empty node wastes. A chain grown region by region ({@link
     * BvecqBuffers#appendRegion}, extracts, {@link ChainBuffer}) starts with nodes of this size and doubles
     * each new node up to 256 slots.
     */
    public static final int DEFAULT_SLOTS = 32;
    /** The largest number of slots a node may have. */
    public static final int MAX_SLOTS = 1 << 16;

    private static final VarHandle NEXT;
    private static final AtomicLong IDS = new AtomicLong();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(Bvecq.class, "next", Bvecq.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        NodeAccess.install(new BvecqAccess());
    }

    private final long id;
    @SuppressWarnings("unused") // accessed through NEXT
    private Bvecq next;
    private Bvecq prev;        // written by the producer before this node is published; cleared on disposal of prev
    private long fpos;
    boolean discontig;         // read unchecked by BvecqAccess

    private Bvecq(int maxSlots, Disposal disposal) {
        super(maxSlots, disposal);
        this.id = IDS.incrementAndGet();
        startTracking();
    }

    // ------------------------------------------------------------------------------------------------
    // Allocation

    /**
     * Allocates one empty node.
     *
     * @param maxSlots the capacity in slots, {@code 1 <= maxSlots <= MAX_SLOTS}
     * @param disposal how its slots are disposed of
     * @return a new node with no slots, {@code fpos = 0}, not discontiguous, not linked, refcount 1 (the
     *     caller's reference)
     * @throws IllegalArgumentException if {@code maxSlots} is out of range
     * @throws NullPointerException if {@code disposal} is null
     * @implNote Port of {@code bvecq_alloc_one()}.
     */
    public static Bvecq allocOne(int maxSlots, Disposal disposal) {
        Objects.requireNonNull(disposal, "disposal");
        if (maxSlots < 1 || maxSlots > MAX_SLOTS) {
            throw new IllegalArgumentException("maxSlots: " + maxSlots + " (expected: 1 <= maxSlots <= " + MAX_SLOTS + ")");
        }
        return new Bvecq(maxSlots, disposal);
    }

    /**
     * Allocates one empty node of {@link #DEFAULT_SLOTS} slots.
     *
     * @param disposal how its slots are disposed of
     * @return a new node, refcount 1 (the caller's reference)
     * @throws NullPointerException if {@code disposal} is null
     */
    public static Bvecq allocOne(Disposal disposal) {
        return allocOne(DEFAULT_SLOTS, disposal);
    }

    /**
     * Allocates a chain of empty nodes whose capacities add up to at least {@code nrSlots}: as many
     * nodes of {@link #DEFAULT_SLOTS} slots as needed, the last one sized to the remainder.
     *
     * @param nrSlots the total capacity wanted, {@code 1 <= nrSlots}
     * @param disposal the kind of every node
     * @return the head; the caller holds the head's reference and each link holds its successor's
     * @throws IllegalArgumentException if {@code nrSlots < 1}
     * @throws NullPointerException if {@code disposal} is null
     * @implNote Port of {@code bvecq_alloc_chain()}.
     */
    public static Bvecq allocChain(int nrSlots, Disposal disposal) {
        Objects.requireNonNull(disposal, "disposal");
        if (nrSlots < 1) {
            throw new IllegalArgumentException("nrSlots: " + nrSlots + " (expected: nrSlots >= 1)");
        }
        Bvecq head = new Bvecq(Math.min(nrSlots, DEFAULT_SLOTS), disposal);
        Bvecq tail = head;
        int left = nrSlots - tail.maxSlots();
        while (left > 0) {
            Bvecq n = new Bvecq(Math.min(left, DEFAULT_SLOTS), disposal);
            tail.linkNext(n);
            tail = n;
            left -= n.maxSlots();
        }
        return head;
    }

    // ------------------------------------------------------------------------------------------------
    // Ordering helpers

    /**
     * Reads the link to the next node with acquire semantics. A reader that gets a node must then
     * re-read {@link #nrSlotsAcquire()} of this node before concluding it has seen all of its slots:
     * the producer may have added slots between the reader's earlier count and the link.
     *
     * @return the next node, fully initialised, or {@code null} at the end of the chain
     * @throws BvecqReleasedException if the node was released
     */
    public Bvecq nextAcquire() {
        checkLive("nextAcquire");
        return nextAcquireUnchecked();
    }

    /** As {@link #nextAcquire()} without the liveness check, for the release cascade, which runs at refCount 0. */
    @Override
    Bvecq nextAcquireUnchecked() {
        // acquire: pairs with setNextRelease() in linkNext(); the new node's fields are visible
        return (Bvecq) NEXT.getAcquire(this);
    }

    private void setNextRelease(Bvecq n) {
        // release: node initialisation before the link; pairs with nextAcquire() in SlotCursor.enterNext()
        NEXT.setRelease(this, n);
    }

    // ------------------------------------------------------------------------------------------------
    // Accessors

    /**
     * The node's identity for messages and leak reports: {@code Bvecq#<id>}, unique in this JVM.
     *
     * @return a positive id
     */
    public long id() {
        return id;
    }

    /**
     * The file position of the first byte this node describes (kernel {@code fpos}).
     *
     * @return the position set by the producer, 0 by default
     * @throws BvecqReleasedException if the node was released
     */
    public long fpos() {
        checkLive("fpos");
        return fpos;
    }

    /**
     * Sets the file position of the node's first byte. Producer only, before the node is linked or shared.
     *
     * @param fpos a file position, {@code >= 0}
     * @throws IllegalArgumentException if {@code fpos < 0}
     * @throws BvecqReleasedException if the node was released
     */
    public void setFpos(long fpos) {
        checkLive("setFpos");
        if (fpos < 0) {
            throw new IllegalArgumentException("fpos: " + fpos + " (expected: fpos >= 0)");
        }
        this.fpos = fpos;
    }

    /**
     * Tells whether this node is not contiguous in file position with the previous node (kernel
     * {@code discontig}). Slicing and extraction stop before such a node once they hold data.
     *
     * @return the flag set by the producer, false by default
     * @throws BvecqReleasedException if the node was released
     */
    public boolean discontig() {
        checkLive("discontig");
        return discontig;
    }

    /**
     * Marks the node as discontiguous with its predecessor. Producer only, before the node is linked or shared.
     *
     * @param discontig the new flag
     * @throws BvecqReleasedException if the node was released
     */
    public void setDiscontig(boolean discontig) {
        checkLive("setDiscontig");
        this.discontig = discontig;
    }

    /**
     * The previous node, for walking backwards (revert). Valid while the caller holds a reference on a
     * node at or before it; cleared when the previous node is disposed.
     *
     * @return the previous node or {@code null} at the head
     * @throws BvecqReleasedException if the node was released
     */
    public Bvecq prev() {
        checkLive("prev");
        return prev;
    }

    /**
     * The current reference count, for diagnostics and tests. It may change as soon as it is read.
     *
     * @return the count, 0 once released
     */
    public int refCount() {
        return refCountVolatile();
    }

    /**
     * Tells whether the node has been disposed.
     *
     * @return {@code refCount() == 0}
     */
    public boolean isReleased() {
        return refCount() <= 0;
    }

    // ------------------------------------------------------------------------------------------------
    // Producer-side mutation

    /**
     * Appends a region as the next slot and publishes it (release store of {@code nrSlots}). Producer only.
     *
     * @param segment the memory, not null; {@link MemorySegment#NULL} only with {@code length == 0}
     * @param offset the region's start in {@code segment}, {@code 0 <= offset <= segment.byteSize()}
     * @param length the region's length, {@code 0 <= length <= segment.byteSize() - offset}
     * @param owner who disposes of the region: for a region with bytes, required (non-null) when
     *     {@link Disposal#needsOwner()}; for a zero-length region it may be null (there is nothing to
     *     dispose of); always null for {@link Disposal#NONE} nodes. Ownership of one disposal obligation
     *     passes to this node.
     * @return the index of the new slot, or {@code -1} if the node is full (nothing changed)
     * @throws IllegalArgumentException if the owner does not fit the node's disposal kind
     * @throws IllegalStateException if this node already has a successor: a node grows only while it is the
     *     tail (nothing changed; append to a new node linked after the tail)
     * @throws IndexOutOfBoundsException if {@code offset} or {@code length} are out of range
     * @throws NullPointerException if {@code segment} is null
     * @throws BvecqReleasedException if the node was released
     * @implNote The slot-filling half of {@code bvecq_append_page()}.
     */
    public int appendSlot(MemorySegment segment, long offset, long length, RegionOwner owner) {
        checkLive("appendSlot");
        checkRegion(segment, offset, length, owner);
        if (nextAcquireUnchecked() != null) {
            throw new IllegalStateException(this + " has a successor " + nextAcquireUnchecked()
                    + ": appendSlot refused (expected: the tail of its chain; a node with a successor grows no more)");
        }
        return storeSlot(segment, offset, length, owner);
    }

    /**
     * {@link RollingBuffer}'s append into its own tail: the region's checks and the store, -1 if the node is full
     * (nothing changed). The buffer guarantees the rest of what {@link #appendSlot} checks: it holds the node (so
     * it is live), made it with the buffer's one disposal kind, and it has no successor while it is the tail.
     */
    int appendToOwnTail(MemorySegment segment, long offset, long length, RegionOwner owner) {
        checkRegion(segment, offset, length, owner);
        return storeSlot(segment, offset, length, owner);
    }

    /** The chain builder's append (see {@code NodeAccess.tryAppend}): -1 where this node does not take the region. */
    int tryAppend(Disposal kind, MemorySegment segment, long offset, long length, RegionOwner owner) {
        checkLive("appendSlot");
        if (kind != disposal() || nextAcquireUnchecked() != null) {
            return -1;
        }
        checkRegion(segment, offset, length, owner);
        return storeSlot(segment, offset, length, owner); // -1 if full
    }

    /**
     * Links {@code node} after this node and publishes it (release store of {@code next}). Producer
     * only. The caller's reference on {@code node} is transferred to the link.
     *
     * @param node a new, unlinked node: no predecessor, not the head of another chain's link
     * @throws IllegalArgumentException if this node already has a successor, if {@code node} already has a
     *     predecessor, if {@code node == this}, or if this node follows {@code node} (a loop)
     * @throws NullPointerException if {@code node} is null
     * @throws BvecqReleasedException if either node was released
     * @implNote Port of {@code bvecq_buffer_append()} for one node.
     */
    public void linkNext(Bvecq node) {
        Objects.requireNonNull(node, "node");
        checkLive("linkNext");
        node.checkLive("linkNext");
        if (node == this) {
            throw new IllegalArgumentException("node: " + node + " (expected: a node other than this one)");
        }
        if (nextAcquire() != null) {
            throw new IllegalArgumentException("this: " + this + " already has a successor " + nextAcquire()
                    + " (expected: the tail of a chain)");
        }
        if (node.prev != null) {
            throw new IllegalArgumentException("node: " + node + " already follows " + node.prev
                    + " (expected: an unlinked node)");
        }
        // node has no predecessor, so linking it closes a loop only if this node is already among its successors
        for (Bvecq n = node.nextAcquireUnchecked(); n != null; n = n.nextAcquireUnchecked()) {
            if (n == this) {
                throw new IllegalArgumentException("node: " + node + " is followed by this node " + this
                        + " (expected: a node of another chain; linking would make a loop)");
            }
        }
        node.prev = this;
        setNextRelease(node);
    }

    /** Producer only, before sharing: cuts the link after this node and returns the detached successor. */
    Bvecq unlinkNext() {
        Bvecq n = nextAcquire();
        if (n != null) {
            setNextRelease(null);
            n.prev = null;
        }
        return n;
    }

    /**
     * Keeps {@code source} alive for as long as this node lives: takes a reference on it now and drops
     * that reference when this node is disposed. Used by extracts, whose slots point into the source's
     * memory. Producer only, before sharing.
     *
     * @param source a live node, not this one
     * @throws IllegalArgumentException if {@code source == this}
     * @throws NullPointerException if {@code source} is null
     * @throws BvecqReleasedException if either node was released
     */
    public void attachSource(Bvecq source) {
        Objects.requireNonNull(source, "source");
        checkLive("attachSource");
        if (source == this) {
            throw new IllegalArgumentException("source: " + source + " (expected: a node other than this one)");
        }
        attachSourceRef(source);
    }

    // ------------------------------------------------------------------------------------------------
    // Reference counting

    /**
     * Takes one more reference. Fails if the node's count already reached 0: a released node is never
     * resurrected.
     *
     * @return this node
     * @throws BvecqReleasedException if the node was released
     * @throws IllegalStateException if the count would overflow
     * @implNote Port of {@code bvecq_get()}.
     */
    public Bvecq retain() {
        retainRef();
        return this;
    }

    /**
     * Drops one reference. When it was the last, disposes of the node (every slot owner called once,
     * kept-alive sources released) and then drops the link's reference on the next node, and so on
     * down the chain until a node that is still referenced elsewhere.
     *
     * @return {@code true} if this node was disposed by this call
     * @throws BvecqReleasedException on over-release (the count was already 0), naming the node and counts
     * @throws RuntimeException the first exception thrown by a slot owner, after every slot was disposed
     * @implNote Port of {@code bvecq_put()}.
     */
    public boolean release() {
        return releaseRef();
    }

    /**
     * Drops one reference, exactly as {@link #release()}, so that a reference the caller owns can be held
     * by try-with-resources: {@code try (Bvecq head = BvecqBuffers.allocBuffer(pool, n, 0)) { ... }}.
     *
     * <p>Not idempotent: a node is shared by all its reference holders, so {@code close()} cannot tell a
     * second call by the same holder from a call by another holder. Each call drops one reference; close
     * only a reference you own, once. Calling it on a released node throws (over-release), as does every
     * later use of a released node.
     *
     * @throws BvecqReleasedException on over-release (the count was already 0), naming the node and counts
     * @throws RuntimeException the first exception thrown by a slot owner, after every slot was disposed
     */
    @Override
    public void close() {
        releaseRef();
    }

    /** On disposal: lets a spent prefix be collected; a later revert into it fails, naming the released node. */
    @Override
    void unlinkPrevOnDisposal() {
        Bvecq succ = nextAcquireUnchecked();
        if (succ != null && succ.prev == this) {
            succ.prev = null;
        }
        prev = null;
    }

    // ------------------------------------------------------------------------------------------------
    // Checks

    /** Throws {@link BvecqReleasedException} naming the node and {@code what} if the node was released. */
    @Override
    void checkLive(String what) {
        if (!isLiveOpaque()) {
            throw new BvecqReleasedException(this + " used after release: " + what);
        }
    }

    /**
     * A short description for messages: {@code Bvecq#12[slots=3/32, ref=1, FREE, fpos=4096]}.
     *
     * @return the description; safe to call after release
     */
    @Override
    public String toString() {
        return "Bvecq#" + id + "[slots=" + nrSlotsOpaque() + "/" + maxSlots() + ", ref="
                + refCountOpaque() + ", " + disposal() + ", fpos=" + fpos + (discontig ? ", discontig" : "")
                + "]";
    }
}
