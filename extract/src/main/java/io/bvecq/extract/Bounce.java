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
        BvecqPos p = new BvecqPos();
        p.set(from);
        Bvecq head = null;
        boolean success = false;
        try {
            long avail = p.remaining();
            if (avail < length) {
                throw new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + avail
                        + ", the bytes remaining at " + from + ")");
            }
            head = BvecqBuffers.allocBuffer(pool, length, 0);
            long crc = copyInto(p, length, head);
            BvecqBuffers.shortenBuffer(head, 0, length);
            from.transfer(p);
            success = true;
            return new Copy(head, length, crc);
        } finally {
            if (!success) {
                p.unset();
                if (head != null) {
                    head.release();
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
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(pool, "pool");
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length >= 0)");
        }
        if (from.isClosed()) {
            throw new IllegalStateException("iterator is closed: Bounce.copy needs an open iterator");
        }
        if (from.direction() != Direction.SOURCE) {
            throw new IllegalArgumentException("from: a " + from.direction() + " iterator (expected: SOURCE)");
        }
        if (length > from.count()) {
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + from.count()
                    + ", the iterator's count)");
        }
        Bvecq head = BvecqBuffers.allocBuffer(pool, length, 0);
        long copied = 0;
        boolean success = false;
        try {
            CRC32C crc = new CRC32C();
            for (Bvecq n = head; n != null && copied < length; n = n.nextAcquire()) {
                for (int s = 0; s < n.nrSlotsAcquire() && copied < length; s++) {
                    MemorySegment seg = n.segment(s);
                    long base = n.offset(s);
                    long room = n.length(s);
                    ByteBuffer view = seg.asByteBuffer(); // one view per destination slot
                    for (long off = 0; off < room && copied < length; ) {
                        long take = Math.min(Math.min(room - off, length - copied), BLOCK);
                        long got = from.copyFromIter(seg, base + off, take);
                        if (got != take) {
                            throw new IllegalStateException("iterator yielded " + got + " of " + take
                                    + " bytes (expected: the count it reported)");
                        }
                        int start = (int) (base + off);
                        view.limit(start + (int) take).position(start);
                        crc.update(view);
                        off += take;
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

    /**
     * Copies {@code length} bytes from {@code src} (advancing it) into the slots of the buffer at
     * {@code dst}, front to back, and returns the CRC32C of the bytes written, taken from the destination
     * block by block. The caller has checked that both hold enough.
     */
    static long copyInto(BvecqPos src, long length, Bvecq dst) {
        CRC32C crc = new CRC32C();
        Bvecq dn = dst;
        int ds = 0;
        long dOff = 0;
        MemorySegment dSeg = null;
        ByteBuffer dBuf = null;
        long dBase = 0;
        long dLen = 0;
        long left = length;
        while (left > 0) {
            if (dSeg == null || dOff == dLen) {
                // next destination slot with room
                if (dSeg != null) {
                    ds++;
                }
                while (ds >= dn.nrSlotsAcquire() || dn.length(ds) == 0) {
                    if (ds >= dn.nrSlotsAcquire()) {
                        dn = dn.nextAcquire();
                        ds = 0;
                    } else {
                        ds++;
                    }
                }
                dSeg = dn.segment(ds);
                dBase = dn.offset(ds);
                dLen = dn.length(ds);
                dOff = 0;
                dBuf = dSeg.asByteBuffer(); // one view per destination slot, reused for every block in it
            }
            src.nudge();
            Bvecq sn = src.node();
            int ss = src.slot();
            long sAvail = sn.length(ss) - src.offset();
            long take = Math.min(Math.min(sAvail, dLen - dOff), Math.min(left, BLOCK));
            MemorySegment.copy(sn.segment(ss), sn.offset(ss) + src.offset(), dSeg, dBase + dOff, take);
            int start = (int) (dBase + dOff);
            dBuf.limit(start + (int) take).position(start);
            crc.update(dBuf);
            src.advance(take);
            dOff += take;
            left -= take;
        }
        return crc.getValue();
    }
}
