package io.bvecq;

import io.bvecq.internal.ChainBuilder;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A chain used as a queue: one producer appends regions at the tail while one consumer reads from a
 * position and deletes spent nodes at the head (kernel {@code bvecq_buffer_init()} and
 * {@code bvecq_delete_spent()}).
 *
 * <pre>
 *   head (buffer's ref)                          tail (producer appends here)
 *    [spent] -&gt; [spent] -&gt; [consumer pos ...] -&gt; [....] -&gt; [... nrSlots/maxSlots]
 *    deleteSpent() releases these two               never deleted while last
 * </pre>
 *
 * <p>The buffer holds a reference on its head node; each link holds its successor. The last node is
 * never deleted, so producer and consumer stay attached even when the consumer has caught up.
 *
 * <p>Threads: {@link #append} and {@link #tail()} are for the single producer;
 * {@link #openReader()}, {@link #deleteSpent} and {@link #head()} for the single consumer. They may run
 * concurrently: the producer publishes with release stores of {@code nrSlots} and {@code next}, and the
 * consumer's position reads them with acquire. {@link #close()} is called once, when both are done.
 */
public final class RollingBuffer implements AutoCloseable {
    private final Disposal kind;
    private Bvecq head;          // consumer side
    private Bvecq tail;          // producer side
    private final ChainBuilder builder; // producer side: grows the chain after tail
    private long appended;       // producer side
    private volatile boolean closed;

    /**
     * Creates a rolling buffer with one empty node.
     *
     * @param slotsPerNode slots in each node, {@code 1 <= slotsPerNode <= Bvecq.MAX_SLOTS}
     * @param kind the disposal kind of every node
     * @throws IllegalArgumentException if {@code slotsPerNode} is out of range
     * @throws NullPointerException if {@code kind} is null
     * @implNote Port of {@code bvecq_buffer_init()}.
     */
    public RollingBuffer(int slotsPerNode, Disposal kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (slotsPerNode < 1 || slotsPerNode > Bvecq.MAX_SLOTS) {
            throw new IllegalArgumentException("slotsPerNode: " + slotsPerNode + " (expected: 1 <= slotsPerNode <= "
                    + Bvecq.MAX_SLOTS + ")");
        }
        this.head = Bvecq.allocOne(slotsPerNode, kind);
        this.tail = head;
        this.builder = ChainBuilder.after(head, slotsPerNode);
    }

    /**
     * Appends a region at the tail, starting a new node when the tail is full. Producer only.
     *
     * @param segment the memory
     * @param offset the region's start, {@code 0 <= offset <= segment.byteSize()}
     * @param length the region's length, {@code 0 <= length <= segment.byteSize() - offset}
     * @param owner required unless the kind is {@link Disposal#NONE}, where it must be null; ownership of
     *     its disposal obligation passes to the buffer
     * @throws IllegalArgumentException if the owner does not fit the kind
     * @throws IndexOutOfBoundsException if {@code offset} or {@code length} is out of range (nothing changes)
     * @throws NullPointerException if {@code segment} is null
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void append(MemorySegment segment, long offset, long length, RegionOwner owner) {
        checkOpen("append");
        // a new node is filled first and then linked (release: publishes it whole; pairs with nextAcquire()
        // in the consumer); its fpos runs on from the tail's
        tail = builder.add(kind, segment, offset, length, owner);
        appended += length;
    }

    /**
     * The node the producer appends to. Producer only.
     *
     * @return the tail node (the buffer's link holds its reference)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public Bvecq tail() {
        checkOpen("tail");
        return tail;
    }

    /**
     * The oldest node not yet deleted. Consumer only.
     *
     * @return the head node (the buffer holds its reference)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public Bvecq head() {
        checkOpen("head");
        return head;
    }

    /**
     * The bytes appended so far. Producer only.
     *
     * @return the total appended
     */
    public long appended() {
        return appended;
    }

    /**
     * Opens a consumer position at the head. Consumer only.
     *
     * @return a new position holding its own reference; the caller must {@link BvecqPos#unset()} it
     * @throws BvecqReleasedException if the buffer was closed
     */
    public BvecqPos openReader() {
        checkOpen("openReader");
        return BvecqPos.at(head);
    }

    /**
     * Deletes the nodes that lie wholly before the consumer's position: the buffer's head reference moves
     * up to the consumer's node, and nodes nobody else references are disposed. The position is nudged
     * first, so a node it has fully read is spent once a successor exists. The last node is never deleted.
     * Consumer only.
     *
     * @param consumer the consumer's position, set within this buffer's chain at or after the head
     * @return the number of nodes the head moved past
     * @throws NullPointerException if {@code consumer} is null
     * @throws IllegalStateException if {@code consumer} is unset
     * @throws IllegalArgumentException if {@code consumer} is not in this buffer's chain (nothing changes)
     * @throws BvecqReleasedException if the buffer was closed
     * @implNote Port of {@code bvecq_delete_spent()}.
     */
    public int deleteSpent(BvecqPos consumer) {
        Objects.requireNonNull(consumer, "consumer");
        checkOpen("deleteSpent");
        if (!consumer.isSet()) {
            throw new IllegalStateException("deleteSpent needs a set consumer position");
        }
        // validate before the nudge moves anything: a rejected call changes nothing
        Bvecq n = head;
        while (n != null && n != consumer.node()) {
            n = n.nextAcquire();
        }
        if (n == null) {
            throw new IllegalArgumentException("consumer: " + consumer + " (expected: a position in this buffer's chain, at or after "
                    + head + ")");
        }
        consumer.nudge(); // moves forward only, so it stays in the chain
        Bvecq target = consumer.node();
        int count = 0;
        for (n = head; n != target; n = n.nextAcquire()) {
            count++;
        }
        for (int i = 0; i < count; i++) {
            Bvecq old = head;
            Bvecq next = old.nextAcquire();
            next.retain();   // the buffer's head reference moves to next ...
            head = next;
            old.release();   // ... before the old head goes; its link reference on next goes with it
        }
        return count;
    }

    /**
     * Releases the buffer's reference on its head, which disposes every node no position still holds.
     * Closing twice does nothing. Call once the producer and consumer are done.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        head.release();
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new BvecqReleasedException("RollingBuffer used after close: " + what);
        }
    }
}
