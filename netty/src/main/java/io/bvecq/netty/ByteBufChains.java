package io.bvecq.netty;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.bvecq.PoolChunk;
import io.bvecq.PoolExhaustedException;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A Netty {@link ByteBuf} put into a {@link Bvecq} chain, holding the {@code ByteBuf}'s reference count until
 * the chain's slots are disposed: for handing bytes that arrived through Netty to the bvecq I/O paths.
 *
 * <pre>
 *   ByteBuf (readable bytes)  nioBuffers():  [direct 8 KiB] [heap 100 B] [direct 2 KiB]
 *                                                  |              |             |
 *   new nodes:               [UNPIN: s0 ──────────]  [FREE: s0 = copy in a pool chunk]  [UNPIN: s0]
 * </pre>
 *
 * <h2>Which memory is referenced and which is copied</h2>
 * The readable bytes ({@code readerIndex()} to {@code writerIndex()}) are taken as the buffer's
 * {@link ByteBuf#nioBuffers()}, in order. A <b>direct</b> piece is referenced zero-copy
 * ({@link MemorySegment#ofBuffer}) in a slot of kind {@link Disposal#UNPIN} (the {@code ByteBuf}'s reference
 * count plays the part of the pin). A <b>heap</b> piece is copied into chunks of the given
 * {@link BufferPool}, in slots of kind {@link Disposal#FREE} with the chunk as owner: the same rule as
 * {@link io.bvecq.ChainBuffer#writeOwned} and the extractor follow, since heap memory has no address the
 * I/O paths can hand to the kernel and the collector may move it. Empty pieces give no slot. A direct piece
 * of a read-only {@code ByteBuf} becomes a read-only slot (writes into the chain there are refused).
 *
 * <h2>Reference counts</h2>
 * The call takes over the caller's reference on the {@code ByteBuf} (as Netty's own consumers, such as
 * {@code CompositeByteBuf.addComponent(true, buf)}, do) and turns it into one reference per zero-copy
 * slot: every such slot's owner calls {@link ByteBuf#release()} exactly once, when its node is disposed.
 * With no zero-copy slot (all heap, or no readable bytes) the reference is released before the call
 * returns. The {@code ByteBuf}'s memory is therefore valid for as long as any node describing it lives, and
 * the chain never reads memory Netty has freed. The caller must not release its reference again, and
 * must not write the readable bytes while the chain may be read.
 *
 * <h2>Errors</h2>
 * Every failure leaves everything as it was: the chain unchanged, the caller's reference still the
 * caller's, every pool chunk back in the pool.
 *
 * <h2>Threads</h2>
 * The calls are producer operations on the chain ({@link Bvecq#linkNext}): one producer thread at a time.
 * The {@code ByteBuf}'s reference count may be released later on whichever thread disposes the nodes,
 * which Netty allows.
 */
public final class ByteBufChains {
    private ByteBufChains() {
    }

    /**
     * Makes a new chain of the readable bytes of {@code buf}, taking over the caller's reference on it (see
     * the class doc).
     *
     * @param buf a buffer with {@code refCnt() > 0}; its indexes are not changed
     * @param pool where copies of heap pieces go; may be {@code null} if {@code buf} has no heap pieces
     * @return a new chain of {@code buf.readableBytes()} bytes, the caller owning its one reference; a single
     *     empty node (kind {@link Disposal#UNPIN}, no slots) if {@code buf} has no readable bytes
     * @throws NullPointerException if {@code buf} is null, or {@code pool} is null and {@code buf} has heap
     *     pieces (nothing changed, the reference is still the caller's)
     * @throws IllegalReferenceCountException if {@code buf} was released
     * @throws PoolExhaustedException if the pool runs out while heap pieces are copied (nothing changed)
     * @throws BvecqReleasedException if {@code pool} was closed (nothing changed)
     */
    public static Bvecq wrap(ByteBuf buf, BufferPool pool) {
        Objects.requireNonNull(buf, "buf");
        ByteBuffer[] pieces = pieces(buf, pool);
        Bvecq head = build(buf, pieces, pool, 0);
        return head != null ? head : Bvecq.allocOne(1, Disposal.UNPIN);
    }

    /**
     * Appends the readable bytes of {@code buf} after {@code tail}, taking over the caller's reference on it
     * (see the class doc). The bytes go into new nodes linked after {@code tail} (free slots of {@code tail}
     * are not used), whose {@link Bvecq#fpos()} follows on from {@code tail}'s. Producer only.
     *
     * @param tail the last node of a chain, live
     * @param buf a buffer with {@code refCnt() > 0}; its indexes are not changed
     * @param pool where copies of heap pieces go; may be {@code null} if {@code buf} has no heap pieces
     * @return the chain's new last node; {@code tail} itself if {@code buf} had no readable bytes
     * @throws NullPointerException if {@code tail} or {@code buf} is null, or {@code pool} is null and
     *     {@code buf} has heap pieces (nothing changed)
     * @throws IllegalArgumentException if {@code tail} is followed by another node (nothing changed)
     * @throws IllegalReferenceCountException if {@code buf} was released
     * @throws PoolExhaustedException if the pool runs out while heap pieces are copied (nothing changed)
     * @throws BvecqReleasedException if {@code tail} was released or {@code pool} closed (nothing changed)
     */
    public static Bvecq append(Bvecq tail, ByteBuf buf, BufferPool pool) {
        Objects.requireNonNull(tail, "tail");
        Objects.requireNonNull(buf, "buf");
        if (tail.nextAcquire() != null) { // also checks that tail is live
            throw new IllegalArgumentException("tail: " + tail + " (expected: the last node of its chain; it is followed by "
                    + tail.nextAcquire() + ")");
        }
        ByteBuffer[] pieces = pieces(buf, pool);
        Bvecq head = build(buf, pieces, pool, tail.fpos() + tail.bytes());
        if (head == null) {
            return tail;
        }
        Bvecq last = BvecqBuffers.tail(head);
        tail.linkNext(head); // the new nodes' reference passes to the link
        return last;
    }

    /** The readable pieces of {@code buf}; checks that a pool is there if any piece must be copied. */
    private static ByteBuffer[] pieces(ByteBuf buf, BufferPool pool) {
        if (buf.refCnt() == 0) {
            throw new IllegalReferenceCountException(0);
        }
        ByteBuffer[] pieces = buf.nioBuffers();
        if (pool == null) {
            for (ByteBuffer p : pieces) {
                if (p.hasRemaining() && !p.isDirect()) {
                    throw new NullPointerException("pool: null (expected: a pool for the heap pieces of " + buf + ")");
                }
            }
        }
        return pieces;
    }

    /**
     * Builds new nodes of {@code pieces} starting at file position {@code fpos}; on success the caller's
     * reference on {@code buf} has become one reference per zero-copy slot. Returns null (and releases the
     * caller's reference) if there are no bytes. On failure everything built is released and the caller's
     * reference is untouched.
     */
    private static Bvecq build(ByteBuf buf, ByteBuffer[] pieces, BufferPool pool, long fpos) {
        ByteBufOwner owner = new ByteBufOwner(buf);
        Bvecq head = null;
        Bvecq last = null;
        boolean success = false;
        try {
            for (ByteBuffer p : pieces) {
                if (!p.hasRemaining()) {
                    continue;
                }
                if (p.isDirect()) {
                    MemorySegment seg = MemorySegment.ofBuffer(p);
                    if (head == null) {
                        head = last = first(Disposal.UNPIN, fpos);
                    }
                    buf.retain(); // this slot's reference, released by owner.dispose
                    try {
                        last = BvecqBuffers.appendRegion(last, Disposal.UNPIN, seg, 0, seg.byteSize(), owner);
                    } catch (RuntimeException | Error e) {
                        buf.release();
                        throw e;
                    }
                } else {
                    MemorySegment src = MemorySegment.ofBuffer(p);
                    for (long done = 0; done < src.byteSize(); ) {
                        PoolChunk chunk = pool.take();
                        long t = Math.min(src.byteSize() - done, chunk.segment().byteSize());
                        try {
                            MemorySegment.copy(src, done, chunk.segment(), 0, t);
                            if (head == null) {
                                head = last = first(Disposal.FREE, fpos);
                            }
                            last = BvecqBuffers.appendRegion(last, Disposal.FREE, chunk.segment(), 0, t, chunk);
                        } catch (RuntimeException | Error e) {
                            chunk.release();
                            throw e;
                        }
                        done += t;
                    }
                }
            }
            success = true;
        } finally {
            if (!success && head != null) {
                head.release(); // each zero-copy slot releases its reference; the chunks go back
            }
        }
        buf.release(); // the caller's reference: the slots hold their own now
        return head;
    }

    /** A new empty node of {@code kind} at {@code fpos}, the head of what is built. */
    private static Bvecq first(Disposal kind, long fpos) {
        Bvecq n = Bvecq.allocOne(Bvecq.DEFAULT_SLOTS, kind);
        n.setFpos(fpos);
        return n;
    }
}
