package io.bvecq.internal;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * The door through which {@link SlotCursor}, {@link ChainBuilder} and the sibling modules reach the
 * unchecked slot reads of {@link Bvecq}, which are package-private in {@code io.bvecq}.
 *
 * <h2>Why a bridge</h2>
 * A class in another package cannot see {@code Bvecq}'s package-private members, and making them public
 * would put them in the user's API. This is the JDK's {@code SharedSecrets} pattern: {@code Bvecq}'s
 * static initializer installs the one implementation ({@link #install}), and every user reads it into a
 * {@code static final} field ({@code private static final NodeAccess A = NodeAccess.get();}). HotSpot
 * trusts static finals as constants, so a call through {@code A} has one known receiver class and is
 * inlined like a direct field read: the per-slot cost of a walk stays an array load. A reflective or
 * {@code MethodHandle} design would give the same speed only when its handle is a constant too, with more
 * code; a public class with public arrays would expose the slot storage.
 *
 * <p>The package is exported only to {@code io.bvecq.iter}, {@code io.bvecq.extract} and
 * {@code io.bvecq.io}; users of the module path cannot reach it. On the class path (tests, benchmarks)
 * it is visible but not part of the contract.
 *
 * <p>Unchecked reads: the caller holds a reference on the node (directly or through a link), checked
 * that it is live when it entered it ({@link Bvecq#nrSlotsAcquire()} does), and reads only slots below
 * a count it loaded with {@link Bvecq#nrSlotsAcquire()}. Slots below a published count never change.
 * On a node released after that check the values are meaningless (a segment read may be {@code null}).
 */
public abstract class NodeAccess {
    private static NodeAccess access;

    /** For the one subclass, in {@code Bvecq}. */
    protected NodeAccess() {
    }

    /**
     * Installs the implementation; called once, by {@code Bvecq}'s static initializer.
     *
     * @param impl the implementation
     * @throws IllegalStateException if one is already installed
     */
    public static synchronized void install(NodeAccess impl) {
        if (access != null) {
            throw new IllegalStateException("NodeAccess already installed: " + access);
        }
        access = impl;
    }

    /**
     * The implementation, initialising {@code Bvecq} first if needed.
     *
     * @return the installed implementation, never null
     */
    public static NodeAccess get() {
        NodeAccess a = access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Bvecq.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            synchronized (NodeAccess.class) {
                a = access;
            }
        }
        return a;
    }

    /**
     * The segment of a slot, unchecked (see the class doc).
     *
     * @param node the node
     * @param slot {@code 0 <= slot < n}, a count loaded with {@link Bvecq#nrSlotsAcquire()}
     * @return the segment; {@link MemorySegment#NULL} for an empty slot
     */
    public abstract MemorySegment segmentAt(Bvecq node, int slot);

    /**
     * The offset of a slot's region in its segment, unchecked (see the class doc).
     *
     * @param node the node
     * @param slot {@code 0 <= slot < n}, a count loaded with {@link Bvecq#nrSlotsAcquire()}
     * @return the offset
     */
    public abstract long offsetAt(Bvecq node, int slot);

    /**
     * The length of a slot's region, unchecked (see the class doc).
     *
     * @param node the node
     * @param slot {@code 0 <= slot < n}, a count loaded with {@link Bvecq#nrSlotsAcquire()}
     * @return the length, {@code >= 0}
     */
    public abstract long lengthAt(Bvecq node, int slot);

    /**
     * The node's segment array, for a copy loop that loads it once per node (see the class doc; read only,
     * entries below a count loaded with {@link Bvecq#nrSlotsAcquire()}).
     *
     * @param node the node
     * @return the array itself; never written by the caller
     */
    public abstract MemorySegment[] segmentsOf(Bvecq node);

    /**
     * The node's offset array, as {@link #segmentsOf}.
     *
     * @param node the node
     * @return the array itself; never written by the caller
     */
    public abstract long[] offsetsOf(Bvecq node);

    /**
     * The node's prefix sums, as {@link #segmentsOf}: entry {@code i} is the bytes of slots {@code 0..i}, so slot {@code i} holds {@code ends[i] - ends[i - 1]}
     * bytes ({@code ends[0]} for slot 0).
     *
     * @param node the node
     * @return the array itself; never written by the caller
     */
    public abstract long[] endsOf(Bvecq node);

    /**
     * The lowest slot with bytes in read-only memory, or {@code maxSlots} if none; a reader that loaded
     * the count {@code k} with {@link Bvecq#nrSlotsAcquire()} learns from {@code result < k} whether one of
     * slots {@code 0..k-1} is read-only.
     *
     * @param node the node
     * @return {@code 0 <= result <= maxSlots}
     */
    public abstract int firstReadOnlyAt(Bvecq node);

    /**
     * The lowest slot that is not a whole segment (its offset is not 0, or its length is not the segment's
     * size), or {@code maxSlots} if none; a reader that loaded the count {@code k} with
     * {@link Bvecq#nrSlotsAcquire()} and sees {@code result >= j} for some {@code j <= k} knows that each of
     * slots {@code 0..j-1} is its segment from offset 0 to its end.
     *
     * @param node the node
     * @return {@code 0 <= result <= maxSlots}
     */
    public abstract int firstPartAt(Bvecq node);

    /**
     * The discontig flag, unchecked (see the class doc).
     *
     * @param node a node the caller checked live
     * @return the flag
     */
    public abstract boolean discontigAt(Bvecq node);

    /**
     * Throws if the node was released.
     *
     * @param node the node
     * @param what the operation attempted, for the message
     * @throws io.bvecq.BvecqReleasedException if the node was released
     */
    public abstract void checkLive(Bvecq node, String what);

    /**
     * The node's {@code next}, loaded with acquire, without the liveness check: for a walk leaving a node it
     * checked when it entered it.
     *
     * @param node the node
     * @return its successor, or {@code null}
     */
    public abstract Bvecq nextAcquireUnchecked(Bvecq node);

    /**
     * The node's slot count, loaded with acquire, without the liveness check: for a walk re-checking the
     * count of a node it checked when it entered it.
     *
     * @param node the node
     * @return its slot count
     */
    public abstract int nrSlotsAcquireUnchecked(Bvecq node);

    /**
     * The chain builder's append into a tail: as {@link Bvecq#appendSlot}, but a node of another disposal kind,
     * a full node or one with a successor answers -1 instead (with nothing changed), so that one call does the
     * liveness check, the checks of the region and the store.
     *
     * @param node the tail
     * @param kind the region's disposal kind
     * @param seg the memory
     * @param off the region's start
     * @param len the region's length
     * @param owner as for {@link Bvecq#appendSlot}
     * @return the slot filled, or -1 if the node does not take the region
     * @throws IllegalArgumentException as {@link Bvecq#appendSlot}, if the node's kind is {@code kind}
     * @throws IndexOutOfBoundsException as {@link Bvecq#appendSlot}, if the node's kind is {@code kind}
     * @throws io.bvecq.BvecqReleasedException if the node was released
     */
    public abstract int tryAppend(Bvecq node, Disposal kind, MemorySegment seg, long off, long len, RegionOwner owner);

    /**
     * The chain builder's store of a shared region into a tail it already knows: no liveness or region checks,
     * only the free slot. For {@link ChainBuilder#addShared}, whose caller guarantees what the checks would
     * find: {@code node} is the builder's live {@link Disposal#NONE} tail with no successor, and the region
     * lies inside a published slot of a live node (so it is in range, and no owner is needed).
     *
     * @param node the tail
     * @param seg the memory
     * @param off the region's start
     * @param len the region's length
     * @return the slot filled, or -1 if the node is full (nothing changed)
     */
    public abstract int storeShared(Bvecq node, MemorySegment seg, long off, long len);

    /**
     * The chain builder's store of a run of a source node's slots into a tail it already knows, with one
     * release of the count: as {@link #storeShared}, for each piece of {@code src} from place
     * {@code (from, fromOff)} up to place {@code (to, toOff)} (pieces without bytes skipped), until the tail is
     * full. For {@link ChainBuilder#addSharedRun}, whose caller guarantees what the checks would find.
     *
     * @param node the tail
     * @param src the live source node, attached to {@code node}
     * @param from the run's first slot
     * @param fromOff the run's start inside it
     * @param to the slot the run ends in ({@code src}'s count if {@code toOff} is 0)
     * @param toOff the run's bytes in slot {@code to}
     * @return the first slot of {@code src} not wholly stored: {@code from} if the tail was full already, else a
     *     slot whose pieces start at offset 0; {@code > to} once the run is stored
     */
    public abstract int storeSharedRun(Bvecq node, Bvecq src, int from, long fromOff, int to, long toOff);
}
