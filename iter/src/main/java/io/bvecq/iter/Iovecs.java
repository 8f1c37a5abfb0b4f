package io.bvecq.iter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A reusable array of {@code struct iovec} entries in native memory, filled by {@link IoIter#fillIovecs}
 * and handed to a vectored system call ({@code preadv}, {@code pwritev}): each entry is the native address
 * of a piece of an iterator's memory and its length, as two native-order 64-bit words
 * ({@link #ENTRY_BYTES} bytes, the layout of {@code struct iovec} on 64-bit Linux).
 *
 * <pre>
 *   segment(): [ addr0 | len0 ][ addr1 | len1 ] ... [ addr(size-1) | len(size-1) ][ unused ... ]
 * </pre>
 *
 * <h2>Ownership</h2>
 * The entries are plain numbers: they keep no segment, arena or chain reachable, so a cached instance
 * (for example one per thread) never pins a caller's memory. They are valid for the kernel only while
 * the memory they were taken from is: the caller keeps it alive until the system call returns.
 *
 * <p>Allocation: the native array, once, at construction (an automatic arena frees it with the object);
 * filling allocates nothing. Threads: one thread at a time.
 */
public final class Iovecs {
    /** The size of one entry: a 64-bit address and a 64-bit length. */
    public static final int ENTRY_BYTES = 16;

    private final MemorySegment array;
    private final int capacity;
    private int size;
    private long bytes;

    /**
     * Creates an empty array with room for {@code capacity} entries.
     *
     * @param capacity the most entries one fill may write, {@code >= 1} (Linux accepts at most 1024 per call)
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public Iovecs(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: capacity >= 1)");
        }
        this.capacity = capacity;
        this.array = Arena.ofAuto().allocate((long) capacity * ENTRY_BYTES, 8);
    }

    /**
     * The native array to pass to the system call; entries {@code [0, size())} are valid.
     *
     * @return the whole array, {@code capacity() * ENTRY_BYTES} bytes
     */
    public MemorySegment segment() {
        return array;
    }

    /**
     * The room for entries fixed at construction.
     *
     * @return {@code >= 1}
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The number of entries held: the {@code iovcnt} of the system call.
     *
     * @return {@code 0 <= size <= capacity()}
     */
    public int size() {
        return size;
    }

    /**
     * The bytes of all entries held.
     *
     * @return the sum of {@link #length(int)} over the entries
     */
    public long bytes() {
        return bytes;
    }

    /**
     * The native address of entry {@code i}.
     *
     * @param i {@code 0 <= i < size()}
     * @return the address
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public long address(int i) {
        check(i);
        return array.getAtIndex(ValueLayout.JAVA_LONG, 2L * i);
    }

    /**
     * The length of entry {@code i}.
     *
     * @param i {@code 0 <= i < size()}
     * @return {@code >= 1}: empty pieces are never entered
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public long length(int i) {
        check(i);
        return array.getAtIndex(ValueLayout.JAVA_LONG, 2L * i + 1);
    }

    /** Forgets every entry (the array keeps its old numbers, which point nowhere the caller must care about). */
    public void clear() {
        size = 0;
        bytes = 0;
    }

    /** Tells whether another entry fits. */
    boolean hasRoom() {
        return size < capacity;
    }

    /** Appends an entry; the caller has checked {@link #hasRoom()}. */
    void add(long address, long length) {
        array.setAtIndex(ValueLayout.JAVA_LONG, 2L * size, address);
        array.setAtIndex(ValueLayout.JAVA_LONG, 2L * size + 1, length);
        size++;
        bytes += length;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("i: " + i + " (expected: 0 <= i < " + size + ")");
        }
    }

    /**
     * Describes the array for messages.
     *
     * @return {@code Iovecs[size=.., bytes=.., capacity=..]}
     */
    @Override
    public String toString() {
        return "Iovecs[size=" + size + ", bytes=" + bytes + ", capacity=" + capacity + "]";
    }
}
