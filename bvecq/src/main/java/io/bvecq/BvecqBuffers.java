package io.bvecq;

import io.bvecq.internal.ChainBuilder;
import io.bvecq.internal.SlotCursor;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Operations on whole chains used as buffers: allocation from a {@link BufferPool}, expansion,
 * shortening, appending regions and measuring.
 *
 * <p>Threads: every method here mutates the chain it is given and is for its producer only; those that
 * change existing slots ({@link #shortenBuffer}) only before the chain is shared with readers.
 */
public final class BvecqBuffers {
    /** The most chunks {@link #fill} takes from the pool at once. */
    private static final int TAKE_BATCH = 32;

    private BvecqBuffers() {
    }

    /**
     * Allocates a buffer of at least {@code size} bytes as a chain of {@link Disposal#FREE} nodes whose
     * slots are whole pool chunks, leaving the first {@code preSlots} slots of the first node empty for
     * protocol headers (fill them with {@link Bvecq#fillEmptySlot}). Node {@code fpos} values run on from 0.
     * The first node holds the pre-slots and up to 256 chunks ({@code ChainBuilder.GROWN_SLOTS}), and has at
     * least {@link Bvecq#DEFAULT_SLOTS} slots; each later node has as many slots as it has chunks to hold, up
     * to 256, so no node but the first carries an empty slot.
     *
     * @param pool where the memory comes from
     * @param size the bytes wanted, {@code >= 0}; capacity is rounded up to whole chunks
     * @param preSlots empty slots at the front, {@code 0 <= preSlots < Bvecq.MAX_SLOTS}
     * @return the head; the caller owns its reference. Releasing it returns every chunk to the pool.
     * @throws IllegalArgumentException if {@code size} or {@code preSlots} is out of range
     * @throws NullPointerException if {@code pool} is null
     * @throws PoolExhaustedException if the pool ran out; everything taken so far was given back
     * @implNote Port of {@code bvecq_alloc_buffer2()}.
     */
    public static Bvecq allocBuffer(BufferPool pool, long size, int preSlots) {
        Objects.requireNonNull(pool, "pool");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: size >= 0)");
        }
        if (preSlots < 0 || preSlots >= Bvecq.MAX_SLOTS) {
            throw new IllegalArgumentException("preSlots: " + preSlots + " (expected: 0 <= preSlots < " + Bvecq.MAX_SLOTS + ")");
        }
        long chunks = chunksFor(size, pool.chunkSize());
        int firstSlots = (int) Math.min(Bvecq.MAX_SLOTS,
                Math.max(Bvecq.DEFAULT_SLOTS, preSlots + Math.min(chunks, ChainBuilder.GROWN_SLOTS)));
        Bvecq head = Bvecq.allocOne(firstSlots, Disposal.FREE);
        boolean success = false;
        try {
            head.appendEmptySlots(preSlots);
            fill(head, pool, chunks);
            success = true;
            return head;
        } finally {
            if (!success) {
                head.release();
            }
        }
    }

    /** Whole chunks covering {@code bytes >= 0}; rounds up without the overflow of {@code (bytes + size - 1) / size}. */
    private static long chunksFor(long bytes, int chunkSize) {
        return bytes / chunkSize + (bytes % chunkSize == 0 ? 0 : 1);
    }

    /**
     * Appends {@code chunks} pool chunks after the tail of the chain at {@code head}: into the tail while it
     * has room, then into new nodes sized for what is left (at most {@link ChainBuilder#GROWN_SLOTS}), so a
     * buffer of known size never carries slots it does not fill. Chunks come from the pool in batches.
     */
    private static void fill(Bvecq head, BufferPool pool, long chunks) {
        PoolChunk[] batch = new PoolChunk[(int) Math.min(chunks, TAKE_BATCH)];
        Bvecq t = tail(head);
        long left = chunks;
        while (left > 0) {
            int k = pool.takeSome(batch, (int) Math.min(left, batch.length));
            int i = 0;
            try {
                for (; i < k; i++) {
                    PoolChunk c = batch[i];
                    MemorySegment seg = c.rawSegment(); // just taken: held by us, the pool open
                    int newNode = (int) Math.min(left, ChainBuilder.GROWN_SLOTS);
                    t = ChainBuilder.appendAfter(t, newNode, Disposal.FREE, seg, 0, seg.byteSize(), c);
                    batch[i] = null;
                    left--;
                }
            } finally {
                for (; i < k; i++) { // not in the chain: give them back here
                    batch[i].release();
                    batch[i] = null;
                }
            }
        }
    }

    /**
     * Grows a buffer until its capacity (the bytes of all its slots) is at least {@code newSize}, filling
     * the tail node and then new {@link Disposal#FREE} nodes with pool chunks. A tail of another kind is
     * never filled: a new node starts instead. A buffer already that large is left alone.
     *
     * @param head the buffer's head
     * @param pool where the memory comes from
     * @param newSize the capacity wanted, {@code >= 0}
     * @return the capacity afterwards, {@code >= newSize}
     * @throws IllegalArgumentException if {@code newSize < 0}
     * @throws NullPointerException if an argument is null
     * @throws PoolExhaustedException if the pool ran out; the buffer is restored to its old capacity
     * @throws BvecqReleasedException if the chain was released
     * @implNote Port of {@code bvecq_expand_buffer()}.
     */
    public static long expandBuffer(Bvecq head, BufferPool pool, long newSize) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(pool, "pool");
        if (newSize < 0) {
            throw new IllegalArgumentException("newSize: " + newSize + " (expected: newSize >= 0)");
        }
        long have = totalBytes(head);
        if (have >= newSize) {
            return have;
        }
        Bvecq oldTail = tail(head);
        int oldSlots = oldTail.nrSlotsAcquire();
        long chunks = chunksFor(newSize - have, pool.chunkSize());
        boolean success = false;
        try {
            fill(head, pool, chunks);
            success = true;
        } finally {
            if (!success) {
                Bvecq added = oldTail.unlinkNext();
                oldTail.dropSlotsFrom(oldSlots);
                if (added != null) {
                    added.release();
                }
            }
        }
        return have + chunks * pool.chunkSize();
    }

    /**
     * Shortens a buffer to exactly {@code size} bytes counted from slot {@code slot} of {@code node}: the
     * slot where the size runs out is trimmed, every later slot of that node is disposed of and dropped, and
     * every later node is unlinked and released. Slots before {@code slot} are not touched. Counting skips
     * empty slots; the cut comes right after the last byte kept, so empty slots after it are dropped, and
     * with {@code size == 0} every slot from {@code slot} on is dropped, including empty ones such as the
     * {@code preSlots} of {@link #allocBuffer} when {@code slot == 0} (pass {@code slot = preSlots} to keep them).
     *
     * @param node a node of the buffer
     * @param slot where counting starts, {@code 0 <= slot <= node.nrSlotsAcquire()}
     * @param size the bytes to keep, {@code 0 <= size <= } the bytes from {@code slot} to the end of the chain
     * @return the node that now ends the chain
     * @throws IllegalArgumentException if {@code size} is negative or more than the content (nothing changes)
     * @throws IndexOutOfBoundsException if {@code slot} is out of range (nothing changes)
     * @throws NullPointerException if {@code node} is null
     * @throws BvecqReleasedException if the node was released
     * @implNote Port of {@code bvecq_shorten_buffer()}.
     */
    public static Bvecq shortenBuffer(Bvecq node, int slot, long size) {
        Objects.requireNonNull(node, "node");
        node.checkLive("shortenBuffer");
        int nr = node.nrSlotsAcquire();
        if (slot < 0 || slot > nr) {
            throw new IndexOutOfBoundsException("slot: " + slot + " (expected: 0 <= slot <= " + nr + ") in " + node);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: size >= 0)");
        }
        // Find the cut without changing anything: the cursor stops right after the last byte kept.
        SlotCursor c = new SlotCursor().start(node, slot, 0);
        long content = c.skip(size);
        if (content < size) {
            throw new IllegalArgumentException("size: " + size + " (expected: 0 <= size <= " + content
                    + ", the content from slot " + slot + " of " + node + ")");
        }
        // Cut: slot s of n keeps its first `off` bytes (with off == 0, the cut is before slot s).
        Bvecq n = c.node();
        int s = c.slot();
        long off = c.offset();
        int keep = s;
        if (off > 0) {
            n.trimSlot(s, off);
            keep = s + 1;
        }
        Bvecq rest = n.unlinkNext();
        try {
            n.dropSlotsFrom(keep);
        } finally {
            // the detached rest is released even if a slot owner threw, or it would leak
            if (rest != null) {
                rest.release();
            }
        }
        return n;
    }

    /**
     * Appends a region to the chain ending at {@code tail}: into {@code tail} if it has a free slot and the
     * same disposal kind, else into a new node linked after it, whose {@code fpos} follows on from
     * {@code tail}'s bytes. The new node has twice {@code tail}'s slots, at least {@link Bvecq#DEFAULT_SLOTS}
     * and at most 256: a chain grown region by region crosses few nodes when it is long and wastes at most
     * as many slots as it uses when it is short.
     *
     * @param tail the last node of a chain
     * @param kind the region's disposal kind
     * @param segment the memory
     * @param offset the region's start, {@code 0 <= offset <= segment.byteSize()}
     * @param length the region's length, {@code 0 <= length <= segment.byteSize() - offset}
     * @param owner as for {@link Bvecq#appendSlot}: required unless {@code kind} is {@link Disposal#NONE}
     * @return the node the region went into: the chain's new tail
     * @throws IllegalArgumentException if {@code tail} is not the last node, or the owner does not fit {@code kind}
     * @throws IndexOutOfBoundsException if {@code offset} or {@code length} is out of range
     * @throws NullPointerException if {@code tail}, {@code kind} or {@code segment} is null
     * @throws BvecqReleasedException if {@code tail} was released
     * @implNote Port of {@code bvecq_append_page()}, for any region rather than a page.
     */
    public static Bvecq appendRegion(Bvecq tail, Disposal kind, MemorySegment segment, long offset, long length,
            RegionOwner owner) {
        Objects.requireNonNull(tail, "tail");
        Objects.requireNonNull(kind, "kind");
        tail.checkLive("appendRegion");
        if (tail.nextAcquire() != null) {
            throw new IllegalArgumentException("tail: " + tail + " (expected: the last node of its chain; it is followed by "
                    + tail.nextAcquire() + ")");
        }
        return ChainBuilder.appendAfter(tail, ChainBuilder.grownSlots(tail, Bvecq.DEFAULT_SLOTS), kind, segment, offset,
                length, owner);
    }

    /**
     * Finds the last node of a chain as it is now.
     *
     * @param head any node of the chain
     * @return the node whose {@code next} is null
     * @throws NullPointerException if {@code head} is null
     * @throws BvecqReleasedException if {@code head} was released
     */
    public static Bvecq tail(Bvecq head) {
        Objects.requireNonNull(head, "head");
        head.checkLive("tail");
        Bvecq n = head;
        for (Bvecq next = n.nextAcquire(); next != null; next = n.nextAcquire()) {
            n = next;
        }
        return n;
    }

    /**
     * Counts the bytes of every slot from {@code head} to the end of its chain.
     *
     * @param head the first node to count
     * @return the sum of slot lengths
     * @throws NullPointerException if {@code head} is null
     * @throws BvecqReleasedException if a node was released
     */
    public static long totalBytes(Bvecq head) {
        Objects.requireNonNull(head, "head");
        long sum = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            sum += n.bytes();
        }
        return sum;
    }

    /**
     * Counts the nodes from {@code head} to the end of its chain.
     *
     * @param head the first node
     * @return the count, {@code >= 1}
     * @throws NullPointerException if {@code head} is null
     * @throws BvecqReleasedException if {@code head} was released
     */
    public static int nodeCount(Bvecq head) {
        Objects.requireNonNull(head, "head");
        head.checkLive("nodeCount");
        int c = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            c++;
        }
        return c;
    }
}
