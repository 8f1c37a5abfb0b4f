package io.bvecq;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.BitUtil;

/**
 * A pool of page-aligned memory chunks for I/O buffers, carved from slabs of a shared {@link Arena}.
 *
 * <p>Every chunk is {@link #chunkSize()} bytes, a power of two of at least {@link #PAGE_SIZE}, and starts
 * on a {@link #PAGE_SIZE} boundary, so it can serve {@code O_DIRECT} I/O. A chunk is handed to one owner at
 * a time ({@link #take()}); its last hold going returns it to the pool's free list. The free list is
 * striped: {@value #STRIPES} array stacks, each under its own lock, and a thread pushes to and pops from the
 * stripe its id selects, so threads taking and returning at once rarely meet on one lock. A taker whose
 * stripe is empty looks in every other stripe before the pool grows or reports exhaustion, so a free chunk
 * is never out of reach. A buffer being allocated takes its chunks in batches, and a node being disposed of
 * gives its chunks back in batches, one lock for many chunks. Taking and returning allocate nothing, but
 * for a chunk's leak tracker, made the first time the {@link LeakDetector} samples a take of that chunk and
 * kept (and a stack trace per take at {@link LeakDetector.Level#PARANOID}). Within a stripe the most
 * recently returned (cache-warm) chunk is handed out first. (Agrona's lock-free queues would fit, but Agrona 2 needs
 * {@code --add-exports java.base/jdk.internal.misc} for them, a flag we will not ask every user to add;
 * Agrona serves here for its alignment helpers.) Memory is allocated slab by slab as demand grows, up to
 * {@code maxBytes}, and freed all at once by {@link #close()}.
 *
 * <p>With {@code zeroOnFree}, a chunk is cleared when it returns, so data never passes from one owner to the
 * next (for sensitive data; it costs a memset per chunk).
 *
 * <h2>Back-pressure</h2>
 * The pool is bounded by {@code maxBytes}. When every chunk it may allocate is held, {@link #take()} throws
 * {@link PoolExhaustedException}, {@link #take(long, TimeUnit)} waits up to a timeout for a chunk to be
 * returned (and returns {@code null} if none came), and {@link #takeBlocking()} waits until one is
 * returned. A waiting taker sleeps on a condition; a returning chunk wakes one waiter.
 *
 * <table class="striped">
 *   <caption>Why a returned chunk never sleeps while a taker waits</caption>
 *   <thead><tr><th>returning thread ({@code giveBack})</th><th>waiting taker</th></tr></thead>
 *   <tbody>
 *   <tr><td>1. push the chunk on a stripe (unlock of the stripe's monitor)</td>
 *       <td>1. under the wait lock: increment {@code waiters} (volatile)</td></tr>
 *   <tr><td>2. read {@code waiters} (volatile); if 0, done</td>
 *       <td>2. try to take (locks each stripe's monitor); if none, {@code await} (releases the wait lock)</td></tr>
 *   <tr><td>3. else take the wait lock and signal one waiter</td><td>3. woken: go to 2</td></tr>
 *   </tbody>
 * </table>
 * Monitor actions and volatile accesses fall in one total order consistent with each thread's program
 * order. If the returner reads {@code waiters == 0}, the taker's increment comes later in that order, so
 * its stripe lock comes after the push's unlock and it sees the chunk. Otherwise the returner signals under
 * the wait lock, which the taker holds from its check until {@code await} releases it, so the signal cannot
 * fall between the check and the sleep. A waiter that leaves by interrupt passes a wake-up it may have
 * consumed on to the next waiter. One chunk never goes to two takers: a chunk leaves the free list only by a
 * pop under its stripe's monitor, and {@code onTake} checks its hold count goes from 0 to 1.
 *
 * <h2>Metrics</h2>
 * {@link #metrics()} returns a {@link PoolMetrics} snapshot: chunks in use, their high-water mark, the
 * chunks allocated, the takes that waited, timed out or failed, and the time spent waiting.
 *
 * <p>Threads: every method may be called from any thread. {@link #close()} must not race with use:
 * afterwards {@link #take()} and the chunks' segments throw {@link BvecqReleasedException}; takers waiting
 * at that moment wake up and throw it too.
 */
