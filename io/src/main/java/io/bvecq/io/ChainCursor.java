package io.bvecq.io;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A read-only walk over a chain from a start position, used by one transfer on one thread: measures the
 * range first ({@link #scan}), then fills iovec arrays from the slots ({@link #fill}) and moves on by what
 * the kernel transferred ({@link #advance}). It never moves the caller's {@link BvecqPos} and takes no
 * references: the caller keeps its reference on the chain for the duration of the transfer.
 *
 * <p>Allocation: none per call; one cursor serves many transfers ({@link #reset}).
 */
final class ChainCursor implements IovSource {
    private Bvecq node;
    private int slot;
    private long off;

    /** After {@link #scan}: OR of every region address and length in the range (the memory alignment). */
    long memAlignment;
    /** After {@link #scan}: whether every region in the range is native memory. */
    boolean allNative;

    /** Starts at {@code pos} (not moved). */
    ChainCursor reset(BvecqPos pos) {
        return reset(pos.node(), pos.slot(), pos.offset());
    }

    ChainCursor reset(Bvecq n, int s, long o) {
        node = n;
        slot = s;
        off = o;
        return this;
    }

    /**
     * Measures up to {@code length} bytes ahead without moving: sets {@link #memAlignment} and
     * {@link #allNative}.
     *
     * @return the bytes available, at most {@code length}
     */
    long scan(long length) {
        long align = 0;
        boolean nat = true;
        long total = 0;
        Bvecq n = node;
        int s = slot;
        long o = off;
        while (n != null && total < length) {
            int nr = n.nrSlotsAcquire();
            for (; s < nr && total < length; s++, o = 0) {
                long len = n.length(s) - o;
                if (len <= 0) {
                    continue;
                }
                long take = Math.min(len, length - total);
                MemorySegment seg = n.segment(s);
                if (!seg.isNative()) {
                    nat = false;
                }
                align |= (seg.address() + n.offset(s) + o) | take;
                total += take;
            }
            if (total < length) {
                Bvecq next = n.nextAcquire();
                if (next != null && n.nrSlotsAcquire() != nr) { // re-check: slots added before the link
                    continue;
                }
                n = next;
                s = 0;
                o = 0;
            }
        }
        memAlignment = align;
        allNative = nat;
        return total;
    }

    /**
     * Writes iovecs for up to {@code maxBytes} bytes from the cursor into {@code iov}, at most
     * {@code maxIov} entries; does not move.
     *
     * @return the number of iovecs written; {@link #filled} holds their bytes
     */
    @Override
    public int fill(MemorySegment iov, int maxIov, long maxBytes) {
        int cnt = 0;
        long total = 0;
        Bvecq n = node;
        int s = slot;
        long o = off;
        while (n != null && total < maxBytes && cnt < maxIov) {
            int nr = n.nrSlotsAcquire();
            for (; s < nr && total < maxBytes && cnt < maxIov; s++, o = 0) {
                long len = n.length(s) - o;
                if (len <= 0) {
                    continue;
                }
                long take = Math.min(len, maxBytes - total);
                long base = Linux.IOVEC_SIZE * (long) cnt;
                iov.set(ValueLayout.JAVA_LONG, base, n.segment(s).address() + n.offset(s) + o);
                iov.set(ValueLayout.JAVA_LONG, base + 8, take);
                cnt++;
                total += take;
            }
            if (total < maxBytes && cnt < maxIov) {
                Bvecq next = n.nextAcquire();
                if (next != null && n.nrSlotsAcquire() != nr) {
                    continue;
                }
                n = next;
                s = 0;
                o = 0;
            }
        }
        filled = total;
        return cnt;
    }

    private long filled;

    @Override
    public long filled() {
        return filled;
    }

    /** Moves forward {@code n} bytes (the caller knows they are there). */
    @Override
    public void advance(long n) {
        move(n, SKIP, null, 0);
    }

    /**
     * Copies {@code n} bytes from the cursor into {@code dst} at {@code dstOff} and moves past them.
     * Works for heap and native regions alike.
     */
    void copyTo(MemorySegment dst, long dstOff, long n) {
        move(n, OUT, dst, dstOff);
    }

    /** Copies {@code n} bytes from {@code src} at {@code srcOff} into the regions at the cursor and moves past them. */
    void copyFrom(MemorySegment src, long srcOff, long n) {
        move(n, IN, src, srcOff);
    }

    private static final int SKIP = 0;
    private static final int OUT = 1;
    private static final int IN = 2;

    /** The one forward walk: moves {@code n} bytes (the caller measured them), copying out or in on the way. */
    private void move(long n, int mode, MemorySegment other, long otherOff) {
        long left = n;
        long o = otherOff;
        while (left > 0) {
            int nr = node.nrSlotsAcquire();
            if (slot >= nr) {
                Bvecq next = node.nextAcquire();
                if (node.nrSlotsAcquire() != nr) { // re-check: slots added before the link come first
                    continue;
                }
                node = next;
                slot = 0;
                off = 0;
                continue;
            }
            long len = node.length(slot) - off;
            if (len <= 0) {
                slot++;
                off = 0;
                continue;
            }
            long take = Math.min(len, left);
            if (mode == OUT) {
                MemorySegment.copy(node.segment(slot), node.offset(slot) + off, other, o, take);
            } else if (mode == IN) {
                MemorySegment.copy(other, o, node.segment(slot), node.offset(slot) + off, take);
            }
            o += take;
            left -= take;
            if (take < len) {
                off += take;
            } else {
                slot++;
                off = 0;
            }
        }
    }
}
