package io.bvecq.iter;

import io.bvecq.BvecqReleasedException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The second seam of {@link IoIter}: the operations that touch or describe the iterator's memory (copies
 * and zeroing, address measures, extraction into {@link Regions} and {@link Iovecs}, checksums and views).
 * Each is written once, over the hooks of {@link IterCore}; the walks themselves live in {@link Walks}.
 * Package-private: its public members are part of {@link IoIter} and documented there.
 */
abstract class IterMemory extends IterCore {
    /**
     * The logical offset (in {@link #consumed()} terms) below which the memory was found writable by an
     * earlier write. The bytes at a logical offset never change for the life of an iterator, so a write
     * after a revert, or the next of many small writes, checks only what no write has checked yet.
     */
    private long writableTo;

    IterMemory(IterType type, Direction direction, long count) {
        super(type, direction, count);
    }

    // ------------------------------------------------------------------------------------------------
    // Copying

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
        Checks.region(dst, dstOffset, bytes, "dst");
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
     * A DISCARD iterator only counts them. The whole range is checked before the first byte is written:
     * a rejected call writes nothing and does not move.
     *
     * @param src where the bytes come from
     * @param srcOffset {@code 0 <= srcOffset <= src.byteSize()}
     * @param bytes {@code 0 <= bytes <= src.byteSize() - srcOffset}
     * @return the bytes copied, {@code min(bytes, count())} as it was
     * @throws NullPointerException if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code srcOffset} or {@code bytes} is out of range
     * @throws IllegalStateException if closed, if the direction is not {@link Direction#DEST}, or if the
     *     iterator's memory is no longer accessible (its arena was closed; the iterator has not moved)
     * @throws IllegalArgumentException if a segment in the range is read-only (possible only for BVECQ,
     *     whose slots are checked when reached; the other types are checked when made); nothing was written
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     * @implNote Port of {@code copy_to_iter()}.
     */
    public final long copyToIter(MemorySegment src, long srcOffset, long bytes) {
        checkOpen("copyToIter");
        Objects.requireNonNull(src, "src");
        Checks.region(src, srcOffset, bytes, "src");
        checkDirection(Direction.DEST, "copyToIter");
        long n = Math.min(bytes, count);
        if (n > 0) {
            checkWritable(n, "copyToIter");
            moveChecked(n, IN, src, srcOffset);
            count -= n;
            consumed += n;
        }
        return n;
    }

    /**
     * Writes zeros into the next {@code min(n, count())} bytes and moves past them (kernel
     * {@code iov_iter_zero()}); short only when the iterator runs out, like the copies. The whole range is
     * checked before the first byte is cleared, as for {@link #copyToIter}.
     *
     * @param n {@code >= 0}
     * @return the bytes cleared
     * @throws IllegalArgumentException if {@code n < 0}, or if a segment in the range is read-only (as for
     *     copyToIter: nothing was cleared)
     * @throws IllegalStateException if closed, if the direction is not {@link Direction#DEST}, or if the
     *     iterator's memory is no longer accessible (as for copyToIter)
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
            checkWritable(k, "zero");
            moveChecked(k, ZERO, null, 0);
            count -= k;
            consumed += k;
        }
        return k;
    }

    /** Check, then write: rejects the call before any byte is written if a piece in the range is read-only. */
    private void checkWritable(long n, String what) {
        long end = consumed + n;
        if (writableWhenMade() || end <= writableTo) {
            return;
        }
        Walks.checkWritable(this, Math.max(0, writableTo - consumed), n, what);
        writableTo = end;
    }

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
     * Tells whether every segment that carries bytes in the remaining range is native memory, whose
     * address the kernel can use (see {@link #fillIovecs}). Heap segments have no such address: I/O code
     * copies them through native memory instead. Moves nothing; allocates nothing.
     *
     * @return {@code true} if no heap segment carries bytes in the range; {@code true} for an empty range
     *     and for DISCARD, which has no segments
     * @throws IllegalStateException if closed
     */
    public final boolean allNative() {
        checkOpen("allNative");
        return Walks.allNative(this);
    }

    /**
     * The number of {@link IoIter#PAGE_SIZE} pages the remaining range touches, counted per segment, at most
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
        Checks.limits(maxSize, maxSegs, "maxSegs");
        return limitFrom(start, maxSize, maxSegs);
    }

    long limitFrom(long start, long maxSize, int maxSegs) {
        return Walks.limit(this, start, maxSize, maxSegs);
    }

    // ------------------------------------------------------------------------------------------------
    // Extracting

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
     * {@link IoIter#PAGE_SIZE} page (by address); the first may start anywhere in its page, every later one
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
     * Describes the next run of at most {@code maxSize} bytes as {@code struct iovec} entries (native
     * address, length) in {@code out}, at most {@code out.capacity()} of them, for a vectored system call.
     * Unlike {@link #extract} it moves nothing: the caller moves by what the call transferred
     * ({@link #advance}). Entries are whole segment pieces; empty segments are skipped. Allocates nothing;
     * the entries are raw addresses and keep nothing alive (see {@link Iovecs}).
     *
     * @param maxSize {@code >= 0}
     * @param out cleared, then filled with the entries in order
     * @return the bytes described, {@code 0 <= result <= min(maxSize, count())}; equal to {@code out.bytes()}
     * @throws NullPointerException if {@code out} is null
     * @throws IllegalArgumentException if {@code maxSize < 0}, or if the iterator is {@link Direction#DEST} and a
     *     read-only segment carries bytes in the run (the kernel would write into it; possible only for BVECQ);
     *     {@code out} is then left empty
     * @throws UnsupportedOperationException for DISCARD, which has no memory, or if a heap segment carries
     *     bytes in the described run (it has no address the kernel can use: check {@link #allNative()} first);
     *     {@code out} is then left empty
     * @throws IllegalStateException if closed, or if a segment's memory is no longer accessible (its arena was
     *     closed: handing its address to the kernel would reach freed memory); {@code out} is then left empty
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     */
    public final long fillIovecs(long maxSize, Iovecs out) {
        checkOpen("fillIovecs");
        Objects.requireNonNull(out, "out");
        Checks.limits(maxSize, 0, "maxSegs");
        checkHasMemory("fillIovecs");
        out.clear();
        boolean success = false;
        try {
            long n = Walks.iovecs(this, maxSize, out);
            success = true;
            return n;
        } finally {
            if (!success) {
                out.clear();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Viewing

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
        return Walks.byteBuffers(this, start, len, direction() == Direction.SOURCE);
    }

    // ------------------------------------------------------------------------------------------------
    // Checks

    private void checkDirection(Direction needed, String what) {
        if (direction() != needed) {
            throw new IllegalStateException(what + "() needs a " + needed + " iterator (direction=" + direction() + ")");
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
        if (type() == IterType.DISCARD) {
            throw new UnsupportedOperationException(what + "() needs memory; a DISCARD iterator has none");
        }
    }

    private void checkExtract(String what, long maxSize, int maxSegs, String segsName, Regions out) {
        checkOpen(what);
        Objects.requireNonNull(out, "out");
        Checks.limits(maxSize, maxSegs, segsName);
        if (maxSegs > out.capacity()) {
            throw new IndexOutOfBoundsException(segsName + ": " + maxSegs + " (expected: 0 <= " + segsName + " <= "
                    + out.capacity() + ", the capacity of out)");
        }
        checkHasMemory(what);
    }
}