public final class BufferPool implements AutoCloseable {
    /** The alignment of every chunk, and the smallest chunk size: 4096 bytes. */
    public static final int PAGE_SIZE = 4096;
    /** The default chunk size: one page. */
    public static final int DEFAULT_CHUNK_SIZE = PAGE_SIZE;
    /** The default byte limit of a pool: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** The default slab size: 1 MiB (or one chunk, if chunks are larger). */
    public static final long DEFAULT_SLAB_BYTES = 1L << 20;

    private static final class DefaultHolder {
        static final BufferPool POOL = new BufferPool(DEFAULT_CHUNK_SIZE, DEFAULT_MAX_BYTES, DEFAULT_SLAB_BYTES, false, true);
    }

    private final int chunkSize;
    private final long maxBytes;
    private final long slabBytes;
    private final boolean zeroOnFree;
    private final boolean isDefault;
    private final Arena arena = Arena.ofShared();
    /** The number of free-list stripes, a power of two. */
    static final int STRIPES = 8;

    private final ChunkStack[] stripes = new ChunkStack[STRIPES];
    private final Object growLock = new Object();
    private final LongAdder outstanding = new LongAdder(); // per-cell counts: no cache line bounces between takers
    private long allocatedBytes; // guarded by growLock
    private long nextIndex;      // guarded by growLock
    private String growFailure;  // guarded by growLock: the last slab the arena refused, for messages
    private long[] slabRegions = new long[0]; // guarded by growLock: address and length of each slab, in order
    private volatile boolean closed;

    // back-pressure: takers that wait for a returned chunk (see the class doc for the ordering argument)
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition chunkReturned = waitLock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger(); // volatile: pairs with the read in giveBack()

    // metrics
    private static final VarHandle HIGH_WATER;
    private static final VarHandle SOLE_TAKER;
    /** Once several threads take, the high-water mark is sampled at one take in this many (on average). */
    private static final int HIGH_WATER_SAMPLING = 8;
    /** {@link #soleTaker} once a second thread has taken. */
    private static final long SEVERAL_TAKERS = -1;

