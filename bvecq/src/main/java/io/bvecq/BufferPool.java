package io.bvecq;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;
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
 * is never out of reach. Taking and returning allocate nothing (but the leak tracker of a chunk the
 * {@link LeakDetector} samples, as for nodes), and within a stripe the most recently
 * returned (cache-warm) chunk is handed out first. (Agrona's lock-free queues would fit, but Agrona 2 needs
 * {@code --add-exports java.base/jdk.internal.misc} for them, a flag we will not ask every user to add;
 * Agrona serves here for its alignment helpers.) Memory is allocated slab by slab as demand grows, up to
 * {@code maxBytes}, and freed all at once by {@link #close()}.
 *
 * <p>With {@code zeroOnFree}, a chunk is cleared when it returns, so data never passes from one owner to the
 * next (for sensitive data; it costs a memset per chunk).
 *
 * <p>Threads: every method may be called from any thread. {@link #close()} must not race with use:
 * afterwards {@link #take()} and the chunks' segments throw {@link BvecqReleasedException}.
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
    private volatile boolean closed;

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
     * Takes a chunk: from the free list if one is there, else from a new slab.
     *
     * @return a chunk with one hold, owned by the caller until it calls {@link PoolChunk#release()}
     * @throws PoolExhaustedException if the pool reached {@code maxBytes} and no chunk is free
     * @throws BvecqReleasedException if the pool was closed
     */
    public PoolChunk take() {
        checkOpen("take");
        PoolChunk c = popAny();
        if (c == null) {
            c = grow();
        }
        c.onTake();
        outstanding.increment();
        return c;
    }

    private PoolChunk grow() {
        synchronized (growLock) {
            PoolChunk c = popAny(); // another thread may have grown the pool or returned a chunk meanwhile
            if (c != null) {
                return c;
            }
            long room = maxBytes - allocatedBytes;
            long bytes = Math.min(slabBytes, room / chunkSize * chunkSize);
            if (bytes < chunkSize) {
                throw new PoolExhaustedException("BufferPool: maxBytes=" + maxBytes + " reached (allocated="
                        + allocatedBytes + ", outstanding chunks=" + outstanding.sum() + ", chunkSize=" + chunkSize + ")");
            }
            MemorySegment slab;
            try {
                slab = arena.allocate(bytes, PAGE_SIZE);
            } catch (OutOfMemoryError e) {
                throw new PoolExhaustedException("BufferPool: the arena could not allocate a slab of " + bytes
                        + " bytes (allocated=" + allocatedBytes + "): " + e.getMessage());
            }
            allocatedBytes += bytes;
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

    /** Called when a chunk's last hold goes. */
    void giveBack(PoolChunk c) {
        outstanding.decrement();
        if (closed) {
            return;
        }
        if (zeroOnFree) {
            c.rawSegment().fill((byte) 0);
        }
        stripes[home()].push(c);
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
     * The chunks currently held by someone.
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
