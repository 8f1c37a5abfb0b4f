package io.bvecq.iter;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.bvecq.PoolChunk;
import io.bvecq.PoolExhaustedException;
import io.bvecq.RollingBuffer;
import io.bvecq.internal.ChainBuilder;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * Moves chains to and from NIO channels: gathering writes of a chain (or a range of it) to any
 * {@link GatheringByteChannel}, and scattering reads from any {@link ScatteringByteChannel} into pooled
 * chunks appended to a chain.
 *
 * <h2>Writes</h2>
 * A write is carved into calls of at most {@link #IOV_MAX} regions and {@link #MAX_CALL_BYTES} bytes
 * ({@link IoIter#extract}, the region-list form of {@code bvecq_slice()}), so no call exceeds the kernel's
 * {@code writev} vector limit. A partial write is continued from the first buffer with bytes left. A call
 * that writes 0 bytes ends the write: a non-blocking channel whose send buffer is full returns 0, and the
 * write then returns what was written so far, with the source left just past it, so the caller can
 * register for {@code OP_WRITE} and call again with the same source.
 *
 * <h2>Reads</h2>
 * A read takes up to {@code maxChunks} chunks from a pool, reads into them with one scattering call, and
 * appends the filled part of each chunk with data (kind {@link Disposal#FREE}, the chunk as owner: the
 * chain's disposal returns it to the pool); chunks left empty go back at once. The last chunk may be
 * partly filled; its unused end is not reused.
 *
 * <h2>Allocation</h2>
 * The region list and the {@code ByteBuffer[]} and {@code PoolChunk[]} arrays are allocated once per
 * {@code Channels} object and reused. The JDK's channels take {@code ByteBuffer}s: a write keeps, for each
 * place in a call's region list, the view it last made of a whole segment, and reuses it (moving its
 * position and limit) when the region at that place is in the same segment object, so writing the same
 * chain again, or chains over the same pooled chunks in the same order, allocates nothing; any other region
 * allocates one view (segments over 2 GiB: a slice and a view). The cache holds at most {@link #IOV_MAX}
 * segment references until they are replaced. Each chunk read into allocates one view, and reads allocate
 * nodes as the chain grows. Nothing else is allocated per call by this class; the write methods that take a
 * chain or a position make one iterator per call.
 *
 * <p>The JDK's own channels allocate too: a {@code FileChannel} or {@code SocketChannel} gathering call
 * allocates about 40 bytes per buffer that views a {@link MemorySegment} (a record per buffer that releases
 * the segment's memory session after the call, in {@code sun.nio.ch.IOUtil}), and every buffer over pool or
 * arena memory views one. So writing 256 regions costs about 10 KB per call, in the JDK
 * ({@code ChannelBench}; Netty's {@code nioBuffers()} loop, 27 KB). That hold on the session is what stops a
 * pool closed during the call from freeing memory the kernel is reading, so this class keeps it. Only buffers
 * over memory that no segment owns ({@code ByteBuffer.allocateDirect}) escape the cost, and such memory is
 * freed by the garbage collector, not when its pool closes. {@code io.bvecq.io.IoFile} writes chains with its
 * own system calls, through no {@code ByteBuffer}, so the cost does not arise there.
 *
 * <p>Threads: a {@code Channels} object is scratch state for one thread at a time; use one per thread.
 * The channel's own thread rules apply.
 */
public final class Channels {
    /** The most regions one gathering or scattering call passes: Linux's {@code IOV_MAX}, 1024. */
    public static final int IOV_MAX = 1024;
    /** The most bytes one gathering call passes: 1 GiB, below Linux's per-call limit of 2 GiB - 4 KiB. */
    public static final long MAX_CALL_BYTES = 1L << 30;

    private final Regions regions = new Regions(IOV_MAX);
    private final ByteBuffer[] views = new ByteBuffer[IOV_MAX];
    // writes: the segment last viewed at each place of a call's region list, and that whole-segment view
    private final MemorySegment[] viewedSegments = new MemorySegment[IOV_MAX];
    private final ByteBuffer[] segmentViews = new ByteBuffer[IOV_MAX];
    private final PoolChunk[] chunks = new PoolChunk[IOV_MAX];

    /** Creates the reusable scratch state for one thread's channel transfers. */
    public Channels() {
    }

    /**
     * Writes the iterator's bytes ({@link IoIter#count()}) to a channel and moves the iterator past the bytes
     * written. Each channel call passes at most {@link #IOV_MAX} buffers; partial writes are continued.
     *
     * @param ch the channel, open
     * @param src an open iterator with memory (not {@link IterType#DISCARD}), in either direction
     * @return the bytes written, {@code 0 <= result <= count()} at entry; less than the count only if the
     *     channel took 0 bytes in a call (a non-blocking channel that is full)
     * @throws NullPointerException if an argument is null
     * @throws UnsupportedOperationException if {@code src} is DISCARD, or a region is a heap segment backed
     *     by an array other than {@code byte[]} (nothing of that call is written)
     * @throws IllegalStateException if {@code src} is closed
     * @throws BvecqReleasedException if the iterator's chain was released under it
     * @throws IOException from the channel; the iterator is left just past the bytes written before it
     */
    public long write(GatheringByteChannel ch, IoIter src) throws IOException {
        Objects.requireNonNull(ch, "ch");
        Objects.requireNonNull(src, "src");
        long total = 0;
        try {
            while (src.count() > 0) {
                long want = src.extract(MAX_CALL_BYTES, IOV_MAX, regions); // moves src past the batch
                int n = regions.size();
                if (want == 0) {
                    break;
                }
                long done = 0;
                try {
                    for (int i = 0; i < n; i++) {
                        MemorySegment seg = regions.segment(i);
                        Views.checkViewable(seg);
                        views[i] = view(i, seg, regions.offset(i), regions.length(i));
                    }
                    int first = 0;
                    while (done < want) {
                        long w = ch.write(views, first, n - first);
                        if (w <= 0) {
                            break; // the channel takes nothing now (non-blocking and full)
                        }
                        done += w;
                        while (first < n && !views[first].hasRemaining()) {
                            first++;
                        }
                    }
                } finally {
                    if (done < want) {
                        src.revert(want - done); // leave src just past what the channel took, also on failure
                    }
                    total += done;
                    Arrays.fill(views, 0, n, null); // no view outlives the call
                }
                if (done < want) {
                    break;
                }
            }
        } finally {
            regions.clear();
        }
        return total;
    }

    /**
     * Writes {@code n} bytes of a chain from a position to a channel, and moves the position past the bytes
     * written. See {@link #write(GatheringByteChannel, IoIter)}.
     *
     * @param ch the channel, open
     * @param from a set position; moved forward by the result
     * @param n the bytes to write, {@code 0 <= n <= from.remaining()}
     * @return the bytes written, {@code 0 <= result <= n}; less only if the channel took 0 bytes in a call
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code from} is unset
     * @throws IndexOutOfBoundsException if {@code n} is out of range (nothing is written)
     * @throws UnsupportedOperationException if a region is a heap segment backed by an array other than
     *     {@code byte[]}
     * @throws BvecqReleasedException if {@code from} was closed or its chain released
     * @throws IOException from the channel; the position is then left just past the bytes written before it
     */
    public long write(GatheringByteChannel ch, BvecqPos from, long n) throws IOException {
        Objects.requireNonNull(ch, "ch");
        Objects.requireNonNull(from, "from");
        if (from.isClosed()) {
            throw new BvecqReleasedException("BvecqPos used after close: Channels.write");
        }
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, from, n)) {
            try {
                return write(ch, it);
            } finally {
                from.advance(it.consumed()); // what the channel took, also when it failed later
            }
        }
    }

    /**
     * Writes every byte of a chain, from {@code head} to its end as published now, to a channel.
     *
     * @param ch the channel, open
     * @param head the first node to write; the caller keeps its reference
     * @return the bytes written; less than the chain's bytes only if the channel took 0 bytes in a call
     * @throws NullPointerException if an argument is null
     * @throws UnsupportedOperationException if a region is a heap segment backed by an array other than
     *     {@code byte[]}
     * @throws BvecqReleasedException if {@code head} was released
     * @throws IOException from the channel
     */
    public long write(GatheringByteChannel ch, Bvecq head) throws IOException {
        Objects.requireNonNull(ch, "ch");
        Objects.requireNonNull(head, "head");
        try (BvecqPos p = BvecqPos.at(head); IoIter it = IoIter.bvecq(Direction.SOURCE, p)) {
            return write(ch, it);
        }
    }

    /**
     * Reads from a channel into up to {@code maxChunks} chunks of {@code pool} with one scattering call, and
     * appends the bytes read to a rolling buffer, one region per chunk with data. Producer only (of
     * {@code into}).
     *
     * @param ch the channel, open
     * @param into a rolling buffer whose kind takes an owner (any kind but {@link Disposal#NONE})
     * @param pool the pool the chunks come from
     * @param maxChunks the most chunks to read into, {@code 1 <= maxChunks <= IOV_MAX}
     * @return the bytes read and appended, {@code >= 0} (0 if a non-blocking channel had nothing), or -1 at
     *     the end of the stream (nothing appended)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxChunks} is out of range or {@code into}'s kind takes no
     *     owner (nothing is read)
     * @throws PoolExhaustedException if the pool cannot hand out {@code maxChunks} chunks (nothing is read)
     * @throws IllegalStateException if {@code into} was finished (nothing is read)
     * @throws BvecqReleasedException if {@code into} or the pool was closed
     * @throws IOException from the channel (nothing is appended; the chunks go back)
     */
    public long read(ScatteringByteChannel ch, RollingBuffer into, BufferPool pool, int maxChunks) throws IOException {
        Objects.requireNonNull(ch, "ch");
        Objects.requireNonNull(into, "into");
        checkKind(into.kind());
        if (into.isFinished()) {
            throw new IllegalStateException("RollingBuffer finished: Channels.read refused (expected: an unfinished buffer)");
        }
        int k = fill(pool, maxChunks);
        try {
            long r = ch.read(views, 0, k);
            for (int i = 0; i < k && r > 0; i++) {
                int len = views[i].position();
                if (len == 0) {
                    break;
                }
                into.append(chunks[i].segment(), 0, len, chunks[i]);
                chunks[i] = null; // the buffer owns it now
            }
            return r;
        } finally {
            drop(k);
        }
    }

    /**
     * Reads from a channel into up to {@code maxChunks} chunks of {@code pool} with one scattering call, and
     * appends the bytes read after {@code tail}, one region per chunk with data (into {@code tail} while it
     * has free slots and is of kind {@link Disposal#FREE}, else into new nodes linked after it). Find the
     * new tail with {@link io.bvecq.BvecqBuffers#tail(Bvecq)}. Producer only (of the chain).
     *
     * @param ch the channel, open
     * @param tail the last node of a chain
     * @param pool the pool the chunks come from
     * @param maxChunks the most chunks to read into, {@code 1 <= maxChunks <= IOV_MAX}
     * @return the bytes read and appended, {@code >= 0} (0 if a non-blocking channel had nothing), or -1 at
     *     the end of the stream (nothing appended)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxChunks} is out of range or {@code tail} has a successor
     *     (nothing is read)
     * @throws PoolExhaustedException if the pool cannot hand out {@code maxChunks} chunks (nothing is read)
     * @throws BvecqReleasedException if {@code tail} was released or the pool closed
     * @throws IOException from the channel (nothing is appended; the chunks go back)
     */
    public long read(ScatteringByteChannel ch, Bvecq tail, BufferPool pool, int maxChunks) throws IOException {
        Objects.requireNonNull(ch, "ch");
        Objects.requireNonNull(tail, "tail");
        if (tail.nextAcquire() != null) { // also checks tail is live
            throw new IllegalArgumentException("tail: " + tail + " (expected: the last node of its chain)");
        }
        int k = fill(pool, maxChunks);
        try {
            long r = ch.read(views, 0, k);
            ChainBuilder b = r > 0 ? ChainBuilder.after(tail, Bvecq.DEFAULT_SLOTS) : null;
            for (int i = 0; i < k && r > 0; i++) {
                int len = views[i].position();
                if (len == 0) {
                    break;
                }
                b.add(Disposal.FREE, chunks[i].segment(), 0, len, chunks[i]);
                chunks[i] = null; // the chain owns it now
            }
            return r;
        } finally {
            drop(k);
        }
    }

    /**
     * A buffer over {@code seg[off, off + len)} for place {@code i} of a call: the view cached at that place
     * if it views the same segment object, else a new view of the whole segment, cached there. Two places
     * never share a view, so one call's buffers are distinct objects.
     */
    private ByteBuffer view(int i, MemorySegment seg, long off, long len) {
        if (seg.byteSize() > Integer.MAX_VALUE) {
            return seg.asSlice(off, len).asByteBuffer(); // no ByteBuffer views it whole
        }
        ByteBuffer v = segmentViews[i];
        if (viewedSegments[i] != seg) {
            v = seg.asByteBuffer();
            viewedSegments[i] = seg;
            segmentViews[i] = v;
        }
        // limit first: then the position is within it whatever the previous values were
        return v.limit((int) (off + len)).position((int) off);
    }

    private static void checkKind(Disposal kind) {
        if (!kind.needsOwner()) {
            throw new IllegalArgumentException("into: a RollingBuffer of kind " + kind
                    + " (expected: a kind that takes an owner, not NONE)");
        }
    }

    /** Takes {@code maxChunks} chunks and views them; on failure returns those taken and rethrows. */
    private int fill(BufferPool pool, int maxChunks) {
        Objects.requireNonNull(pool, "pool");
        if (maxChunks < 1 || maxChunks > IOV_MAX) {
            throw new IllegalArgumentException("maxChunks: " + maxChunks + " (expected: 1 <= maxChunks <= " + IOV_MAX + ")");
        }
        int k = 0;
        boolean success = false;
        try {
            for (; k < maxChunks; k++) {
                chunks[k] = pool.take();
                views[k] = chunks[k].segment().asByteBuffer();
            }
            success = true;
            return k;
        } finally {
            if (!success) {
                drop(k + 1);
            }
        }
    }

    /** Returns the chunks not handed to a chain and clears the scratch arrays. */
    private void drop(int k) {
        for (int i = 0; i < k; i++) {
            PoolChunk c = chunks[i];
            chunks[i] = null;
            views[i] = null;
            if (c != null) {
                c.release();
            }
        }
    }
}