    static {
        try {
            HIGH_WATER = MethodHandles.lookup().findVarHandle(BufferPool.class, "highWater", long.class);
            SOLE_TAKER = MethodHandles.lookup().findVarHandle(BufferPool.class, "soleTaker", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through HIGH_WATER
    private volatile long highWater;
    // the id of the one thread that has taken so far (0: none yet, SEVERAL_TAKERS: more than one). Written at
    // most twice, so every taker keeps the line shared: the check costs a load, never a bounce
    @SuppressWarnings("unused") // accessed through SOLE_TAKER
    private volatile long soleTaker;
    private final LongAdder waits = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();

    private BufferPool(int chunkSize, long maxBytes, long slabBytes, boolean zeroOnFree, boolean isDefault) {
        this.chunkSize = chunkSize;
        this.maxBytes = maxBytes;
        this.slabBytes = Math.max(chunkSize, slabBytes / chunkSize * chunkSize);
        this.zeroOnFree = zeroOnFree;
        this.isDefault = isDefault;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ChunkStack();
        }
    }

    private static int home() {
        return (int) Thread.currentThread().threadId() & (STRIPES - 1);
    }

    /** Pops from the caller's stripe, else from the others in turn; null if every stripe is empty. */
    private PoolChunk popAny() {
        int h = home();
        for (int i = 0; i < STRIPES; i++) {
            PoolChunk c = stripes[(h + i) & (STRIPES - 1)].pop();
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /**
     * Creates a pool.
     *
     * @param chunkSize bytes per chunk: a power of two, {@code PAGE_SIZE <= chunkSize <= 1 GiB}
     * @param maxBytes the most memory the pool may allocate, {@code chunkSize <= maxBytes}; at most
     *     {@code 2^29} chunks
     * @param zeroOnFree whether chunks are cleared when they return to the pool
     * @return a new open pool that owns no memory yet; the caller must {@link #close()} it
     * @throws IllegalArgumentException if a size is out of range
     */
    public static BufferPool create(int chunkSize, long maxBytes, boolean zeroOnFree) {
        if (chunkSize < PAGE_SIZE || !BitUtil.isPowerOfTwo(chunkSize) || chunkSize > (1 << 30)) {
            throw new IllegalArgumentException("chunkSize: " + chunkSize + " (expected: a power of two, "
                    + PAGE_SIZE + " <= chunkSize <= " + (1 << 30) + ")");
        }
        if (maxBytes < chunkSize || maxBytes / chunkSize > (1 << 29)) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: " + chunkSize + " <= maxBytes <= "
                    + ((long) chunkSize << 29) + ")");
        }
        return new BufferPool(chunkSize, maxBytes, DEFAULT_SLAB_BYTES, zeroOnFree, false);
    }

    /**
     * Creates a pool of {@link #DEFAULT_CHUNK_SIZE} chunks limited to {@link #DEFAULT_MAX_BYTES}, not zeroing.
     *
     * @return a new open pool; the caller must {@link #close()} it
     */
    public static BufferPool create() {
        return create(DEFAULT_CHUNK_SIZE, DEFAULT_MAX_BYTES, false);
    }

    /**
     * The JVM-wide default pool: 4 KiB chunks, up to 1 GiB, not zeroing. It is never closed.
     *
     * @return the shared default pool
     */
    public static BufferPool defaultPool() {
        return DefaultHolder.POOL;
    }

    /**
     * Takes a chunk without waiting: from the free list if one is there, else from a new slab.
     *
     * @return a chunk with one hold, owned by the caller until it calls {@link PoolChunk#release()}
     * @throws PoolExhaustedException if the pool reached {@code maxBytes} and no chunk is free
     * @throws BvecqReleasedException if the pool was closed
     */
    public PoolChunk take() {
        checkOpen("take");
        PoolChunk c = tryTake();
        if (c == null) {
            failures.increment();
            throw exhausted();
        }
        return c;
    }

    /**
     * Takes a chunk, waiting up to {@code timeout} for one to be returned when the pool is exhausted (it
     * reached {@code maxBytes} and no chunk is free). A free chunk is taken at once, even by an interrupted
     * thread; the interrupt is seen only if the call has to wait. Timing out is an expected condition and
     * returns {@code null}, as {@code BlockingQueue.poll} does.
     *
     * @param timeout the longest wait, {@code >= 0}; 0 takes a free chunk or returns {@code null} at once
     * @param unit the unit of {@code timeout}
     * @return a chunk with one hold, owned by the caller until it calls {@link PoolChunk#release()}, or
     *     {@code null} if no chunk was returned in time
     * @throws IllegalArgumentException if {@code timeout < 0}
     * @throws NullPointerException if {@code unit} is null
     * @throws InterruptedException if the thread was interrupted while waiting (its interrupt status is
     *     cleared; no chunk was taken)
     * @throws BvecqReleasedException if the pool was closed, before or during the wait
     */
    public PoolChunk take(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: timeout >= 0)");
        }
        checkOpen("take");
        PoolChunk c = tryTake();
        return c != null ? c : await(true, unit.toNanos(timeout));
    }

    /**
     * Takes a chunk, waiting as long as it takes for one to be returned when the pool is exhausted. A free
     * chunk is taken at once, even by an interrupted thread. The wait ends only with a chunk, an interrupt
     * or the pool's close: a caller that holds every chunk of the pool and waits for one more waits forever.
     *
     * @return a chunk with one hold, owned by the caller until it calls {@link PoolChunk#release()}
     * @throws InterruptedException if the thread was interrupted while waiting (its interrupt status is
     *     cleared; no chunk was taken)
     * @throws BvecqReleasedException if the pool was closed, before or during the wait
     */
    public PoolChunk takeBlocking() throws InterruptedException {
        checkOpen("takeBlocking");
        PoolChunk c = tryTake();
        return c != null ? c : await(false, 0);
    }

