package io.bvecq.extract;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.PoolExhaustedException;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Bounce buffering with a fused checksum: copies a region of a chain (or the next bytes of any source
 * {@link IoIter}) into page-aligned toolkit memory and computes the CRC32C of the copy in the same pass,
 * block by block while each block is still in cache.
 *
 * <pre>
 *   source chain (caller memory)     [ s0 ][s1][    s2    ]...
 *                                        |  copy BLOCK, then CRC that block from the destination
 *                                        v
 *   bounce chain (FREE, pool chunks) [ chunk ][ chunk ][ chunk ]..[part]   + crc32c
 * </pre>
 *
 * <p>The checksum is taken from the <em>destination</em>, not the source: it describes exactly the bytes the
 * copy holds, even if the caller rewrites its memory during the copy. A sink that checks the copy against
 * this checksum therefore never sees a mismatch, which is the point of bouncing for stable-writes sinks.
 *
 * <p>The copy is a chain of {@link io.bvecq.Disposal#FREE} nodes whose slots are whole pool chunks (each
 * starting on a {@link BufferPool#PAGE_SIZE} boundary), the last one trimmed to the length; node
 * {@code fpos} values run on from 0. Discontiguous source nodes are copied through: the copy is a byte
 * run, its file position is the caller's business.
 *
 * <p>One loop does the copying and checksumming for every caller: {@link #copyInto} fills one destination
 * region block by block. {@link #copy(BvecqPos, long, BufferPool)} and {@link #copy(IoIter, long, BufferPool)}
 * run it once per chunk of a new chain; the io module's bounced writes run it once per window of its own
 * aligned memory. What the tests, the jcstress contract and the benchmark exercise is what ships.
 *
 * <p>Allocation: per call, the copy's nodes, one {@link CRC32C} and one {@link ByteBuffer} view per
 * destination chunk (reused for every block in it); nothing per block or per byte.
 *
 * <p>Threads: a call reads the source chain on the calling thread; the copy is private to the caller until
 * it shares it.
 *
 * @implNote The copy-and-checksum step of the kernel's bounce-buffered direct I/O
 *     ({@code IOMAP_DIO_BOUNCE}), which the stable-writes discussion of 2025-26 settled on.
 */
public final class Bounce {
    /** The most bytes copied before they are checksummed: small enough to still be in L2 cache. */
    public static final int BLOCK = 32 << 10;

    private Bounce() {
    }

    /**
     * A bounced copy: the new chain, its length and the CRC32C of its bytes.
     *
     * @param head the head of the copy; the caller owns its reference and releases it to return the chunks
     * @param length the bytes in the copy, {@code >= 0}
     * @param crc32c the CRC32C of the copy's bytes, as {@link CRC32C#getValue()} reports it
     */
    public record Copy(Bvecq head, long length, long crc32c) {
    }

    /**
     * Copies exactly {@code length} bytes from {@code from} into new pool memory, checksumming as it goes,
     * and moves {@code from} past them.
     *
     * @param from a set position in the source chain; moved {@code length} bytes on (normalised) on success,
     *     unchanged on failure
     * @param length the bytes to copy, {@code 0 <= length <= from.remaining()}
     * @param pool where the copy's memory comes from
     * @return the copy; for {@code length == 0} a chain with one empty node and CRC 0
     * @throws IllegalArgumentException if {@code length < 0}
     * @throws IndexOutOfBoundsException if fewer than {@code length} bytes follow {@code from} (nothing changes)
     * @throws IllegalStateException if {@code from} is unset
     * @throws NullPointerException if {@code from} or {@code pool} is null
     * @throws PoolExhaustedException if the pool ran out; nothing was taken and {@code from} did not move
     * @throws BvecqReleasedException if a source node was released
     */
    public static Copy copy(BvecqPos from, long length, BufferPool pool) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(pool, "pool");
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length >= 0)");
        }
        if (!from.isSet()) {
            throw new IllegalStateException("BvecqPos is unset: Bounce.copy needs a set position");
        }
        long avail = from.remaining();
        if (avail < length) {
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + avail
                    + ", the bytes remaining at " + from + ")");
        }
        try (IoIter in = IoIter.bvecq(Direction.SOURCE, from, length)) {
            Copy c = copyChain(in, length, pool);
            boolean success = false;
            try {
                in.position(from); // the iterator's place after the copy, with a reference for from
                from.nudge();
                success = true;
                return c;
            } finally {
                if (!success) {
                    c.head().release();
                }
            }
        }
    }

    /**
     * Copies exactly {@code length} bytes out of a source iterator into new pool memory, checksumming as it
     * goes, and moves the iterator past them. This is the bounce for any {@link IoIter} (caller segments,
     * arrays of regions, chains) without building a chain of the caller's memory first.
     *
     * @param from an open {@link Direction#SOURCE} iterator; moved {@code length} bytes on success, unchanged
     *     on failure
     * @param length the bytes to copy, {@code 0 <= length <= from.count()}
     * @param pool where the copy's memory comes from
     * @return the copy; for {@code length == 0} a chain with one empty node and CRC 0
     * @throws IllegalArgumentException if {@code length < 0} or {@code from} is not a SOURCE iterator
     * @throws IndexOutOfBoundsException if {@code length > from.count()} (nothing changes)
     * @throws IllegalStateException if {@code from} is closed
     * @throws NullPointerException if {@code from} or {@code pool} is null
     * @throws PoolExhaustedException if the pool ran out; nothing was taken and {@code from} did not move
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     */
    public static Copy copy(IoIter from, long length, BufferPool pool) {
        Objects.requireNonNull(pool, "pool");
        checkSource(from, length);
        return copyChain(from, length, pool);
    }

    /**
     * The one copy+CRC32C loop: copies exactly {@code length} bytes out of a source iterator into
     * {@code dst} at {@code dstOffset}, {@link #BLOCK} bytes at a time, and after each block updates
     * {@code crc} with the block as it now lies in {@code dst}, while it is still in cache. The checksum
     * describes the bytes {@code dst} holds even if the source memory changes during the copy. Moves
     * {@code from} past the bytes. Allocates one {@link ByteBuffer} view of {@code dst}, nothing per block.
     *
     * @param from an open {@link Direction#SOURCE} iterator; moved {@code length} bytes on success, unchanged
     *     on failure
     * @param dst the destination, writable (for direct I/O: native memory aligned as the device needs)
     * @param dstOffset {@code 0 <= dstOffset <= dst.byteSize()}
     * @param length the bytes to copy, {@code 0 <= length <= min(from.count(), dst.byteSize() - dstOffset)}
     *     and at most {@link Integer#MAX_VALUE} (one {@code ByteBuffer} view)
     * @param crc the running checksum to update; earlier bytes stay in it, so a caller can checksum many
     *     windows as one run
     * @throws IllegalArgumentException if {@code length < 0}, {@code from} is not a SOURCE iterator or
     *     {@code dst} is read-only
     * @throws IndexOutOfBoundsException if {@code length} or {@code dstOffset} is out of range (nothing changes)
     * @throws IllegalStateException if {@code from} is closed, or its memory is no longer accessible
     * @throws NullPointerException if an argument is null
     * @throws BvecqReleasedException if a BVECQ iterator's chain was released under it
     */
    public static void copyInto(IoIter from, MemorySegment dst, long dstOffset, long length, CRC32C crc) {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(crc, "crc");
        checkSource(from, length);
        if (dstOffset < 0 || dstOffset > dst.byteSize() || length > dst.byteSize() - dstOffset
                || length > Integer.MAX_VALUE) {
            throw new IndexOutOfBoundsException("dstOffset: " + dstOffset + ", length: " + length + " (expected: 0 <= "
                    + "dstOffset <= dstOffset + length <= " + dst.byteSize() + ", the size of dst, length <= "
                    + Integer.MAX_VALUE + ")");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst: " + dst + " is read-only (expected: a writable segment)");
        }
        if (length == 0) {
            return;
        }
        copyBlocks(from, dst, dstOffset, length, crc);
    }

    /**
     * The loop of {@link #copyInto}, after its checks; {@link #copyChain} enters here for each chunk, having
     * checked the iterator once for all of them. {@code length > 0}.
     */
    private static void copyBlocks(IoIter from, MemorySegment dst, long dstOffset, long length, CRC32C crc) {
        ByteBuffer view; // one view, every block through it: of the whole of dst unless dst is too large for one
        int base;
        if (dst.byteSize() <= Integer.MAX_VALUE) {
            view = dst.asByteBuffer();
            base = (int) dstOffset;
        } else {
            view = dst.asSlice(dstOffset, length).asByteBuffer();
            base = 0;
        }
        long done = 0;
        boolean success = false;
        try {
            while (done < length) {
                int take = (int) Math.min(length - done, BLOCK);
                from.copyFromIter(dst, dstOffset + done, take); // the count was checked: copies all of take
                done += take;
                int end = base + (int) done; // <= dst.byteSize() or length, both <= Integer.MAX_VALUE
                view.limit(end).position(end - take);
                crc.update(view); // from the destination, after the block landed
            }
            success = true;
        } finally {
            if (!success && done > 0) {
                from.revert(done);
            }
        }
    }

    /** A new chain of pool chunks filled by {@link #copyInto}, chunk by chunk; {@code from} unchanged on failure. */
    private static Copy copyChain(IoIter from, long length, BufferPool pool) {
        Bvecq head = BvecqBuffers.allocBuffer(pool, length, 0);
        long copied = 0;
        boolean success = false;
        try {
            CRC32C crc = new CRC32C();
            for (Bvecq n = head; n != null && copied < length; n = n.nextAcquire()) {
                int nr = n.nrSlotsAcquire();
                for (int s = 0; s < nr && copied < length; s++) {
                    long take = Math.min(n.length(s), length - copied);
                    if (take > 0) { // pool chunks: writable, and the iterator was checked by the caller
                        copyBlocks(from, n.segment(s), n.offset(s), take, crc);
                        copied += take;
                    }
                }
            }
            BvecqBuffers.shortenBuffer(head, 0, length);
            success = true;
            return new Copy(head, length, crc.getValue());
        } finally {
            if (!success) {
                if (copied > 0) {
                    from.revert(copied);
                }
                head.release();
            }
        }
    }

    private static void checkSource(IoIter from, long length) {
        Objects.requireNonNull(from, "from");
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length >= 0)");
        }
        if (from.isClosed()) {
            throw new IllegalStateException("iterator is closed: Bounce needs an open iterator");
        }
        if (from.direction() != Direction.SOURCE) {
            throw new IllegalArgumentException("from: a " + from.direction() + " iterator (expected: SOURCE)");
        }
        if (length > from.count()) {
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + from.count()
                    + ", the iterator's count)");
        }
    }
}
