package io.bvecq.extract;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.PoolExhaustedException;
import java.util.Objects;

/**
 * A duplicate of a chain region with its ends rounded out to a block size, for {@code O_DIRECT} writes
 * to a cache file, and the place to attach a header and a trailer to it as one compound operation.
 *
 * <pre>
 *   file:    |....block....|....block....|....block....|
 *   region:          [start ............ end)
 *   dup:     [lower gap][data ................][upper gap]
 *             source bytes (must exist)         zeros from a pool chunk
 *             \____ NONE nodes over the source memory ____/ \_ FREE node _/
 * </pre>
 *
 * <p>The chain's bytes are taken to sit at file positions {@code head.fpos() + i} for byte index
 * {@code i}. The <em>lower gap</em> (from the block boundary below the region to its start) must be real
 * data of the source chain: a cache block must not be written with bytes that were never read. The
 * <em>upper gap</em> (from the region's end to the next block boundary) is written as zeros: it is meant
 * for a region that ends at end-of-file, whose tail block the file holds as zeros.
 *
 * <p>Design: the data (lower gap included) is described, not copied: {@code NONE} nodes point into the
 * source's memory and keep the source nodes alive ({@link Bvecq#attachSource}), as
 * {@link BvecqPos#extract} builds them. The upper gap always comes from a freshly zeroed pool chunk, never
 * from the source's memory past the region: that memory may hold bytes beyond end-of-file or belong to
 * someone else, and using it would make correctness depend on it having been cleared. The cost is one
 * slot boundary at the region's end; where the direct-I/O memory alignment does not allow that slot
 * boundary, the write policy bounces the duplicate ({@code WriteReason.UNALIGNED_MEMORY} in the io module).
 *
 * <p>The source chain is never modified: no slot, link or position of it changes; it only gains the
 * references the duplicate's nodes hold. Threads: build and attach on one thread; the result is private
 * to the caller until shared.
 *
 * @implNote Port of the netfs rule for writes to a cache ({@code netfs} copy-to-cache): folios used as
 *     sources must contain data for any lower gap and must have been cleared for any upper gap.
 */
public final class AlignedDup implements AutoCloseable {
    private Bvecq head;
    private final Bvecq source; // identity only (no reference): attach() must never link onto it
    private final long fpos;
    private final long lowerGap;
    private final long dataLength;
    private final long upperGap;

    private AlignedDup(Bvecq head, Bvecq source, long fpos, long lowerGap, long dataLength, long upperGap) {
        this.head = head;
        this.source = source;
        this.fpos = fpos;
        this.lowerGap = lowerGap;
        this.dataLength = dataLength;
        this.upperGap = upperGap;
    }