    /** The waiting half of the timed and blocking takes; see the class doc for why no wake-up is lost. */
    private PoolChunk await(boolean timed, long nanos) throws InterruptedException {
        long start = System.nanoTime();
        waitLock.lockInterruptibly();
        // volatile increment before the re-check below: pairs with the read of waiters in giveBack()
        waiters.incrementAndGet();
        waits.increment();
        try {
            for (;;) {
                checkOpen("take"); // close() sets closed, then signals all under waitLock
                PoolChunk c = tryTake();
                if (c != null) {
                    return c;
                }
                if (!timed) {
                    chunkReturned.await();
                } else if (nanos > 0) {
                    nanos = chunkReturned.awaitNanos(nanos);
                } else {
                    timeouts.increment();
                    return null;
                }
            }
        } catch (InterruptedException e) {
            chunkReturned.signal(); // a wake-up this thread consumed must not be lost to the other waiters
            throw e;
        } finally {
            waiters.decrementAndGet();
            waitLock.unlock();
            waitedNanos.add(System.nanoTime() - start);
        }
    }

    /**
     * Takes between 1 and {@code max} chunks without waiting, for a caller that needs many (a buffer being
     * allocated): each stripe's lock is taken once for all the chunks it gives, not once per chunk. Fewer
     * than {@code max} come back when the free list runs short; the pool grows by a slab only when it is
     * empty. Each chunk is taken exactly as by {@link #take()} (one hold, tracked the same way).
     *
     * @param into where the chunks go, {@code into[0..result)}; {@code max <= into.length}
     * @param max the most chunks wanted, {@code >= 1}
     * @return the chunks taken, {@code 1 <= result <= max}
     * @throws PoolExhaustedException if not one chunk could be taken
     * @throws BvecqReleasedException if the pool was closed
     */
    int takeSome(PoolChunk[] into, int max) {
        checkOpen("take");
        int k = 0;
        int h = home();
        for (int i = 0; i < STRIPES && k < max; i++) {
            k += stripes[(h + i) & (STRIPES - 1)].popInto(into, k, max - k);
        }
        boolean grew = false;
        if (k == 0) {
            PoolChunk c = grow();
            if (c == null) {
                failures.increment();
                throw exhausted();
            }
            grew = true;
            into[k++] = c;
            k += stripes[h].popInto(into, k, max - k); // the rest of the new slab, if it brought more
        }
        for (int i = 0; i < k; i++) {
            into[i].onTake();
        }
        outstanding.add(k);
        noteInUse(grew);
        return k;
    }

    /** Takes a free chunk or grows the pool; null if the pool is exhausted. */
    private PoolChunk tryTake() {
        PoolChunk c = popAny();
        boolean grew = false;
        if (c == null) {
            c = grow();
            if (c == null) {
                return null;
            }
            grew = true;
        }
        c.onTake();
        outstanding.increment();
        noteInUse(grew);
        return c;
    }

    /**
     * Raises the high-water mark to the chunks now in use, exactly while one thread takes; once several do,
     * at one take in {@link #HIGH_WATER_SAMPLING} on average and at every take that grew the pool. The count
     * is a sum over the counter's cells, which concurrent takers keep writing: two threads taking and returning a
     * chunk ran 17.5 M ops/s summing at every take and 49.5 M summing at one take in 8 ({@code PoolBench.bvecq2},
     * 2 forks each; the group's forks vary widely with the stripes the threads land on).
     */
    private void noteInUse(boolean grew) {
        if (grew || soleTakerIsMe() || ThreadLocalRandom.current().nextInt(HIGH_WATER_SAMPLING) == 0) {
            long inUse = outstanding.sum();
            if (inUse > highWater) { // a plain-cost volatile read; the CAS only when the mark moves
                raiseHighWater(inUse);
            }
        }
    }

    /** Whether the calling thread is the only one that has taken from this pool (and records it if first). */
    private boolean soleTakerIsMe() {
        long s = soleTaker;
        if (s == SEVERAL_TAKERS) {
            return false;
        }
        long me = Thread.currentThread().threadId(); // > 0
        if (s == me || (s == 0 && SOLE_TAKER.compareAndSet(this, 0L, me))) {
            return true;
        }
        soleTaker = SEVERAL_TAKERS; // another thread took first (or just now): from now on the mark is sampled
        return false;
    }

