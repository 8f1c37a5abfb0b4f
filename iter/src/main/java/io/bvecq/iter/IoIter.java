package io.bvecq.iter;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

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
 *   <li>Every method checks its arguments before it changes anything: a rejected call changes nothing.
 *       The writes ({@link #copyToIter}, {@link #zero}) check their whole range for read-only memory
 *       before the first byte is written (the kernel writes a prefix and faults).</li>
 *   <li>A DEST iterator's memory must be writable: the factories of the array types reject a read-only
 *       segment even for an empty region; a BVECQ iterator checks its slots when a write reaches them.</li>
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
 * {@link #restore}, {@link #allNative}, {@link #extract}, {@link #extractPages} and {@link #fillIovecs}
 * allocate nothing. {@link #checksum}
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
 * <h2>Vectored system calls</h2>
 * {@link #fillIovecs} writes the native address and length of the next pieces into a reusable
 * {@link Iovecs} array without moving; after the call the caller {@link #advance}s by what the kernel
 * transferred. Every type goes through the same two calls, so I/O code needs no case per type.
 *
 * @implNote Port of {@code struct iov_iter} and {@code lib/iov_iter.c}. The class is layered along its
 *     seams: the state and movement every iterator shares, then the operations on memory, then (here) the
 *     factories; the per-type classes implement four hooks (move, back, start a walk, next piece).
 */
public abstract class IoIter extends IterMemory {
    /** The page size used by {@link #npages} and {@link #extractPages}. */
    public static final long PAGE_SIZE = 4096;

    IoIter(IterType type, Direction direction, long count) {
        super(type, direction, count);
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
        Checks.region(segment, offset, length, "segment");
        Checks.writable(direction, segment, "segment");
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
        return RegionArrayIter.ofKvec(direction, segments, count);
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
        return RegionArrayIter.ofBvec(direction, segments, offsets, lengths, count);
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
        throw new UnsupportedOperationException("position() needs a BVECQ iterator (type=" + type() + ")");
    }
}
