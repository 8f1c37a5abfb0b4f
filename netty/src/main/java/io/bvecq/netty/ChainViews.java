package io.bvecq.netty;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A chain, or a range of it, seen as a read-only Netty {@link ByteBuf} without copying: for handing bytes
 * described by a {@link Bvecq} chain to Netty code (a channel pipeline, a codec, a {@code ByteBuf} API).
 *
 * <pre>
 *   chain:  [s0: 4 KiB][s1: empty][s2: 1 B] -&gt; [s0: 4 KiB] ...
 *              |                      |           |
 *   view:   [component 0]        [component 1] [component 2]   (a read-only composite ByteBuf)
 * </pre>
 *
 * <h2>What the view is</h2>
 * The view is a composite of one component per region of the range (a region over 1 GiB is split, an empty
 * slot gives none), each a read-only {@link ByteBuffer} view of the slot's memory wrapped by
 * {@link Unpooled#wrappedBuffer(ByteBuffer)}: direct buffers for native memory, heap buffers for heap
 * segments. Its readable bytes are the range, {@code readerIndex() == 0}, {@code writerIndex() == capacity()};
 * the byte order is big-endian, as for any {@code ByteBuf}. {@link ByteBuf#nioBuffers()} gives the regions
 * again as read-only {@code ByteBuffer}s for a gathering write. The range is fixed when the view is made:
 * slots a producer appends to the chain afterwards are not part of it.
 *
 * <h2>Read only</h2>
 * {@link ByteBuf#isReadOnly()} is {@code true}. Every write through the view ({@code setXxx},
 * {@code writeXxx}, {@code discardReadBytes}, growing the capacity) throws
 * {@link java.nio.ReadOnlyBufferException}; the components themselves are read-only too, so no path through
 * the view writes into the chain's memory.
 *
 * <h2>Lifetime</h2>
 * The view holds one reference of its own on the node where the range starts (which keeps that node and
 * every node after it alive, see {@link Bvecq}). It is taken when the view is made and dropped exactly once,
 * when the view's Netty reference count falls to 0: the view starts with {@code refCnt() == 1}, the
 * caller owns that count, and {@link ByteBuf#retain()} / {@link ByteBuf#release()} (and the derived
 * buffers that share the count, such as {@code retainedSlice()}) move it as for any {@code ByteBuf}.
 * So the caller may release its own chain reference as soon as the view is made: the memory stays valid
 * until the view is released. After that, every access to the view throws Netty's
 * {@link io.netty.util.IllegalReferenceCountException}, as for any released {@code ByteBuf}. A view that
 * is garbage-collected without release keeps the chain's reference, and bvecq's {@link io.bvecq.LeakDetector}
 * reports the node as leaked (Netty's own leak detector does not track these views). The one thing the
 * reference cannot prevent is closing the {@link io.bvecq.BufferPool} the chain's chunks come from: reads
 * through the view then throw {@link IllegalStateException} from the FFM runtime, never return garbage.
 *
 * <h2>Threads</h2>
 * Making a view reads the chain as any reader does: from any thread that holds a reference on
 * {@code node}, while a producer may still be appending after the range. The view follows Netty's rules:
 * its reference count may be moved from any thread; its reader index is not synchronised, so one thread
 * at a time reads it (or each thread reads a {@code duplicate()}). The chain's memory must not be written
 * while the view is read, as for any shared region.
 */
public final class ChainViews {
    private ChainViews() {
    }

    /**
     * Views every byte of a chain, from slot 0 of {@code head} to the end of the chain as published now.
     *
     * @param head a live node; the caller holds a reference on it, and keeps it (the view takes its own)
     * @return a read-only view of {@code BvecqBuffers.totalBytes(head)} bytes with {@code refCnt() == 1},
     *     owned by the caller
     * @throws NullPointerException if {@code head} is null
     * @throws IllegalArgumentException if the chain holds more than {@link Integer#MAX_VALUE} bytes (the
     *     largest {@code ByteBuf}); nothing is taken
     * @throws UnsupportedOperationException if a region is a heap segment backed by an array other than
     *     {@code byte[]}, which no {@code ByteBuffer} can view; nothing is taken
     * @throws BvecqReleasedException if a node of the chain was released
     */
    public static ByteBuf view(Bvecq head) {
        Objects.requireNonNull(head, "head");
        return view(head, 0, 0, BvecqBuffers.totalBytes(head));
    }

    /**
     * Views {@code length} bytes of a chain from a position. The position is not changed.
     *
     * @param from a set position; the caller keeps its reference
     * @param length {@code 0 <= length <= Integer.MAX_VALUE}, and at most the bytes published after
     *     {@code from}
     * @return a read-only view of {@code length} bytes with {@code refCnt() == 1}, owned by the caller
     * @throws NullPointerException if {@code from} is null
     * @throws IllegalArgumentException if {@code from} is unset, or {@code length} is negative or over
     *     {@link Integer#MAX_VALUE}; nothing is taken
     * @throws IndexOutOfBoundsException if {@code length} runs past the end of the chain; nothing is taken
     * @throws UnsupportedOperationException if a region in the range is a heap segment backed by an array
     *     other than {@code byte[]}; nothing is taken
     * @throws BvecqReleasedException if the position's node was released
     */
    public static ByteBuf view(BvecqPos from, long length) {
        Objects.requireNonNull(from, "from");
        if (!from.isSet()) {
            throw new IllegalArgumentException("from: " + from + " (expected: a set position)");
        }
        return view(from.node(), from.slot(), from.offset(), length);
    }

    /**
     * Views {@code length} bytes of a chain from byte {@code offset} of slot {@code slot} of {@code node}.
     * The view takes its own reference on {@code node}, dropped when the view's reference count falls to 0
     * (see the class doc).
     *
     * @param node a live node; the caller holds a reference on it, and keeps it
     * @param slot {@code 0 <= slot <= node.nrSlotsAcquire()}
     * @param offset {@code 0 <= offset <= node.length(slot)}; 0 when {@code slot == nrSlots}
     * @param length {@code 0 <= length <= Integer.MAX_VALUE}, and at most the bytes published from the
     *     start of the range to the end of the chain
     * @return a read-only view of {@code length} bytes with {@code refCnt() == 1}, owned by the caller
     * @throws NullPointerException if {@code node} is null
     * @throws IllegalArgumentException if {@code length} is negative or over {@link Integer#MAX_VALUE} (the
     *     largest {@code ByteBuf}); nothing is taken
     * @throws IndexOutOfBoundsException if {@code slot}, {@code offset} or {@code length} is out of range;
     *     nothing is taken
     * @throws UnsupportedOperationException if a region in the range is a heap segment backed by an array
     *     other than {@code byte[]}; nothing is taken
     * @throws BvecqReleasedException if {@code node} was released
     */
    public static ByteBuf view(Bvecq node, int slot, long offset, long length) {
        Objects.requireNonNull(node, "node");
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0 <= length <= "
                    + Integer.MAX_VALUE + ", the largest ByteBuf)");
        }
        ByteBuffer[] regions;
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, node, slot, offset, length)) {
            regions = it.byteBuffers(0, length); // read-only views: SOURCE direction
        }
        ByteBuf[] components = new ByteBuf[regions.length];
        int n = 0;
        boolean direct = true;
        for (ByteBuffer r : regions) {
            if (r.hasRemaining()) {
                components[n++] = Unpooled.wrappedBuffer(r);
                direct &= r.isDirect();
            }
        }
        node.retain(); // the view's reference; dropped once by ChainComposite.deallocate()
        boolean success = false;
        try {
            ByteBuf view = new ChainComposite(node, direct, components, n).asReadOnly();
            success = true;
            return view;
        } finally {
            if (!success) {
                node.release();
            }
        }
    }
}