    private void raiseHighWater(long inUse) {
        for (long h = highWater; inUse > h; h = highWater) {
            if (HIGH_WATER.compareAndSet(this, h, inUse)) {
                return;
            }
        }
    }

    private PoolExhaustedException exhausted() {
        synchronized (growLock) {
            return new PoolExhaustedException("BufferPool: maxBytes=" + maxBytes + " reached (allocated="
                    + allocatedBytes + ", outstanding chunks=" + outstanding.sum() + ", chunkSize=" + chunkSize
                    + (growFailure != null ? ", last slab allocation failed: " + growFailure : "") + ")");
        }
    }

    /** Grows the pool by a slab; null if {@code maxBytes} is reached or the arena is out of memory. */
    private PoolChunk grow() {
        synchronized (growLock) {
            PoolChunk c = popAny(); // another thread may have grown the pool or returned a chunk meanwhile
            if (c != null) {
                return c;
            }
            long room = maxBytes - allocatedBytes;
            long bytes = Math.min(slabBytes, room / chunkSize * chunkSize);
            if (bytes < chunkSize) {
                return null;
            }
            MemorySegment slab;
            try {
                slab = arena.allocate(bytes, PAGE_SIZE);
            } catch (OutOfMemoryError e) {
                growFailure = bytes + " bytes: " + e.getMessage();
                return null;
            }
            allocatedBytes += bytes;
            long[] regions = java.util.Arrays.copyOf(slabRegions, slabRegions.length + 2);
            regions[regions.length - 2] = slab.address();
            regions[regions.length - 1] = bytes;
            slabRegions = regions;
            PoolChunk first = null;
            for (long off = 0; off < bytes; off += chunkSize) {
                PoolChunk chunk = new PoolChunk(this, slab.asSlice(off, chunkSize), nextIndex++);
                if (first == null) {
                    first = chunk;
                } else {
                    stripes[home()].push(chunk);
                }
            }
            return first;
        }
    }

    /**
     * The slabs allocated so far, as numbers: what a kernel interface registers once so that I/O on any chunk
     * inside them needs no per-call page pinning (io_uring fixed buffers). Slabs never move or shrink until
     * {@link #close()}; slabs allocated later are not in the snapshot. Gives no access to the memory.
     *
     * @return a new array {@code [address0, length0, address1, length1, ...]} in allocation order; empty before
     *     the first take
     */
    public long[] slabRegions() {
        synchronized (growLock) {
            return slabRegions.clone();
        }
    }

    /** Called when a chunk's last hold goes. */
    void giveBack(PoolChunk c) {
        outstanding.decrement();
        if (closed) {
            return;
        }
        if (zeroOnFree) {
            c.rawSegment().fill((byte) 0);
        }
        stripes[home()].push(c); // the stripe's unlock: ordered before the waiters read below
        wakeWaiters(1);
    }

    /**
     * Gives back {@code n} chunks of this pool whose last hold went ({@link PoolChunk#dropHold}), linked from
     * {@code first} through {@link PoolChunk#nextReturned}, as {@link #giveBack} does for one, pushing them
     * all under one hold of a stripe's lock. Allocates nothing; the links are cleared.
     */
    void giveBackAll(PoolChunk first, int n) {
        outstanding.add(-n);
        if (closed) {
            for (PoolChunk c = first; c != null; ) {
                PoolChunk next = c.nextReturned;
                c.nextReturned = null;
                c = next;
            }
            return;
        }
        if (zeroOnFree) {
            for (PoolChunk c = first; c != null; c = c.nextReturned) {
                c.rawSegment().fill((byte) 0);
            }
        }
        stripes[home()].pushAll(first, n); // the stripe's unlock: ordered before the waiters read below
        wakeWaiters(n);
    }

    /** After a push of {@code n} chunks: wakes a waiting taker for one, every waiting taker for several. */
    private void wakeWaiters(int n) {
        // volatile read after the push: pairs with the increment in await() (see the class doc)
        if (waiters.get() > 0) {
            waitLock.lock();
            try {
                if (n == 1) {
                    chunkReturned.signal();
                } else {
                    chunkReturned.signalAll(); // each woken taker tries; those that find none wait again
                }
            } finally {
                waitLock.unlock();
            }
        }
    }

