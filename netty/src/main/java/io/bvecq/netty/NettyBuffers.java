package io.bvecq.netty;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Zero-copy conversions between bvecq chains and Netty {@code ByteBuf}s.
 *
 * <pre>
 *   chain  [node: a b c] -&gt; [node: d]          asByteBuf(head): CompositeByteBuf{a, b, c, d}, read-only,
 *                                                 holds one reference on head until its refCnt is 0
 *   ByteBuf {x, y}  --append(tail, buf)--&gt;      [.. tail] -&gt; [UNPIN node: x y], each slot holds one
 *                                                 of buf's references until the node is disposed
 * </pre>
 *
 * <p>Threads: the methods may be called from any thread; the chain's and Netty's own thread rules apply to
 * what they return. Neither method copies bytes.
 */
public final class NettyBuffers {
    /** The largest region one component views: a {@code ByteBuffer} holds at most 2 GiB - 1 bytes. */
    static final long MAX_COMPONENT = 1L << 30;

    private NettyBuffers() {
    }

    /**
     * Views the bytes of a chain, from {@code head} to its end as published now, as a read-only Netty
     * {@code ByteBuf}, without copying: one component per non-empty region (regions over 1 GiB are viewed in
     * pieces). The buffer takes its own reference on {@code head} and drops it exactly once, when the
     * buffer's reference count reaches 0 ({@code release()}); until then the chain's memory stays valid.
     * After that, any access to the buffer throws Netty's {@code IllegalReferenceCountException}. Writes
     * through the buffer throw {@link java.nio.ReadOnlyBufferException}; writes to the chain's memory by
     * other means are seen by the buffer.
     *
     * @param head the first node; the caller keeps its own reference
     * @return a new read-only buffer with {@code refCnt() == 1}, reader index 0, and the chain's bytes readable;
     *     the caller owns that reference
     * @throws NullPointerException if {@code head} is null
     * @throws BvecqReleasedException if {@code head} was released
     * @throws IllegalArgumentException if the chain holds more than {@code Integer.MAX_VALUE} bytes (no
     *     reference is taken)
     * @throws UnsupportedOperationException if a region is a heap segment backed by an array other than
     *     {@code byte[]}, which no {@code ByteBuffer} can view (no reference is taken)
     */
    public static ByteBuf asByteBuf(Bvecq head) {
        Objects.requireNonNull(head, "head");
        List<ByteBuf> components = new ArrayList<>();
        long total = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0, nr = n.nrSlotsAcquire(); s < nr; s++) {
                long len = n.length(s);
                if (len == 0) {
                    continue;
                }
                total += len;
                if (total > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("chain: more than " + Integer.MAX_VALUE
                            + " bytes from " + head + " (expected: at most Integer.MAX_VALUE, a ByteBuf's limit)");
                }
                MemorySegment seg = n.segment(s);
                checkViewable(seg);
                long off = n.offset(s);
                for (long done = 0; done < len; ) {
                    long t = Math.min(len - done, MAX_COMPONENT);
                    components.add(Unpooled.wrappedBuffer(seg.asSlice(off + done, t).asByteBuffer()));
                    done += t;
                }
            }
        }
        head.retain(); // the view's own reference: taken last, so a rejected call takes none
        boolean success = false;
        try {
            ByteBuf view = new ChainByteBuf(head, components).asReadOnly();
            success = true;
            return view;
        } finally {
            if (!success) {
                head.release();
            }
        }
    }

    /**
     * Appends the readable bytes of a Netty {@code ByteBuf} to the chain ending at {@code tail}, without
     * copying: one region per NIO buffer of its readable range ({@code nioBuffers()}), of kind
     * {@link Disposal#UNPIN}, into {@code tail} while it has free slots of that kind, else into new nodes (as
     * {@link BvecqBuffers#appendRegion}). The caller's reference on {@code buf} passes to the chain: with
     * {@code k} regions, {@code buf} is retained {@code k - 1} more times, each region holds one reference,
     * and each region's disposal releases one, so {@code buf} is released exactly as often as it was
     * retained, when the last node holding its regions is disposed. The buffer's indexes are not moved; its
     * readable bytes must not be changed while the chain describes them. A buffer with nothing readable is
     * released at once.
     *
     * @param tail the last node of a chain, whose kind or successor takes {@code UNPIN} regions
     * @param buf the buffer; the caller's reference is transferred (unless this method throws before
     *     appending)
     * @return the chain's new tail (the node holding the last region), or {@code tail} if nothing was readable
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code buf} was released ({@code refCnt() == 0}) or {@code tail} is
     *     not the last node of its chain (nothing appended; {@code buf} untouched)
     * @throws UnsupportedOperationException if {@code buf} exposes memory no segment can describe (nothing
     *     appended; {@code buf} untouched)
     * @throws BvecqReleasedException if {@code tail} was released (nothing appended; {@code buf} untouched)
     */
    public static Bvecq append(Bvecq tail, ByteBuf buf) {
        Objects.requireNonNull(tail, "tail");
        Objects.requireNonNull(buf, "buf");
        if (buf.refCnt() == 0) {
            throw new IllegalArgumentException("buf: " + buf + " was released (expected: refCnt >= 1)");
        }
        if (tail.nextAcquire() != null) { // also checks that tail is live
            throw new IllegalArgumentException("tail: " + tail + " (expected: the last node of its chain)");
        }
        int readable = buf.readableBytes();
        if (readable == 0) {
            buf.release();
            return tail;
        }
        ByteBuffer[] parts = buf.nioBuffers(buf.readerIndex(), readable);
        List<MemorySegment> regions = new ArrayList<>(parts.length);
        for (ByteBuffer p : parts) {
            if (p.hasRemaining()) {
                regions.add(MemorySegment.ofBuffer(p));
            }
        }
        int k = regions.size();
        if (k > 1) {
            buf.retain(k - 1); // one reference per region
        }
        ByteBufOwner owner = new ByteBufOwner(buf);
        Bvecq t = tail;
        int handed = 0;
        try {
            for (MemorySegment r : regions) {
                t = BvecqBuffers.appendRegion(t, Disposal.UNPIN, r, 0, r.byteSize(), owner);
                handed++;
            }
        } finally {
            if (handed < k) {
                buf.release(k - handed); // the references no region took
            }
        }
        return t;
    }

    /** Rejects a heap segment backed by an array other than byte[]: no ByteBuffer can view it. */
    private static void checkViewable(MemorySegment seg) {
        if (!seg.isNative() && seg.heapBase().map(b -> !(b instanceof byte[])).orElse(false)) {
            throw new UnsupportedOperationException("segment " + seg + " is backed by a "
                    + seg.heapBase().get().getClass().getSimpleName()
                    + " (expected: native memory or a byte[] for a ByteBuffer view)");
        }
    }
}
