package io.bvecq;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.BitUtil;

/**
 * A pool of page-aligned memory chunks for I/O buffers, carved from slabs of a shared {@link Arena}.
 *
 * <p>Every chunk is {@link #chunkSize()} bytes, a power of two of at least {@link #PAGE_SIZE}, and starts
 * on a {@link #PAGE_SIZE} boundary, so it can serve {@code O_DIRECT} I/O. A chunk is handed to one owner at
 * a time ({@link #take()}); its last hold going returns it to the free list: an array stack under a lock,
 * grown only when a new slab adds chunks, so taking and returning allocate nothing, and the most recently
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
    private final Object freeLock = new Object();
    private PoolChunk[] free = new PoolChunk[16]; // guarded by freeLock; sized to the chunks allocated so far
    private int nrFree;                           // guarded by freeLock
    private final Object growLock = new Object();
    private final AtomicLong outstanding = new AtomicLong();
    private long allocatedBytes; // guarded by growLock
    private long nextIndex;      // guarded by growLock
    private volatile boolean closed;

    private BufferPool(int chunkSize, long maxBytes, long slabBytes, boolean zeroOnFree, boolean isDefault) {
        this.chunkSize = chunkSize;
        this.maxBytes = maxBytes;
        this.slabBytes = Math.max(chunkSize, slabBytes / chunkSize * chunkSize);
        this.zeroOnFree = zeroOnFree;
        this.isDefault = isDefault;
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
        PoolChunk c = pollFree();
        if (c == null) {
            c = grow();
        }
        c.onTake();
        outstanding.incrementAndGet();
        return c;
    }

    private PoolChunk grow() {
        synchronized (growLock) {
            PoolChunk c = pollFree(); // another thread may have grown the pool meanwhile
            if (c != null) {
                return c;
            }
            long room = maxBytes - allocatedBytes;
            long bytes = Math.min(slabBytes, room / chunkSize * chunkSize);
            if (bytes < chunkSize) {
                throw new PoolExhaustedException("BufferPool: maxBytes=" + maxBytes + " reached (allocated="
                        + allocatedBytes + ", outstanding chunks=" + outstanding.get() + ", chunkSize=" + chunkSize + ")");
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
                    pushFree(chunk);
                }
            }
            return first;
        }
    }

    /** Called when a chunk's last hold goes. */
    void giveBack(PoolChunk c) {
        outstanding.decrementAndGet();
        if (closed) {
            return;
        }
        if (zeroOnFree) {
            c.rawSegment().fill((byte) 0);
        }
        pushFree(c);
    }

    private PoolChunk pollFree() {
        synchronized (freeLock) {
            if (nrFree == 0) {
                return null;
            }
            PoolChunk c = free[--nrFree];
            free[nrFree] = null;
            return c;
        }
    }

    private void pushFree(PoolChunk c) {
        synchronized (freeLock) {
            if (nrFree == free.length) {
                // only reached when a slab brings the chunk count past every earlier peak
                free = Arrays.copyOf(free, Math.max(16, nrFree * 2));
            }
            free[nrFree++] = c;
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
     * The chunks currently held by someone.
     *
     * @return the count, {@code >= 0}
     */
    public long outstandingChunks() {
        return outstanding.get();
    }

    /**
     * The chunks waiting in the free list.
     *
     * @return the count, {@code >= 0}
     */
    public int pooledChunks() {
        synchronized (freeLock) {
            return nrFree;
        }
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
            synchronized (freeLock) {
                Arrays.fill(free, 0, nrFree, null);
                nrFree = 0;
            }
            arena.close();
        }
    }

    /**
     * Describes the pool: {@code BufferPool[chunk=4096, allocated=1048576, outstanding=3]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "BufferPool[chunk=" + chunkSize + ", outstanding=" + outstanding.get() + (closed ? ", closed" : "") + "]";
    }
}