    void checkOpen(String what) {
        if (closed) {
            throw new BvecqReleasedException(this + " used after close: " + what);
        }
    }

    /**
     * The size of every chunk.
     *
     * @return a power of two, at least {@link #PAGE_SIZE}
     */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * The byte limit given at creation.
     *
     * @return the most memory this pool may allocate
     */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Whether chunks are cleared when they return.
     *
     * @return the flag given at creation
     */
    public boolean zeroOnFree() {
        return zeroOnFree;
    }

    /**
     * The memory allocated from the arena so far (slabs never shrink until close).
     *
     * @return bytes, a multiple of {@link #chunkSize()}
     */
    public long allocatedBytes() {
        synchronized (growLock) {
            return allocatedBytes;
        }
    }

    /**
     * The chunks currently held by someone (also in {@link #metrics()}).
     *
     * @return the count, {@code >= 0}
     */
    public long outstandingChunks() {
        return outstanding.sum();
    }

    /**
     * The chunks allocated and not held by anyone, waiting in the free list. Exact when no take or release
     * is in flight.
     *
     * @return the count, {@code >= 0}; 0 once closed
     */
    public int pooledChunks() {
        if (closed) {
            return 0; // the memory is gone; nothing can be handed out again
        }
        long allocated;
        synchronized (growLock) {
            allocated = allocatedBytes / chunkSize;
        }
        return (int) Math.max(0, allocated - outstanding.sum());
    }

    /**
     * A snapshot of the pool's counters. Each counter is read once; under concurrent takes and returns the
     * values are each recent but not from one instant. The high-water mark is exact while one thread takes
     * from the pool; once several threads take, it is sampled (at about one take in 8, and at every take that
     * grew the pool), so it may be below the true peak by the few takes between two samples, and off by the
     * takes and returns in flight when it was raised.
     *
     * @return a new immutable snapshot
     */
    public PoolMetrics metrics() {
        long allocated;
        synchronized (growLock) {
            allocated = allocatedBytes / chunkSize;
        }
        return new PoolMetrics(outstanding.sum(), highWater, allocated, waits.sum(), timeouts.sum(), failures.sum(),
                waitedNanos.sum());
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Frees all the pool's memory at once. Chunks still held become unusable: their segments throw
     * {@link BvecqReleasedException} from {@link PoolChunk#segment()}, and direct access to a segment obtained
     * earlier throws {@link IllegalStateException} from the FFM runtime. Closing twice does nothing.
     * Closing with chunks outstanding (taken and not yet released) is a leak: unless leak detection is
     * {@linkplain LeakDetector.Level#DISABLED disabled} it is reported as one {@link LeakDetector.Leak}
     * naming the pool and the count, delivered at the detector's next poll (logged by default; returned by
     * {@link LeakDetector#collectNow}, so a test fails). The pool closes anyway; no exception is thrown.
     *
     * @throws IllegalStateException if this is the {@linkplain #defaultPool() default pool}, which is never closed
     */
    @Override
    public void close() {
        if (isDefault) {
            throw new IllegalStateException("the default BufferPool cannot be closed");
        }
        synchronized (growLock) {
            if (closed) {
                return;
            }
            closed = true;
            for (ChunkStack stripe : stripes) {
                stripe.close();
            }
            arena.close();
        }
        waitLock.lock(); // after closed is set: a waiter either sees it on its check or gets this signal
        try {
            chunkReturned.signalAll();
        } finally {
            waitLock.unlock();
        }
        long out = outstanding.sum();
        if (out > 0) {
            LeakDetector.reportClosedWithOutstanding(this, out);
        }
    }

    /**
     * Describes the pool: {@code BufferPool[chunk=4096, allocated=1048576, outstanding=3]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        long allocated;
        synchronized (growLock) {
            allocated = allocatedBytes;
        }
        return "BufferPool[chunk=" + chunkSize + ", allocated=" + allocated + ", outstanding=" + outstanding.sum()
                + (closed ? ", closed" : "") + "]";
    }
}
