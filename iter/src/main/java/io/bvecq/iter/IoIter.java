package io.bvecq.iter;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A cursor over bytes held in memory segments, with a remaining {@link #count()} and a
 * {@link Direction}: the Java {@code iov_iter}. One abstraction lets I/O code copy into or out of a
 * single segment, arrays of segments or regions, a bvecq chain, or nowhere at all.
 *
 * <pre>
 *            consumed                 count              truncated
 *   start |=============|----------------------------|~~~~~~~~~~~~~~|
 *                      position                                    end of the extent
 *   revert(n): n &lt;= consumed      advance(n): n &lt;= count      reexpand(c): c &lt;= count + truncated
 * </pre>
 *
 * <p>Carving a chain into requests that each respect a transport's limits:
 * <pre>{@code
 * Regions regions = new Regions(maxSegs);                  // reused: extraction allocates nothing
 * try (IoIter it = IoIter.bvecq(Direction.SOURCE, pos, len)) {
 *     while (it.count() > 0) {
 *         long n = it.extract(maxIo, maxSegs, regions);    // describes n bytes and moves past them
 *         submit(regions);                                 // regions point into the chain's memory
 *     }
 * }
 * }</pre>
 *
 * <h2>Types</h2>
 * Made by the factories: {@link #segment} (kernel {@code ITER_UBUF}), {@link #kvec} ({@code ITER_KVEC}),
 * {@link #bvec} ({@code ITER_BVEC}), {@link #bvecq} ({@code ITER_BVECQ}) and {@link #discard}
 * ({@code ITER_DISCARD}). Heap memory comes in as heap segments ({@link MemorySegment#ofArray(byte[])}).
 *
 * <h2>Where we differ from the kernel</h2>
 * <ul>
 *   <li>The kernel clamps {@code advance} to the count and trusts {@code revert}; here both reject an
 *       out-of-range {@code n} with {@link IndexOutOfBoundsException} and change nothing. {@code revert}
 *       may go back at most {@link #consumed()} bytes, to where the iterator started.</li>
 *   <li>Every method checks its arguments before it changes anything: a rejected call changes nothing.</li>
 *   <li>{@link #limit} rejects a {@code start} beyond the count, counts only segments that carry bytes
 *       against {@code maxSegs} (the kernel's {@code netfs_limit_bvec} also counts empty ones) and returns
 *       the exact span from {@code start} (the kernel ignores a partial skip of the first segment).</li>
 *   <li>Copies check the direction: {@link #copyFromIter} needs {@link Direction#SOURCE},
 *       {@link #copyToIter} and {@link #zero} need {@link Direction#DEST} (the kernel only warns).</li>
 * </ul>
 *
 * <h2>Addresses</h2>
 * {@link #alignment}, {@link #gapAlignment}, {@link #npages} and {@link #extractPages} look at addresses.
 * For a native segment the address of byte {@code off} is {@code segment.address() + off}. For a heap
 * segment it is the same expression, which the FFM API defines as the byte offset from the start of the
 * backing array: alignment is then relative to the array's first element. Heap memory can never be
 * handed to the kernel for direct I/O, so this only has to be consistent, and it is.
 *
 * <h2>Allocation</h2>
 * {@link #advance}, {@link #revert}, {@link #copyFromIter}, {@link #copyToIter}, {@link #zero},
 * {@link #limit}, {@link #singleSegCount}, {@link #alignment}, {@link #gapAlignment}, {@link #npages},
 * {@link #truncate}, {@link #reexpand}, {@link #save(IterState)},
 * {@link #restore}, {@link #extract} and {@link #extractPages} allocate nothing. {@link #checksum}
 * creates one {@code ByteBuffer} view object per native segment it touches (no bytes are copied);
 * {@link #byteBuffers} allocates the array and its views.
 *
 * <h2>Ownership and threads</h2>
 * A {@link IterType#BVECQ} iterator holds one reference on the node where it started, which keeps that
 * node and every node after it alive so that {@link #revert} back to the start stays valid; {@link #close()}
 * drops it. Other types hold no references: their memory must stay valid while they are used.
 * {@code close()} is idempotent; afterwards every operation throws {@link IllegalStateException} (the
 * plain accessors such as {@link #count()} still answer).
 * An iterator is used by one thread at a time. A BVECQ iterator may read a chain that a producer on
 * another thread is still extending (see {@link #bvecq(Direction, Bvecq, int, long, long)}).
 *
 * @implNote Port of {@code struct iov_iter} and {@code lib/iov_iter.c}.
 */
public abstract class IoIter implements AutoCloseable {
    /** The page size used by {@link #npages} and {@link #extractPages}. */
    public static final long PAGE_SIZE = 4096;

    static final int SKIP = 0;
    static final int OUT = 1;
    static final int IN = 2;
    static final int ZERO = 3;

    private final Direction direction;
    private final IterType type;
    long count;
    long consumed;
    long slack;
    private boolean closed;

    // Read-only walk cursor, reused by every walk so that walks allocate nothing (one thread at a time).
    MemorySegment wSeg;
    long wOff;
    long wLen;
    Bvecq wNode;

    IoIter(IterType type, Direction direction, long count) {
        this.type = type;
        this.direction = direction;
        this.count = count;
    }

    // ------------------------------------------------------------------------------------------------
    // Factories

    /**
     * An iterator over a whole segment (kernel {@code ITER_UBUF}).
     *
     * @param direction which way data flows
     * @param segment the memory; writable for {@link Direction#DEST}
     * @return an iterator with {@code count == segment.byteSize()}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code direction} is DEST and the segment is read-only
     */
    public static IoIter segment(Direction direction, MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        return segment(direction, segment, 0, segment.byteSize());
    }

    /**
     * An iterator over {@code length} bytes of a segment from {@code offset} (kernel {@code ITER_UBUF}).
     *
     * @param direction which way data flows
     * @param segment the memory; writable for {@link Direction#DEST}
     * @param offset {@code 0 <= offset <= segment.byteSize()}
     * @param length {@code 0 <= length <= segment.byteSize() - offset}; the count
     * @return a new iterator
     * @throws NullPointerException if an argument is null
     * @throws IndexOutOfBoundsException if {@code offset} or {@code length} is out of range
     * @throws IllegalArgumentException if {@code direction} is DEST and the segment is read-only
     * @implNote Port of {@code iov_iter_ubuf()}.
     */
    public static IoIter segment(Direction direction, MemorySegment segment, long offset, long length) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(segment, "segment");
        checkRegion(segment, offset, length, "segment");
        checkWritable(direction, segment, "segment");
        return new SegmentIter(direction, segment, offset, length);
    }

    /**
     * An iterator over an array of whole segments (kernel {@code ITER_KVEC}), with the count their total.
     *
     * @param direction which way data flows
     * @param segments the memory, in order; the array is copied, the segments are not
     * @return a new iterator
     * @throws NullPointerException if an argument or element is null
     * @throws IllegalArgumentException if {@code direction} is DEST and a segment is read-only
     */
    public static IoIter kvec(Direction direction, MemorySegment... segments) {
        Objects.requireNonNull(segments, "segments");
        long total = 0;
        for (int i = 0; i < segments.length; i++) {
            total += Objects.requireNonNull(segments[i], "segments[" + i + "]").byteSize();
        }
        return kvec(direction, segments, total);
    }

    /**
     * An iterator over the first {@code count} bytes of an array of whole segments (kernel
     * {@code ITER_KVEC}).
     *
     * @param direction which way data flows
     * @param segments the memory, in order; the array is copied, the segments are not
     * @param count {@code 0 <= count <=} the sum of the segment sizes
     * @return a new iterator
     * @throws NullPointerException if an argument or element is null
     * @throws IndexOutOfBoundsException if {@code count} is out of range
     * @throws IllegalArgumentException if {@code direction} is DEST and a segment is read-only
     * @implNote Port of {@code iov_iter_kvec()}.
     */
    public static IoIter kvec(Direction direction, MemorySegment[] segments, long count) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(segments, "segments");
        int n = segments.length;
        MemorySegment[] segs = segments.clone();
        long[] offs = new long[n];
        long[] lens = new long[n];
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(segs[i], "segments[" + i + "]");
            lens[i] = segs[i].byteSize();
        }
        return RegionArrayIter.create(IterType.KVEC, direction, segs, offs, lens, count);
    }

    /**
     * An iterator over an array of regions with the count their total (kernel {@code ITER_BVEC}).
     *
     * @param direction which way data flows
     * @param segments the segment of each region
     * @param offsets the start of each region in its segment, {@code 0 <= offsets[i] <= segments[i].byteSize()}
     * @param lengths the length of each region, {@code 0 <= lengths[i] <= segments[i].byteSize() - offsets[i]}
     * @return a new iterator; the arrays are copied, the segments are not
     * @throws NullPointerException if an argument or segment is null
     * @throws IllegalArgumentException if the arrays differ in length, or {@code direction} is DEST and a
     *     segment is read-only
     * @throws IndexOutOfBoundsException if an offset or length is out of range
     */
    public static IoIter bvec(Direction direction, MemorySegment[] segments, long[] offsets, long[] lengths) {
        return bvec(direction, segments, offsets, lengths, -1);
    }

    /**
     * An iterator over the first {@code count} bytes of an array of regions (kernel {@code ITER_BVEC}).
     *
     * @param direction which way data flows
     * @param segments the segment of each region
     * @param offsets the start of each region in its segment, {@code 0 <= offsets[i] <= segments[i].byteSize()}
     * @param lengths the length of each region, {@code 0 <= lengths[i] <= segments[i].byteSize() - offsets[i]}
     * @param count {@code 0 <= count <=} the sum of the lengths, or {@code -1} for that sum
     * @return a new iterator; the arrays are copied, the segments are not
     * @throws NullPointerException if an argument or segment is null
     * @throws IllegalArgumentException if the arrays differ in length, or {@code direction} is DEST and a
     *     segment is read-only
     * @throws IndexOutOfBoundsException if an offset, length or {@code count} is out of range
     * @implNote Port of {@code iov_iter_bvec()}.
     */
    public static IoIter bvec(Direction direction, MemorySegment[] segments, long[] offsets, long[] lengths,
            long count) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(lengths, "lengths");
        if (offsets.length != segments.length || lengths.length != segments.length) {
            throw new IllegalArgumentException("offsets.length: " + offsets.length + ", lengths.length: "
                    + lengths.length + " (expected: both == segments.length == " + segments.length + ")");
        }
        MemorySegment[] segs = segments.clone();
        long[] offs = offsets.clone();
        long[] lens = lengths.clone();
        long total = 0;
        for (int i = 0; i < segs.length; i++) {
            Objects.requireNonNull(segs[i], "segments[" + i + "]");
            checkRegion(segs[i], offs[i], lens[i], "segments[" + i + "]");
            total += lens[i];
        }
        return RegionArrayIter.create(IterType.BVEC, direction, segs, offs, lens, count == -1 ? total : count);
    }

    /**
     * An iterator over {@code count} bytes of a bvecq chain from {@code {node, slot, offset}} (kernel
     * {@code ITER_BVECQ}). The iterator takes its own reference on {@code node} and keeps it until
     * {@link #close()}; the caller keeps its own.
     *
     * <p>The {@code count} bytes must already be published in the chain. A producer may go on appending
     * slots to the tail node and linking new nodes while the iterator runs: the iterator loads
     * {@code nrSlots} and {@code next} with acquire and re-checks {@code nrSlots} after it sees
     * {@code next}. Slots once published are never changed, and only the tail node grows.
     *
     * @param direction which way data flows; for DEST the slots' segments must be writable (checked when
     *     written: a copy into a read-only slot fails and leaves the iterator where it was)
     * @param node a live node
     * @param slot {@code 0 <= slot <= node.nrSlotsAcquire()}
     * @param offset {@code 0 <= offset <= node.length(slot)}, 0 when {@code slot == nrSlots}
     * @param count {@code 0 <= count <=} the bytes in the chain from the position now
     * @return a new iterator
     * @throws NullPointerException if an argument is null
     * @throws IndexOutOfBoundsException if {@code slot}, {@code offset} or {@code count} is out of range
     * @throws BvecqReleasedException if {@code node} was released
     * @implNote Port of {@code iov_iter_bvec_queue()}.
     */
    public static IoIter bvecq(Direction direction, Bvecq node, int slot, long offset, long count) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(node, "node");
        return BvecqIter.create(direction, node, slot, offset, count);
    }

    /**
     * An iterator over {@code count} bytes of a bvecq chain from a position; see
     * {@link #bvecq(Direction, Bvecq, int, long, long)}. The position is not changed.
     *
     * @param direction which way data flows
     * @param pos a set position
     * @param count {@code 0 <= count <=} the bytes in the chain from {@code pos} now
     * @return a new iterator holding its own reference on {@code pos.node()}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code pos} is unset
     * @throws IndexOutOfBoundsException if {@code count} is out of range
     * @throws BvecqReleasedException if the position's node was released
     */
    public static IoIter bvecq(Direction direction, BvecqPos pos, long count) {
        Objects.requireNonNull(pos, "pos");
        if (!pos.isSet()) {
            throw new IllegalArgumentException("pos: " + pos + " (expected: a set position)");
        }
        return bvecq(direction, pos.node(), pos.slot(), pos.offset(), count);
    }

    /**
     * An iterator over every byte of a bvecq chain from a position, as published now; see
     * {@link #bvecq(Direction, Bvecq, int, long, long)}.
     *
     * @param direction which way data flows
     * @param pos a set position
     * @return a new iterator with {@code count == pos.remaining()}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code pos} is unset
     * @throws BvecqReleasedException if the position's node was released
     */
    public static IoIter bvecq(Direction direction, BvecqPos pos) {
        Objects.requireNonNull(pos, "pos");
        if (!pos.isSet()) {
            throw new IllegalArgumentException("pos: " + pos + " (expected: a set position)");
        }
        return bvecq(direction, pos.node(), pos.slot(), pos.offset(), pos.remaining());
    }

    /**
     * An iterator that counts {@code count} bytes written to it and drops them (kernel
     * {@code ITER_DISCARD}). Its direction is {@link Direction#DEST}.
     *
     * @param count {@code >= 0}
     * @return a new iterator
     * @throws IllegalArgumentException if {@code count < 0}
     * @implNote Port of {@code iov_iter_discard()}.
     */
    public static IoIter discard(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: count >= 0)");
        }
        return new DiscardIter(count);
    }

    // ------------------------------------------------------------------------------------------------
    // State

    /**
     * The kind of iterator.
     *
     * @return the type, never null
     */
    public final IterType type() {
        return type;
    }

    /**
     * Which way data flows through this iterator's memory.
     *
     * @return the direction, never null
     */
    public final Direction direction() {
        return direction;
    }

    /**
     * The bytes left to iterate (kernel {@code iov_iter_count()}).
     *
     * @return {@code >= 0}
     * @implNote Port of {@code iov_iter_count()}.
     */
    public final long count() {
        return count;
    }

    /**
     * The bytes moved past since the iterator was made: the most {@link #revert} may take back.
     *
     * @return {@code >= 0}
     */
    public final long consumed() {
        return consumed;
    }

    /**
     * The bytes cut off by {@link #truncate} and not yet given back by {@link #reexpand}.
     *
     * @return {@code >= 0}
     */
    public final long truncated() {
        return slack;
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public final boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------------------------------------
    // Moving

    /**
     * Moves forward {@code n} bytes (kernel {@code iov_iter_advance()}, which clamps; we reject).
     *
     * @param n {@code 0 <= n <= count()}
     * @throws IndexOutOfBoundsException if {@code n} is out of range; nothing changes
     * @throws IllegalStateException if closed
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code iov_iter_advance()}.
     */
    public final void advance(long n) {
        checkOpen("advance");
        if (n < 0 || n > count) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + count + ", the count)");
        }
        if (n > 0) {
            move(n, SKIP, null, 0);
            count -= n;
            consumed += n;
        }
    }

    /**
     * Moves back {@code n} bytes, giving them back to the count (kernel {@code iov_iter_revert()}, which
     * trusts the caller; we reject). A BVECQ iterator walks back across nodes through
     * {@link Bvecq#prev()}.
     *
     * @param n {@code 0 <= n <= consumed()}
     * @throws IndexOutOfBoundsException if {@code n} is out of range; nothing changes
     * @throws IllegalStateException if closed
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code iov_iter_revert()}.
     */
    public final void revert(long n) {
        checkOpen("revert");
        if (n < 0 || n > consumed) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + consumed + ", the bytes consumed)");
        }
        if (n > 0) {
            back(n);
            count += n;
            consumed -= n;
        }
    }

    /**
     * Copies bytes out of the iterator into {@code dst} and moves past them (kernel
     * {@code copy_from_iter()}). Copies {@code min(bytes, count())}: short only when the iterator runs out.
     *
     * @param dst where the bytes go; writable
     * @param dstOffset {@code 0 <= dstOffset <= dst.byteSize()}
     * @param bytes {@code 0 <= bytes <= dst.byteSize() - dstOffset}
     * @return the bytes copied, {@code min(bytes, count())} as it was
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if {@code dstOffset} or {@code bytes} is out of range
     * @throws IllegalArgumentException if {@code dst} is read-only
     * @throws IllegalStateException if closed, if the direction is not {@link Direction#SOURCE}, or if the
     *     iterator's memory is no longer accessible (its arena was closed; the iterator has not moved)
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code copy_from_iter()}.
     */
    public final long copyFromIter(MemorySegment dst, long dstOffset, long bytes) {
        checkOpen("copyFromIter");
        Objects.requireNonNull(dst, "dst");
        checkRegion(dst, dstOffset, bytes, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst: " + dst + " is read-only (expected: a writable segment)");
        }
        checkDirection(Direction.SOURCE, "copyFromIter");
        long n = Math.min(bytes, count);
        if (n > 0) {
            moveChecked(n, OUT, dst, dstOffset);
            count -= n;
            consumed += n;
        }
        return n;
    }

    /**
     * Copies bytes from {@code src} into the iterator's memory and moves past them (kernel
     * {@code copy_to_iter()}). Copies {@code min(bytes, count())}: short only when the iterator runs out.
     * A DISCARD iterator only counts them.
     *
     * @param src where the bytes come from
     * @param srcOffset {@code 0 <= srcOffset <= src.byteSize()}
     * @param bytes {@code 0 <= bytes <= src.byteSize() - srcOffset}
     * @return the bytes copied, {@code min(bytes, count())} as it was
     * @throws NullPointerException if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code srcOffset} or {@code bytes} is out of range
     * @throws IllegalStateException if closed, if the direction is not {@link Direction#DEST}, or if the
     *     iterator's memory is no longer accessible (its arena was closed; the iterator has not moved)
     * @throws IllegalArgumentException if a BVECQ slot in the range is read-only; the bytes before it
     *     were written, but the iterator has not moved
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code copy_to_iter()}.
     */
    public final long copyToIter(MemorySegment src, long srcOffset, long bytes) {
        checkOpen("copyToIter");
        Objects.requireNonNull(src, "src");
        checkRegion(src, srcOffset, bytes, "src");
        checkDirection(Direction.DEST, "copyToIter");
        long n = Math.min(bytes, count);
        if (n > 0) {
            moveChecked(n, IN, src, srcOffset);
            count -= n;
            consumed += n;
        }
        return n;
    }

    /**
     * Writes zeros into the next {@code min(n, count())} bytes and moves past them (kernel
     * {@code iov_iter_zero()}); short only when the iterator runs out, like the copies.
     *
     * @param n {@code >= 0}
     * @return the bytes cleared
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException if closed, if the direction is not {@link Direction#DEST}, or if the
     *     iterator's memory is no longer accessible (as for copyToIter)
     * @throws IllegalArgumentException if a BVECQ slot in the range is read-only (as for copyToIter)
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code iov_iter_zero()}.
     */
    public final long zero(long n) {
        checkOpen("zero");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        checkDirection(Direction.DEST, "zero");
        long k = Math.min(n, count);
        if (k > 0) {
            moveChecked(k, ZERO, null, 0);
            count -= k;
            consumed += k;
        }
        return k;
    }

    /**
     * Cuts the count down to {@code maxCount} if it is larger (kernel {@code iov_iter_truncate()}); the
     * bytes cut off can be given back by {@link #reexpand}. A larger {@code maxCount} changes nothing.
     *
     * @param maxCount {@code >= 0}
     * @return the bytes cut off by this call, {@code >= 0}
     * @throws IllegalArgumentException if {@code maxCount < 0}
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_truncate()}.
     */
    public final long truncate(long maxCount) {
        checkOpen("truncate");
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount: " + maxCount + " (expected: maxCount >= 0)");
        }
        if (maxCount >= count) {
            return 0;
        }
        long cut = count - maxCount;
        count = maxCount;
        slack += cut;
        return cut;
    }

    /**
     * Sets the count to {@code newCount}, giving back bytes cut off by {@link #truncate} (kernel
     * {@code iov_iter_reexpand()}, which trusts the caller). Never shrinks: use truncate for that.
     *
     * @param newCount {@code count() <= newCount <= count() + truncated()}
     * @throws IndexOutOfBoundsException if {@code newCount} is out of range; nothing changes
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_reexpand()}.
     */
    public final void reexpand(long newCount) {
        checkOpen("reexpand");
        if (newCount < count || newCount - count > slack) {
            throw new IndexOutOfBoundsException("newCount: " + newCount + " (expected: " + count + " <= newCount <= "
                    + (count + slack) + ")");
        }
        slack -= newCount - count;
        count = newCount;
    }

    /**
     * Saves the iterator's place into a reusable state (kernel {@code iov_iter_save_state()}).
     *
     * @param into the state to overwrite
     * @throws NullPointerException if {@code into} is null
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_save_state()}.
     */
    public final void save(IterState into) {
        checkOpen("save");
        Objects.requireNonNull(into, "into");
        into.owner = this;
        into.consumed = consumed;
        into.count = count;
        into.slack = slack;
    }

    /**
     * Saves the iterator's place into a new state.
     *
     * @return a new state
     * @throws IllegalStateException if closed
     */
    public final IterState save() {
        IterState s = new IterState();
        save(s);
        return s;
    }

    /**
     * Returns to a saved place: position, count and truncated bytes (kernel {@code iov_iter_restore()}).
     * The iterator moves forward or back by the difference, so this costs a walk over that many bytes.
     *
     * @param state a state saved from this iterator
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if {@code state} was not saved from this iterator; nothing changes
     * @throws IllegalStateException if closed
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code iov_iter_restore()}.
     */
    public final void restore(IterState state) {
        checkOpen("restore");
        Objects.requireNonNull(state, "state");
        if (state.owner != this) {
            throw new IllegalArgumentException("state: " + state + " was saved from "
                    + (state.owner == null ? "no iterator" : "another iterator") + " (expected: a state saved from this " + type
                    + " iterator)");
        }
        if (state.consumed > consumed) {
            move(state.consumed - consumed, SKIP, null, 0);
        } else if (state.consumed < consumed) {
            back(consumed - state.consumed);
        }
        consumed = state.consumed;
        count = state.count;
        slack = state.slack;
    }

    // ------------------------------------------------------------------------------------------------
    // Measuring

    /**
     * The bytes left in the current segment, at most {@link #count()} (kernel
     * {@code iov_iter_single_seg_count()}). Empty segments are skipped; for DISCARD it is the count.
     *
     * @return {@code 0 <= result <= count()}; 0 only when the count is 0
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_single_seg_count()}.
     */
    public long singleSegCount() {
        checkOpen("singleSegCount");
        return Walks.singleSegCount(this);
    }

    /**
     * The OR of the address of every segment start and of every (partial) segment length in the
     * remaining range (kernel {@code iov_iter_alignment()}): what a direct-I/O check masks against the
     * required alignment. Empty segments contribute nothing; the first segment contributes the address of
     * the current byte; the last its length up to the count. 0 for DISCARD and for an empty range.
     *
     * @return the OR; see the class doc for heap addresses
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_alignment()}.
     */
    public final long alignment() {
        checkOpen("alignment");
        return Walks.alignment(this);
    }

    /**
     * The OR, over every pair of consecutive non-empty segments in the remaining range, of the end
     * address of the first and the start address of the second (kernel {@code iov_iter_gap_alignment()}):
     * nonzero low bits mean the segments cannot be merged into one transfer with that alignment. The
     * kernel answers only for user iovecs; here every type answers, and a single segment or DISCARD gives 0.
     *
     * @return the OR, 0 if fewer than two segments carry bytes in the range
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_gap_alignment()}.
     */
    public final long gapAlignment() {
        checkOpen("gapAlignment");
        return Walks.gapAlignment(this);
    }

    /**
     * The number of {@link #PAGE_SIZE} pages the remaining range touches, counted per segment, at most
     * {@code maxPages} (kernel {@code iov_iter_npages()}). 0 for DISCARD.
     *
     * @param maxPages the cap, {@code >= 0}
     * @return {@code 0 <= result <= maxPages}
     * @throws IllegalArgumentException if {@code maxPages < 0}
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_npages()}.
     */
    public final int npages(int maxPages) {
        checkOpen("npages");
        if (maxPages < 0) {
            throw new IllegalArgumentException("maxPages: " + maxPages + " (expected: maxPages >= 0)");
        }
        return Walks.npages(this, maxPages);
    }

    /**
     * How many bytes from {@code start} (counted from the current position) fit in at most
     * {@code maxSize} bytes and {@code maxSegs} segments (kernel {@code netfs_limit_iter()}). Moves nothing.
     * Unlike the kernel, only segments that carry bytes in the span count against {@code maxSegs}, a
     * segment cut by {@code start} counts once, and the result is the exact span; DISCARD counts as one
     * segment. Works for every type (the kernel once crashed here on a KVEC).
     *
     * @param start {@code 0 <= start <= count()}
     * @param maxSize {@code >= 0}
     * @param maxSegs {@code >= 0}
     * @return {@code 0 <= result <= min(maxSize, count() - start)}
     * @throws IndexOutOfBoundsException if {@code start} is out of range (the kernel trusts it)
     * @throws IllegalArgumentException if {@code maxSize} or {@code maxSegs} is negative
     * @throws IllegalStateException if closed
     * @implNote Port of {@code netfs_limit_iter()}.
     */
    public final long limit(long start, long maxSize, int maxSegs) {
        checkOpen("limit");
        if (start < 0 || start > count) {
            throw new IndexOutOfBoundsException("start: " + start + " (expected: 0 <= start <= " + count + ", the count)");
        }
        checkLimits(maxSize, maxSegs, "maxSegs");
        return limitFrom(start, maxSize, maxSegs);
    }

    long limitFrom(long start, long maxSize, int maxSegs) {
        return Walks.limit(this, start, maxSize, maxSegs);
    }

    // ------------------------------------------------------------------------------------------------
    // Extracting and viewing

    /**
     * Describes the next run of at most {@code maxSize} bytes in at most {@code maxSegs} regions and
     * moves past it. Regions are whole segment pieces, never split at page boundaries, and empty segments
     * are skipped; this is the region-list form of {@code bvecq_extract()} for every type. No memory is
     * copied and no references are taken (see {@link Regions}).
     *
     * @param maxSize {@code >= 0}
     * @param maxSegs {@code 0 <= maxSegs <= out.capacity()}
     * @param out cleared, then filled with the regions in order
     * @return the bytes described, {@code 0 <= result <= min(maxSize, count())}
     * @throws NullPointerException if {@code out} is null
     * @throws IllegalArgumentException if {@code maxSize < 0} or {@code maxSegs < 0}
     * @throws IndexOutOfBoundsException if {@code maxSegs > out.capacity()}
     * @throws UnsupportedOperationException for DISCARD, which has no memory
     * @throws IllegalStateException if closed
     * @implNote Port of {@code bvecq_extract()}, as a region list.
     */
    public final long extract(long maxSize, int maxSegs, Regions out) {
        checkExtract("extract", maxSize, maxSegs, "maxSegs", out);
        out.clear();
        return commitExtract(Walks.regions(this, maxSize, maxSegs, out));
    }

    /**
     * Describes the next run of at most {@code maxSize} bytes as at most {@code maxPages} page pieces and
     * moves past it (kernel {@code iov_iter_extract_pages()}). Every region lies within one
     * {@link #PAGE_SIZE} page (by address); the first may start anywhere in its page, every later one
     * starts at offset 0 of its page, and every one but the last ends at a page end. The run therefore
     * stops before a segment that does not start on a page boundary or after one that does not end on
     * one, so the result can be handed to a device as one page list.
     *
     * @param maxSize {@code >= 0}
     * @param maxPages {@code 0 <= maxPages <= out.capacity()}
     * @param out cleared, then filled with the pieces in order
     * @return the bytes described, {@code 0 <= result <= min(maxSize, count())}
     * @throws NullPointerException if {@code out} is null
     * @throws IllegalArgumentException if {@code maxSize < 0} or {@code maxPages < 0}
     * @throws IndexOutOfBoundsException if {@code maxPages > out.capacity()}
     * @throws UnsupportedOperationException for DISCARD, which has no memory
     * @throws IllegalStateException if closed
     * @implNote Port of {@code iov_iter_extract_pages()}.
     */
    public final long extractPages(long maxSize, int maxPages, Regions out) {
        checkExtract("extractPages", maxSize, maxPages, "maxPages", out);
        out.clear();
        return commitExtract(Walks.pages(this, maxSize, maxPages, out));
    }

    private long commitExtract(long n) {
        if (n > 0) {
            move(n, SKIP, null, 0);
            count -= n;
            consumed += n;
        }
        return n;
    }

    /**
     * Feeds {@code len} bytes from {@code start} (counted from the current position) to a checksum,
     * reading the memory in place. Moves nothing. Heap byte-array segments go straight in; a native
     * segment goes in through one {@code ByteBuffer} view object per segment (no bytes are copied); a
     * read-only heap segment or one backed by another array type is fed through a temporary buffer.
     *
     * @param sum the checksum to update, for example a {@link CRC32C}
     * @param start {@code 0 <= start <= count()}
     * @param len {@code 0 <= len <= count() - start}
     * @throws NullPointerException if {@code sum} is null
     * @throws IndexOutOfBoundsException if {@code start} or {@code len} is out of range
     * @throws UnsupportedOperationException for DISCARD, which has no memory
     * @throws IllegalStateException if closed
     */
    public final void checksum(Checksum sum, long start, long len) {
        checkOpen("checksum");
        Objects.requireNonNull(sum, "sum");
        checkRange(start, len);
        checkHasMemory("checksum");
        Walks.checksum(this, sum, start, len);
    }

    /**
     * The CRC32C of {@code len} bytes from {@code start}, read in place; see {@link #checksum}.
     *
     * @param start {@code 0 <= start <= count()}
     * @param len {@code 0 <= len <= count() - start}
     * @return the CRC32C value, in the low 32 bits
     * @throws IndexOutOfBoundsException if {@code start} or {@code len} is out of range
     * @throws UnsupportedOperationException for DISCARD, which has no memory
     * @throws IllegalStateException if closed
     */
    public final int crc32c(long start, long len) {
        CRC32C c = new CRC32C();
        checksum(c, start, len);
        return (int) c.getValue();
    }

    /**
     * Views {@code len} bytes from {@code start} as buffers for NIO gathering or scattering I/O, in order,
     * one per segment piece (pieces over 1 GiB are split). Allocates the array and one view per piece; no
     * bytes are copied. The views are read-only for a {@link Direction#SOURCE} iterator, writable for
     * DEST. Moves nothing. The views are valid while the memory is.
     *
     * @param start {@code 0 <= start <= count()}
     * @param len {@code 0 <= len <= count() - start}
     * @return the views; empty if {@code len == 0}
     * @throws IndexOutOfBoundsException if {@code start} or {@code len} is out of range
     * @throws UnsupportedOperationException for DISCARD, which has no memory, or if a segment in the range
     *     is a heap segment backed by an array other than {@code byte[]} (nothing is returned)
     * @throws IllegalStateException if closed
     */
    public final ByteBuffer[] byteBuffers(long start, long len) {
        checkOpen("byteBuffers");
        checkRange(start, len);
        checkHasMemory("byteBuffers");
        return Walks.byteBuffers(this, start, len, direction == Direction.SOURCE);
    }

    /**
     * Points {@code into} at this iterator's current place in its chain, taking a reference for
     * {@code into} (BVECQ only). Useful to share the remaining bytes as a chain ({@link BvecqPos#extract}).
     *
     * @param into the position to set; its old reference is dropped
     * @throws NullPointerException if {@code into} is null
     * @throws UnsupportedOperationException if the type is not {@link IterType#BVECQ}
     * @throws IllegalStateException if closed
     */
    public void position(BvecqPos into) {
        checkOpen("position");
        Objects.requireNonNull(into, "into");
        throw new UnsupportedOperationException("position() needs a BVECQ iterator (type=" + type + ")");
    }

    /**
     * Closes the iterator: a BVECQ iterator drops its reference on its start node. Idempotent.
     */
    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            released();
        }
    }

    /**
     * Describes the iterator for messages.
     *
     * @return {@code IoIter[BVECQ, DEST, count=.., consumed=..]}
     */
    @Override
    public String toString() {
        return "IoIter[" + type + ", " + direction + ", count=" + count + ", consumed=" + consumed
                + (slack > 0 ? ", truncated=" + slack : "") + (closed ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------------
    // What each type provides

    /**
     * Moves forward {@code n} bytes, {@code 0 < n <= count}, acting on each piece by {@code mode}:
     * SKIP, OUT (iterator to {@code other}), IN ({@code other} to iterator), ZERO. Commits the new place
     * only after every piece succeeded.
     */
    abstract void move(long n, int mode, MemorySegment other, long otherOff);

    /**
     * {@link #move} for the copies: a segment whose arena was closed surfaces as one exception naming
     * this iterator and the byte range, with the iterator where it was (move commits only at its end).
     */
    private void moveChecked(long n, int mode, MemorySegment other, long otherOff) {
        try {
            move(n, mode, other, otherOff);
        } catch (BvecqReleasedException e) {
            throw e;
        } catch (IllegalStateException e) {
            throw new IllegalStateException(this + ": memory of bytes " + consumed + ".." + (consumed + n)
                    + " is no longer accessible (" + e.getMessage() + ")", e);
        }
    }

    /** Moves back {@code n} bytes, {@code 0 < n <= consumed}. */
    abstract void back(long n);

    /** Starts a read-only walk {@code start} bytes past the current place, {@code 0 <= start <= count}. */
    abstract void walkFrom(long start);

    /**
     * Steps the walk to the next piece with bytes: sets {@code wSeg}, {@code wOff}, {@code wLen > 0},
     * {@code wNode}. The piece is not cut at the count: callers do that.
     */
    abstract boolean walkNext();

    /** Called once by close(). */
    void released() {
    }

    // ------------------------------------------------------------------------------------------------
    // Checks and shared helpers

    final void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(this + ": " + what + "() after close()");
        }
    }

    private void checkDirection(Direction needed, String what) {
        if (direction != needed) {
            throw new IllegalStateException(what + "() needs a " + needed + " iterator (direction=" + direction + ")");
        }
    }

    private void checkRange(long start, long len) {
        if (start < 0 || start > count) {
            throw new IndexOutOfBoundsException("start: " + start + " (expected: 0 <= start <= " + count + ", the count)");
        }
        if (len < 0 || len > count - start) {
            throw new IndexOutOfBoundsException("len: " + len + " (expected: 0 <= len <= " + (count - start) + ")");
        }
    }

    private void checkHasMemory(String what) {
        if (type == IterType.DISCARD) {
            throw new UnsupportedOperationException(what + "() needs memory; a DISCARD iterator has none");
        }
    }

    private void checkExtract(String what, long maxSize, int maxSegs, String segsName, Regions out) {
        checkOpen(what);
        Objects.requireNonNull(out, "out");
        checkLimits(maxSize, maxSegs, segsName);
        if (maxSegs > out.capacity()) {
            throw new IndexOutOfBoundsException(segsName + ": " + maxSegs + " (expected: 0 <= " + segsName + " <= "
                    + out.capacity() + ", the capacity of out)");
        }
        checkHasMemory(what);
    }

    private static void checkLimits(long maxSize, int maxSegs, String segsName) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: maxSize >= 0)");
        }
        if (maxSegs < 0) {
            throw new IllegalArgumentException(segsName + ": " + maxSegs + " (expected: " + segsName + " >= 0)");
        }
    }

    static void checkRegion(MemorySegment seg, long offset, long length, String name) {
        long size = seg.byteSize();
        if (offset < 0 || offset > size) {
            throw new IndexOutOfBoundsException(name + " offset: " + offset + " (expected: 0 <= offset <= " + size + ")");
        }
        if (length < 0 || length > size - offset) {
            throw new IndexOutOfBoundsException(name + " length: " + length + " (expected: 0 <= length <= "
                    + (size - offset) + ")");
        }
    }

    static void checkWritable(Direction direction, MemorySegment seg, String name) {
        if (direction == Direction.DEST && seg.isReadOnly()) {
            throw new IllegalArgumentException(name + ": " + seg + " is read-only (expected: writable memory for a DEST iterator)");
        }
    }
}
