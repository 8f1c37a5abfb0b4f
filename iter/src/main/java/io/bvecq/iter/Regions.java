package io.bvecq.iter;

import io.bvecq.Bvecq;
import java.lang.foreign.MemorySegment;

/**
 * A reusable list of memory regions filled by {@link IoIter#extract} and {@link IoIter#extractPages}:
 * each region is a segment, an offset in it and a length, plus the chain node it came from for
 * {@link IterType#BVECQ} iterators. The arrays are allocated once, at construction; filling allocates
 * nothing.
 *
 * <h2>Ownership</h2>
 * A region points into the iterator's memory without taking a reference: it stays valid while the
 * memory does (for a BVECQ iterator, while the iterator is open, as it holds its chain). To keep the
 * memory longer, retain {@link #node(int)} or attach it to a new chain ({@link Bvecq#attachSource}).
 *
 * <p>Threads: one thread at a time.
 */
public final class Regions {
    private final MemorySegment[] segments;
    private final long[] offsets;
    private final long[] lengths;
    private final Bvecq[] nodes;
    private int size;
    private long bytes;

    /**
     * Creates an empty list with room for {@code capacity} regions.
     *
     * @param capacity the most regions one extraction may return, {@code >= 1}
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public Regions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: capacity >= 1)");
        }
        segments = new MemorySegment[capacity];
        offsets = new long[capacity];
        lengths = new long[capacity];
        nodes = new Bvecq[capacity];
    }

    /**
     * The room for regions fixed at construction.
     *
     * @return {@code >= 1}
     */
    public int capacity() {
        return segments.length;
    }

    /**
     * The number of regions held.
     *
     * @return {@code 0 <= size <= capacity()}
     */
    public int size() {
        return size;
    }

    /**
     * The bytes in all regions held.
     *
     * @return the sum of {@link #length(int)} over the regions
     */
    public long bytes() {
        return bytes;
    }

    /**
     * The segment of region {@code i}.
     *
     * @param i {@code 0 <= i < size()}
     * @return the segment, never null
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public MemorySegment segment(int i) {
        check(i);
        return segments[i];
    }

    /**
     * The offset of region {@code i} in its segment.
     *
     * @param i {@code 0 <= i < size()}
     * @return {@code 0 <= offset < segment(i).byteSize()}
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public long offset(int i) {
        check(i);
        return offsets[i];
    }

    /**
     * The length of region {@code i}.
     *
     * @param i {@code 0 <= i < size()}
     * @return {@code >= 1}: extraction never returns empty regions
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public long length(int i) {
        check(i);
        return lengths[i];
    }

    /**
     * The chain node whose slot region {@code i} came from.
     *
     * @param i {@code 0 <= i < size()}
     * @return the node for a {@link IterType#BVECQ} iterator, {@code null} for every other type; no
     *     reference is taken for the caller
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public Bvecq node(int i) {
        check(i);
        return nodes[i];
    }

    /** Forgets every region (and the references to their segments). */
    public void clear() {
        for (int i = 0; i < size; i++) {
            segments[i] = null;
            nodes[i] = null;
        }
        size = 0;
        bytes = 0;
    }

    /** Appends a region; the caller has checked {@code size < capacity}. */
    void add(MemorySegment segment, long offset, long length, Bvecq node) {
        segments[size] = segment;
        offsets[size] = offset;
        lengths[size] = length;
        nodes[size] = node;
        size++;
        bytes += length;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("i: " + i + " (expected: 0 <= i < " + size + ")");
        }
    }

    /**
     * Describes the list for messages.
     *
     * @return {@code Regions[size=.., bytes=..]}
     */
    @Override
    public String toString() {
        return "Regions[size=" + size + ", bytes=" + bytes + "]";
    }
}
