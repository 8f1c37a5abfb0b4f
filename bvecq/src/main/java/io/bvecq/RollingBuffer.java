package io.bvecq;

import io.bvecq.internal.ChainBuilder;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
 * <h2>Flow: readable bytes, waiting, end of stream</h2>
 * Two counters make {@link #readable()} O(1): {@code appended}, written only by the producer in
 * {@link #append}, and {@code consumed}, written only by the consumer in {@link #consume}; each has one
 * writer, so no read-modify-write is needed. Bytes the consumer passes with its position's own moves
 * ({@link BvecqPos#advance}) are not counted: consume through {@link #consume} to keep the count right.
 * The producer ends the stream with {@link #finish()}; the consumer waits with {@link #awaitReadable(long)}
 * (or its timed form), which returns -1 at the end of the stream, once every byte appended before
 * {@code finish()} was consumed.
 *
 * <p>A producer whose consumer never waits (it polls {@link #readable()}, or reads only what it knows was
 * appended) pays no fence per append, and one volatile load: the four flags ({@code closed}, {@code finished},
 * {@code waits}, {@code strict}) are bits of one {@code state} word, loaded once at the start of each append and
 * set with atomic bitwise-or. The fence and the wake-up begin with the append after the one that first saw
 * {@code waits}. Until then a waiting consumer naps for a bounded time and re-checks, so a byte
 * appended in that window is seen within at most a millisecond, and no wake-up is ever lost.
 *
 * <table class="striped">
 *   <caption>Which write pairs with which read</caption>
 *   <thead><tr><th>writer</th><th>reader</th><th>what the reader may then rely on</th></tr></thead>
 *   <tbody>
 *   <tr><td>producer: {@code appended} (a release store, or a volatile one once {@code strict}) in
 *       {@link #append}, after the slot was published</td>
 *       <td>{@link #readable()} (volatile load)</td><td>that many bytes are published in the chain</td></tr>
 *   <tr><td>producer: {@code finished} (volatile bitwise-or into {@code state}) in {@link #finish()}, after the last
 *       {@code appended} store</td><td>consumer: {@code finished} loaded <em>before</em> {@code appended}</td>
 *       <td>the {@code appended} it then loads is the final total: end of stream is never seen with bytes
 *       missing</td></tr>
 *   <tr><td>consumer: {@code waits} (volatile bitwise-or into {@code state}) before its first park</td>
 *       <td>producer: loads {@code state} at the start of each append; once it sees {@code waits}, it sets
 *       {@code strict} (volatile bitwise-or) after that append's {@code appended} store and unparks the
 *       consumer</td><td>from the next append on, the producer fences: a volatile store of {@code appended}
 *       and a load of {@code waiter}</td></tr>
 *   <tr><td>consumer: {@code waiter} (volatile store), then loads {@code strict}, then reloads
 *       {@code finished} and {@code appended}</td>
 *       <td>producer: once {@code strict}, loads {@code waiter} after its {@code appended} store; always after
 *       its {@code finished} store; and unparks it</td><td>no lost wake-up: all four are volatile, so one of
 *       the two sides sees the other's store (the consumer its bytes, or the producer the waiter). Appends
 *       made before {@code strict} was set happen before the consumer's load of {@code strict} that saw it,
 *       so the re-check after that load counts them. While the consumer sees {@code strict} false it naps
 *       (10 us, doubling to 1 ms) and re-checks, instead of parking without a bound</td></tr>
 *   <tr><td>consumer: {@code consumed} (release store) in {@link #consume}</td>
 *       <td>{@link #readable()} on the producer (acquire)</td><td>a count that is never too high</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Threads: {@link #append}, {@link #finish()} and {@link #tail()} are for the single producer;
 * {@link #openReader()}, {@link #consume}, {@link #awaitReadable(long)}, {@link #deleteSpent} and
 * {@link #head()} for the single consumer; {@link #readable()}, {@link #appended()}, {@link #isFinished()}
 * and {@link #isEndOfStream()} for either. They may run concurrently: the producer publishes with release
 * stores of {@code nrSlots} and {@code next}, and the consumer's position reads them with acquire.
 * {@link #close()} is called once, when both are done (a consumer still waiting wakes and throws).
 */
public final class RollingBuffer implements AutoCloseable {
    private final Disposal kind;
    private final int slotsPerNode;
    private Bvecq head;          // consumer side
    private Bvecq tail;          // producer side
    /** The consumer's first nap while the producer does not fence yet; it doubles up to the next bound. */
    private static final long MIN_NAP_NANOS = 10_000;
    private static final long MAX_NAP_NANOS = 1_000_000;
    private static final VarHandle APPENDED;
    private static final VarHandle CONSUMED;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            APPENDED = l.findVarHandle(RollingBuffer.class, "appended", long.class);
            CONSUMED = l.findVarHandle(RollingBuffer.class, "consumed", long.class);
            STATE = l.findVarHandle(RollingBuffer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // written by the producer only, through APPENDED
    private long appended;
    @SuppressWarnings("unused") // written by the consumer only, through CONSUMED
    private long consumed;
    private volatile Thread waiter;    // the consumer, while it waits in awaitReadable()
    /** The flags below, set with {@link #setFlag} (a volatile read-modify-write), never cleared. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** close() was called. */
    private static final int CLOSED = 1;
    /** The producer called finish(), after its last append. */
    private static final int FINISHED = 2;
    /** The consumer set it before its first park. */
    private static final int WAITS = 4;
    /** The producer saw WAITS: appends fence from then on. */
    private static final int STRICT = 8;

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
        this.slotsPerNode = slotsPerNode;
        this.head = Bvecq.allocOne(slotsPerNode, kind);
        this.tail = head;
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
     * @throws IllegalStateException if {@link #finish()} was called (nothing changes)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void append(MemorySegment segment, long offset, long length, RegionOwner owner) {
        int st = state; // the one volatile load of an append while no consumer has waited
        if (st != 0) { // closed, finished, or a consumer has waited: the fenced path, out of line
            appendFlagged(st, segment, offset, length, owner);
            return;
        }
        storeAtTail(segment, offset, length, owner);
        // no consumer has waited yet: a release store (pairs with the load in readable()), no fence; an empty
        // region stores the same total
        APPENDED.setRelease(this, (long) APPENDED.get(this) + length); // producer's own field: a plain read
    }

    /**
     * The append with a flag set. Kept out of {@link #append}: that method stays small enough for the JIT to
     * inline it into the producer's loop.
     */
    private void appendFlagged(int st, MemorySegment segment, long offset, long length, RegionOwner owner) {
        if ((st & (CLOSED | FINISHED)) != 0) {
            checkOpen("append");
            throw new IllegalStateException("RollingBuffer finished: append refused (expected: appends before finish())");
        }
        storeAtTail(segment, offset, length, owner);
        if (length > 0) {
            publishToWaiter(st, (long) APPENDED.get(this) + length);
        }
    }

    /** Stores the region in the tail, or in a new node linked after it when the tail is full. */
    private void storeAtTail(MemorySegment segment, long offset, long length, RegionOwner owner) {
        Bvecq t = tail;
        if (t.appendToOwnTail(segment, offset, length, owner) < 0) { // release of nrSlots inside
            // the tail is full: a new node is filled first and then linked (release: publishes it whole; pairs
            // with nextAcquire() in the consumer); its fpos runs on from the tail's
            tail = ChainBuilder.appendAfter(t, slotsPerNode, kind, segment, offset, length, owner);
        }
    }

    /** The end of an append once the consumer has waited: publishes {@code total} and wakes it. */
    private void publishToWaiter(int st, long total) {
        if ((st & STRICT) != 0) { // set by this thread: the load of state in append saw it
            // volatile store after the slot's publication: pairs with the consumer's waiter store for the
            // wake-up (a release store would not order it before the load of waiter below)
            APPENDED.setVolatile(this, total);
        } else {
            APPENDED.setRelease(this, total); // pairs with the load in readable()
            setFlag(STRICT); // every later append fences; the consumer's parks turn untimed
        }
        wakeConsumer();
    }

    /**
     * Ends the stream: no more bytes will be appended. The consumer sees the end of the stream
     * ({@link #awaitReadable(long)} returning -1, {@link #isEndOfStream()}) once it has consumed every byte
     * appended before this call. A waiting consumer is woken. Calling it again does nothing. Producer only.
     *
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void finish() {
        checkOpen("finish");
        // volatile write after the last appended store: pairs with the consumer loading finished before appended
        setFlag(FINISHED);
        wakeConsumer();
    }

    /** Sets a flag of {@code state} with a volatile read-modify-write; returns whether it was set before. */
    private boolean setFlag(int flag) {
        return ((int) STATE.getAndBitwiseOr(this, flag) & flag) != 0;
    }

    /** Unparks the consumer if it waits; the load of waiter comes after the producer's volatile store. */
    private void wakeConsumer() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * Tells whether the producer called {@link #finish()}. Any thread.
     *
     * @return {@code true} once finished (bytes may still be readable)
     */
    public boolean isFinished() {
        return (state & FINISHED) != 0;
    }

    /**
     * Tells whether the stream ended and every byte was consumed. Any thread; the answer for the consumer is
     * final once {@code true}.
     *
     * @return {@code true} if {@link #finish()} was called and {@link #readable()} is 0
     */
    public boolean isEndOfStream() {
        boolean f = (state & FINISHED) != 0; // finished before the count: see the class doc
        return f && readable() == 0;
    }

    /**
     * The bytes appended and not yet consumed through {@link #consume}: O(1), from two counters. Any thread;
     * on the consumer it is exact for the bytes published so far, on the producer it may count bytes the
     * consumer is consuming right now.
     *
     * @return {@code 0 <= result <= appended()}
     */
    public long readable() {
        long c = (long) CONSUMED.getAcquire(this); // acquire: pairs with the release store in consume()
        long a = (long) APPENDED.getVolatile(this); // after consumed, so a >= c; pairs with the store in append()
        return a - c;
    }

    /**
     * Moves the consumer's position forward exactly {@code n} bytes and counts them as consumed, so that
     * {@link #readable()} drops by {@code n}. Consumer only.
     *
     * @param reader the consumer's position in this buffer's chain (from {@link #openReader()})
     * @param n the bytes to consume, {@code 0 <= n <= readable()}
     * @throws NullPointerException if {@code reader} is null
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IndexOutOfBoundsException if {@code n > readable()} or fewer than {@code n} bytes follow the
     *     reader (nothing changes)
     * @throws IllegalStateException if {@code reader} is unset
     * @throws BvecqReleasedException if the buffer or the reader was closed
     */
    public void consume(BvecqPos reader, long n) {
        Objects.requireNonNull(reader, "reader");
        checkOpen("consume");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        long r = readable();
        if (n > r) {
            throw new IndexOutOfBoundsException("n: " + n + " (expected: 0 <= n <= " + r + ", the readable bytes)");
        }
        reader.advance(n);
        long c = (long) CONSUMED.get(this); // consumer's own field: a plain read
        CONSUMED.setRelease(this, c + n);    // release: pairs with the acquire in readable() on the producer
    }

    /**
     * Waits until at least {@code minBytes} are readable or the stream ended. Consumer only.
     *
     * @param minBytes the bytes wanted, {@code >= 1}
     * @return {@link #readable()}, {@code >= minBytes}; fewer if the stream ended with fewer left (a later
     *     call returns -1 once they are consumed); -1 at the end of the stream
     * @throws IllegalArgumentException if {@code minBytes < 1}
     * @throws InterruptedException if the thread was interrupted while waiting (its status is cleared)
     * @throws BvecqReleasedException if the buffer was closed, before or during the wait
     */
    public long awaitReadable(long minBytes) throws InterruptedException {
        checkMin(minBytes);
        return await(minBytes, false, 0);
    }

    /**
     * Waits up to {@code timeout} until at least {@code minBytes} are readable or the stream ended. Consumer
     * only. A timeout is an expected condition: the call then returns what is readable, possibly 0.
     *
     * @param minBytes the bytes wanted, {@code >= 1}
     * @param timeout the longest wait, {@code >= 0}; 0 only looks
     * @param unit the unit of {@code timeout}
     * @return {@link #readable()}: {@code >= minBytes}, or fewer (possibly 0) on timeout or when the stream
     *     ended with fewer left; -1 at the end of the stream
     * @throws IllegalArgumentException if {@code minBytes < 1} or {@code timeout < 0}
     * @throws NullPointerException if {@code unit} is null
     * @throws InterruptedException if the thread was interrupted while waiting (its status is cleared)
     * @throws BvecqReleasedException if the buffer was closed, before or during the wait
     */
    public long awaitReadable(long minBytes, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        checkMin(minBytes);
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: timeout >= 0)");
        }
        return await(minBytes, true, unit.toNanos(timeout));
    }

    private static void checkMin(long minBytes) {
        if (minBytes < 1) {
            throw new IllegalArgumentException("minBytes: " + minBytes + " (expected: minBytes >= 1)");
        }
    }

    /** The consumer's wait; see the class doc for the order of the loads and why no wake-up is lost. */
    private long await(long minBytes, boolean timed, long nanos) throws InterruptedException {
        long deadline = timed ? System.nanoTime() + nanos : 0;
        long naps = MIN_NAP_NANOS;
        for (;;) {
            checkOpen("awaitReadable");
            boolean f = (state & FINISHED) != 0; // before the count: if it is true, the count below is final
            long r = readable();
            if (r >= minBytes || f) {
                return r == 0 && f ? -1 : r;
            }
            long left = timed ? deadline - System.nanoTime() : 1;
            if (left <= 0) {
                return r;
            }
            if ((state & WAITS) == 0) {
                setFlag(WAITS);
            }
            waiter = Thread.currentThread(); // volatile store, then the re-check: pairs with wakeConsumer()
            // loaded before the re-check: if true, every append not yet seen fences and unparks (see the class doc)
            boolean s = (state & STRICT) != 0;
            try {
                if ((state & FINISHED) != 0 || readable() >= minBytes || (state & CLOSED) != 0) {
                    continue;
                }
                if (!s) {
                    // the producer may not fence yet: a bounded nap, re-checked, until it has seen WAITS
                    long nap = Math.min(naps, timed ? left : naps);
                    naps = Math.min(naps * 2, MAX_NAP_NANOS);
                    LockSupport.parkNanos(this, nap);
                } else if (timed) {
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
            } finally {
                waiter = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("RollingBuffer.awaitReadable interrupted");
            }
        }
    }

    /**
     * The disposal kind of every node, given at creation. Any thread.
     *
     * @return the kind
     */
    public Disposal kind() {
        return kind;
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
     * The bytes appended so far. Any thread (a volatile load).
     *
     * @return the total appended, {@code >= 0}
     */
    public long appended() {
        return (long) APPENDED.getVolatile(this);
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
     * Closing twice does nothing. Call once the producer and consumer are done; a consumer still waiting in
     * {@link #awaitReadable(long)} wakes and throws {@link BvecqReleasedException}.
     */
    @Override
    public void close() {
        if (setFlag(CLOSED)) {
            return;
        }
        head.release();
        wakeConsumer(); // a consumer still waiting sees closed and throws
    }

    private void checkOpen(String what) {
        if ((state & CLOSED) != 0) {
            throw new BvecqReleasedException("RollingBuffer used after close: " + what);
        }
    }
}