    /**
     * Duplicates the region of {@code length} bytes at byte index {@code start} of the chain at
     * {@code head}, rounded out to {@code blockSize} in file position.
     *
     * @param head the source chain's head; its bytes sit at file positions {@code head.fpos() + i}. Not
     *     modified.
     * @param start the region's first byte index, {@code 0 <= start}; the chain must hold the lower gap's
     *     bytes before it: {@code (head.fpos() + start) % blockSize <= start}
     * @param length the region's bytes, {@code 1 <= length <= totalBytes - start}
     * @param blockSize a power of two, {@code 1 <= blockSize <= 2^30}
     * @param pool where the upper gap's zeroed memory comes from
     * @return the duplicate, which the caller must {@link #close()} or {@link #attach}
     * @throws IllegalArgumentException if {@code blockSize} is not a power of two in range, if the lower gap
     *     is not held by the chain ("the lower gap must hold real data"), or if a discontiguous node begins
     *     before the end of the region (file positions would not be {@code head.fpos() + index})
     * @throws IndexOutOfBoundsException if {@code start} or {@code length} is out of range
     * @throws NullPointerException if {@code head} or {@code pool} is null
     * @throws PoolExhaustedException if the pool had no memory for the upper gap; nothing was kept
     * @throws BvecqReleasedException if {@code head} was released
     */
    public static AlignedDup duplicate(Bvecq head, long start, long length, long blockSize, BufferPool pool) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(pool, "pool");
        if (blockSize < 1 || blockSize > (1L << 30) || (blockSize & (blockSize - 1)) != 0) {
            throw new IllegalArgumentException("blockSize: " + blockSize + " (expected: a power of two, 1 <= blockSize <= "
                    + (1L << 30) + ")");
        }
        long total = BvecqBuffers.totalBytes(head);
        if (start < 0 || start > total) {
            throw new IndexOutOfBoundsException("start: " + start + " (expected: 0 <= start <= " + total + ")");
        }
        if (length < 1 || length > total - start) {
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 1 <= length <= " + (total - start) + ")");
        }
        // File positions are head.fpos() + byte index only up to the first discontiguous node: a chain that
        // jumps to another file range before the end of the region cannot be duplicated as one range.
        long index = head.bytes();
        for (Bvecq n = head.nextAcquire(); n != null && index < start + length; n = n.nextAcquire()) {
            if (n.discontig()) {
                throw new IllegalArgumentException("start: " + start + ", length: " + length + ": " + n
                        + " is discontiguous and begins at byte " + index + " (expected: no discontiguous node before byte "
                        + (start + length) + ", one contiguous file range)");
            }
            index += n.bytes();
        }
        long first = head.fpos() + start;
        long lowerGap = first & (blockSize - 1);
        if (lowerGap > start) {
            throw new IllegalArgumentException("lower gap: the block holding fpos " + first + " starts at fpos "
                    + (first - lowerGap) + " but the chain's data starts at fpos " + head.fpos()
                    + " (the lower gap must hold real data: expected (fpos + start) % blockSize <= start, got "
                    + lowerGap + " > " + start + ")");
        }
        long end = first + length;
        long upperGap = (blockSize - (end & (blockSize - 1))) & (blockSize - 1);

        BvecqPos pos = BvecqPos.at(head);
        Bvecq dup = null;
        boolean success = false;
        try {
            pos.advance(start - lowerGap);
            dup = pos.extract(lowerGap + length, Integer.MAX_VALUE);
            long got = dup == null ? 0 : BvecqBuffers.totalBytes(dup);
            if (got != lowerGap + length) {
                throw new IllegalArgumentException("start: " + start + ", length: " + length + ": a discontiguous node "
                        + "lies inside the rounded range after " + got + " of " + (lowerGap + length)
                        + " bytes (expected: one contiguous file range)");
            }
            dup.setFpos(first - lowerGap);
            if (upperGap > 0) {
                Bvecq zeros = BvecqBuffers.allocBuffer(pool, upperGap, 0);
                try {
                    BvecqBuffers.shortenBuffer(zeros, 0, upperGap);
                    BvecqPos z = BvecqPos.at(zeros);
                    try {
                        z.zero(upperGap);
                    } finally {
                        z.unset();
                    }
                    long at = end;
                    for (Bvecq n = zeros; n != null; n = n.nextAcquire()) {
                        n.setFpos(at);
                        at += n.bytes();
                    }
                } catch (RuntimeException | Error e) {
                    zeros.release();
                    throw e;
                }
                BvecqBuffers.tail(dup).linkNext(zeros);
            }
            success = true;
            return new AlignedDup(dup, head, first - lowerGap, lowerGap, length, upperGap);
        } finally {
            pos.unset();
            if (!success && dup != null) {
                dup.release();
            }
        }
    }

    /**
     * The duplicate's head. Valid until {@link #close()} or {@link #attach}; the reference stays this
     * object's.
     *
     * @return the head: {@link io.bvecq.Disposal#NONE} nodes over the source, then, if there is an upper
     *     gap, {@link io.bvecq.Disposal#FREE} nodes of zeros
     * @throws IllegalStateException if the duplicate was closed or attached
     */
    public Bvecq head() {
        checkLive("head");
        return head;
    }

    /**
     * The file position of the duplicate's first byte: the block boundary at or below the region.
     *
     * @return a multiple of the block size
     */
    public long fpos() {
        return fpos;
    }

    /**
     * The source bytes in front of the region, from the block boundary to the region's start.
     *
     * @return {@code 0 <= lowerGap < blockSize}
     */
    public long lowerGap() {
        return lowerGap;
    }

    /**
     * The region's own bytes.
     *
     * @return the {@code length} given to {@link #duplicate}
     */
    public long dataLength() {
        return dataLength;
    }

    /**
     * The zero bytes after the region, up to the next block boundary.
     *
     * @return {@code 0 <= upperGap < blockSize}
     */
    public long upperGap() {
        return upperGap;
    }

    /**
     * The duplicate's bytes.
     *
     * @return {@code lowerGap() + dataLength() + upperGap()}, a multiple of the block size
     */
    public long length() {
        return lowerGap + dataLength + upperGap;
    }

    /**
     * Links a header chain in front of the duplicate and a trailer chain behind it, forming one compound
     * operation; the source chain is not touched. Either may be null. Checks everything before linking:
     * a rejected call changes nothing.
     *
     * <p>Ownership: the caller's references on {@code header} and {@code trailer} and this duplicate's
     * reference on its head pass to the compound chain; the caller owns the returned head's reference
     * (the header's, or the duplicate's if there is no header). This duplicate is spent afterwards.
     *
     * @param header the head of a chain to go first (any disposal kind), or null
     * @param trailer the head of a chain to go last, or null
     * @return the compound chain's head
     * @throws IllegalArgumentException if {@code header} or {@code trailer} is not the head of a chain of its
     *     own (it has a predecessor), if both are the same chain, or if either is the source chain or part
     *     of this duplicate
     * @throws IllegalStateException if the duplicate was closed or attached
     * @throws BvecqReleasedException if {@code header} or {@code trailer} was released
     */
    public Bvecq attach(Bvecq header, Bvecq trailer) {
        checkLive("attach");
        checkPart("header", header);
        checkPart("trailer", trailer);
        if (header != null && header == trailer) {
            throw new IllegalArgumentException("header and trailer: the same chain " + header
                    + " (expected: two separate chains)");
        }
        Bvecq headerTail = header == null ? null : BvecqBuffers.tail(header);
        if (trailer != null && headerTail == BvecqBuffers.tail(trailer)) {
            throw new IllegalArgumentException("trailer: " + trailer + " ends in the header's chain (expected: two separate chains)");
        }
        Bvecq dupTail = BvecqBuffers.tail(head);
        Bvecq result = head;
        if (trailer != null) {
            dupTail.linkNext(trailer);
        }
        if (header != null) {
            headerTail.linkNext(head);
            result = header;
        }
        head = null;
        return result;
    }

    private void checkPart(String name, Bvecq part) {
        if (part == null) {
            return;
        }
        if (part.isReleased()) {
            throw new BvecqReleasedException(part + " used after release: AlignedDup.attach(" + name + ")");
        }
        if (part.prev() != null) {
            throw new IllegalArgumentException(name + ": " + part + " follows " + part.prev()
                    + " (expected: the head of a chain of its own)");
        }
        if (part == source) {
            throw new IllegalArgumentException(name + ": " + part + " is the source chain (expected: a separate chain; "
                    + "the source is never touched)");
        }
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            if (n == part) {
                throw new IllegalArgumentException(name + ": " + part + " is part of this duplicate (expected: a separate chain)");
            }
        }
    }

    /**
     * Releases the duplicate's reference on its head (and so the references it holds on the source) unless
     * it was attached. Closing twice does nothing.
     */
    @Override
    public void close() {
        Bvecq h = head;
        head = null;
        if (h != null) {
            h.release();
        }
    }

    private void checkLive(String what) {
        if (head == null) {
            throw new IllegalStateException("AlignedDup is spent (closed or attached): " + what);
        }
    }

    /**
     * Describes the duplicate: {@code AlignedDup[fpos=4096, lower=1, data=4096, upper=4095]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "AlignedDup[fpos=" + fpos + ", lower=" + lowerGap + ", data=" + dataLength + ", upper=" + upperGap
                + (head == null ? ", spent" : "") + "]";
    }
}
