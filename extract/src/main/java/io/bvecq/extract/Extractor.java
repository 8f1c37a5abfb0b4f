package io.bvecq.extract;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.bvecq.PoolChunk;
import io.bvecq.PoolExhaustedException;
import io.bvecq.RegionOwner;
import io.bvecq.internal.ChainBuilder;
import io.bvecq.internal.SlotCursor;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.IterType;
import io.bvecq.iter.Regions;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Turns any source iterator into a chain, labelling each node with how its memory is disposed of.
 *
 * <table class="striped">
 *   <caption>What each kind of memory becomes</caption>
 *   <thead><tr><th>memory in the iterator</th><th>in the new chain</th><th>node kind</th></tr></thead>
 *   <tbody>
 *   <tr><td>a chain ({@link IterType#BVECQ})</td><td>the same memory, shared; the new node keeps the
 *       source node alive ({@link Bvecq#attachSource})</td><td>{@link Disposal#NONE}</td></tr>
 *   <tr><td>native memory, with a {@link PinSource}</td><td>the same memory, zero-copy; one pin per
 *       region, released once at disposal</td><td>{@link Disposal#UNPIN}</td></tr>
 *   <tr><td>native memory, no pin source (the caller vouches for its lifetime)</td><td>the same memory,
 *       zero-copy</td><td>{@link Disposal#NONE}</td></tr>
 *   <tr><td>heap memory (a {@link Direction#SOURCE}-direction iterator only)</td><td>a copy in pool
 *       chunks: heap memory is never referenced zero-copy (the collector may move it)</td>
 *       <td>{@link Disposal#FREE}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>The new chain</h2>
 * Built by core's one chain builder: a region joins the tail node if it has room and the same kind, else
 * a new node starts: the first of {@link Bvecq#DEFAULT_SLOTS} slots, each later one twice the one before,
 * up to 256. The first node's {@code fpos} is the file
 * position of the first byte for a {@link IterType#BVECQ} source (the same rule as {@link
 * io.bvecq.BvecqPos#extract}), 0 for any other source; later nodes run on from it.
 *
 * <h2>Short extraction and failures</h2>
 * An extraction takes up to {@code maxSize} bytes in up to {@code maxSegs} slots with data and advances
 * the iterator by exactly the bytes it returns. It may return fewer: when the limits are reached, when the
 * iterator runs out, or when taking the next region fails. A failure (the pool is exhausted, a pin is
 * refused, a source node was released) is never hidden:
 * <ul>
 *   <li>if nothing was extracted yet, everything taken is given back, the iterator is left where it was,
 *       and the exception propagates;</li>
 *   <li>if something was extracted, the result is short, the iterator stands after the last byte
 *       extracted, and the exception is reported in {@link Extraction#stoppedBy()}; the next call starts at
 *       the region that failed and, if it fails again with nothing extracted, throws.</li>
 * </ul>
 * (This is the rule of the kernel's fix to {@code netfs_extract_user_iter()}: an error when nothing was
 * extracted, else the short count.)
 *
 * <p>Threads: one thread at a time per iterator; the new chain is private to the caller until shared.
 *
 * @implNote Port of {@code netfs_extract_iter()} and its per-type helpers, producing a bvecq chain.
 */
public final class Extractor {
    private Extractor() {
    }

    /**
     * The outcome of an extraction.
     *
     * @param head the new chain, or {@code null} if there was nothing to extract; the caller owns its reference
     * @param bytes the bytes extracted; the iterator advanced by exactly this
     * @param stoppedBy the failure that cut the extraction short, or {@code null} if it ended at a limit or at
     *     the end of the iterator
     */
    public record Extraction(Bvecq head, long bytes, RuntimeException stoppedBy) {
        /**
         * Tells whether a failure cut the extraction short.
         *
         * @return {@code stoppedBy() != null}
         */
        public boolean isShortByFailure() {
            return stoppedBy != null;
        }
    }

    /**
     * Extracts up to {@code maxSize} bytes in up to {@code maxSegs} slots from {@code iter} into a new chain,
     * moving the iterator past them.
     *
     * @param iter the source: any type but {@link IterType#DISCARD}; left after the last byte extracted
     * @param maxSize the most bytes, {@code >= 0}
     * @param maxSegs the most slots with data in the new chain, {@code >= 0}; a heap region copied into
     *     several pool chunks counts one per chunk
     * @param pins where pins on caller native memory come from, or {@code null} if the caller vouches that the
     *     memory outlives the chain (then such nodes are {@link Disposal#NONE})
     * @param pool where copies of heap memory come from
     * @return the chain and its length; {@code head == null} and {@code bytes == 0} if the iterator was empty or
     *     a limit was 0
     * @throws IllegalArgumentException if a limit is negative, if {@code iter} is a DISCARD iterator, or if the
     *     first region is heap memory of a {@link Direction#DEST} iterator (it cannot receive data zero-copy;
     *     later ones end the extraction short)
     * @throws NullPointerException if {@code iter} or {@code pool} is null
     * @throws IllegalStateException if {@code iter} is closed
     * @throws PoolExhaustedException if nothing could be extracted because the pool ran out (nothing changed)
     * @throws BvecqReleasedException if nothing could be extracted because a source node was released
     * @throws RuntimeException whatever {@link PinSource#pin} threw, if nothing could be extracted
     */
    public static Extraction extract(IoIter iter, long maxSize, int maxSegs, PinSource pins, BufferPool pool) {
        Objects.requireNonNull(iter, "iter");
        Objects.requireNonNull(pool, "pool");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: maxSize >= 0)");
        }
        if (maxSegs < 0) {
            throw new IllegalArgumentException("maxSegs: " + maxSegs + " (expected: maxSegs >= 0)");
        }
        if (iter.type() == IterType.DISCARD) {
            throw new IllegalArgumentException("iter: " + iter.type() + " (expected: an iterator with memory)");
        }
        if (iter.isClosed()) {
            throw new IllegalStateException("iter is closed: Extractor.extract needs an open iterator");
        }
        ChainBuilder out = new ChainBuilder(Bvecq.DEFAULT_SLOTS, firstFpos(iter, maxSize, maxSegs));
        Regions one = new Regions(1);
        long left = maxSize;
        int segsLeft = maxSegs;
        RuntimeException stoppedBy = null;
        boolean success = false;
        try {
            while (left > 0 && segsLeft > 0) {
                long n;
                try {
                    n = iter.extract(left, 1, one); // moves only if it succeeds
                } catch (RuntimeException e) {
                    if (out.bytes() == 0) {
                        throw e;
                    }
                    stoppedBy = e; // e.g. a source node ahead released: keep what was extracted
                    break;
                }
                if (n == 0) {
                    break;
                }
                MemorySegment seg = one.segment(0);
                long off = one.offset(0);
                Bvecq srcNode = one.node(0);
                long done = 0; // bytes of this region placed in the chain
                try {
                    if (srcNode != null) {
                        out.addShared(srcNode, seg, off, n);
                        done = n;
                        segsLeft--;
                    } else if (seg.isNative()) {
                        if (pins == null) {
                            out.add(Disposal.NONE, seg, off, n, null);
                        } else {
                            RegionOwner pin = Objects.requireNonNull(pins.pin(seg, off, n), "PinSource.pin returned null");
                            addPinned(out, seg, off, n, pin);
                        }
                        done = n;
                        segsLeft--;
                    } else if (iter.direction() == Direction.SOURCE) {
                        // heap: copy chunk by chunk, as many chunks as the slot limit allows
                        while (done < n && segsLeft > 0) {
                            PoolChunk c = pool.take();
                            long take = Math.min(n - done, c.segment().byteSize());
                            MemorySegment.copy(seg, off + done, c.segment(), 0, take);
                            addOwned(out, c, take);
                            done += take;
                            segsLeft--;
                        }
                    } else {
                        throw new IllegalArgumentException("region: heap memory in a DEST iterator (expected: native memory"
                                + " or a chain; read into a pooled chain and copyToIter instead)");
                    }
                } catch (RuntimeException e) {
                    iter.revert(n - done);
                    left -= done;
                    if (out.bytes() == 0) {
                        throw e;
                    }
                    stoppedBy = e;
                    break;
                }
                if (done < n) {
                    iter.revert(n - done); // out of slots inside a heap region
                }
                left -= done;
            }
            success = true;
        } finally {
            if (!success) {
                out.discard();
            }
        }
        return new Extraction(out.head(), out.bytes(), stoppedBy);
    }

    /**
     * The fpos of the new chain's first node: the file position of the iterator's first byte for a BVECQ
     * source that has bytes to give, else 0.
     */
    private static long firstFpos(IoIter iter, long maxSize, int maxSegs) {
        if (iter.type() != IterType.BVECQ || iter.count() == 0 || maxSize == 0 || maxSegs == 0) {
            return 0;
        }
        BvecqPos p = new BvecqPos();
        try {
            iter.position(p);
            p.nudge(); // onto the first byte: the end of a node is the start of the next, whose fpos may differ
            return SlotCursor.filePosition(p.node(), p.slot(), p.offset());
        } finally {
            p.unset();
        }
    }

    /** Appends a pinned region; if that fails the pin is released here, so it goes exactly once. */
    private static void addPinned(ChainBuilder out, MemorySegment seg, long off, long len, RegionOwner pin) {
        boolean ok = false;
        try {
            out.add(Disposal.UNPIN, seg, off, len, pin);
            ok = true;
        } finally {
            if (!ok) {
                pin.dispose(Disposal.UNPIN, seg, off, len);
            }
        }
    }

    /** Appends {@code len} bytes of a freshly taken chunk; on failure the chunk goes back. */
    private static void addOwned(ChainBuilder out, PoolChunk c, long len) {
        boolean ok = false;
        try {
            out.add(Disposal.FREE, c.segment(), 0, len, c);
            ok = true;
        } finally {
            if (!ok) {
                c.release();
            }
        }
    }
}
