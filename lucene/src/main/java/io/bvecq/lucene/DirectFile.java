package io.bvecq.lucene;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import io.bvecq.io.IoFile;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * One file opened for direct read-ahead, shared by an input, its clones and its slices: the {@link IoFile},
 * and the chunks read from it so far that some input still reads, one {@link Window} per chunk index.
 *
 * <pre>
 *   file:     [ chunk 0 ][ chunk 1 ][ chunk 2 ]...[ chunk n: length % chunkSize ]
 *   windows:              W1 (uses 2)            W3 (uses 1)
 *                         ^     ^                ^
 *                   input  clone            slice
 * </pre>
 * An input holds one use of the window it reads from. The last use going returns the chunk to the pool; a
 * window whose uses reached 0 is never used again (a reader that wants its chunk reads a new one).
 *
 * <p>Lifetime: every window's memory is seen through a view bound to this file's shared {@link Arena}
 * ({@code scope}). {@link #close()} closes that arena first (a handshake after which no thread can read
 * through any view, so a clone used after its file was closed gets an {@link IllegalStateException}, never
 * another owner's bytes), then returns every chunk still held.
 *
 * <p>Threads: {@link #acquire} and {@link #drop} from any thread; the window table changes under this
 * object's lock, once per chunk read, so a window is in the table only while it has uses or is about to
 * leave it.
 */
final class DirectFile {
    /** Where chunks come from: the directory's pool with its wait. */
    interface ChunkSource {
        PoolChunk take(String name) throws IOException;
    }

    /** One chunk of the file in pooled memory; {@code seg} is the view bound to the file's scope. */
    static final class Window {
        final long index;
        final long fileOffset;
        final int length;
        final MemorySegment seg;
        private final PoolChunk chunk;
        private final AtomicInteger uses = new AtomicInteger(1);
        private final AtomicBoolean returned = new AtomicBoolean(); // the chunk went back, by drop or by close

        Window(long index, long fileOffset, int length, MemorySegment seg, PoolChunk chunk) {
            this.index = index;
            this.fileOffset = fileOffset;
            this.length = length;
            this.seg = seg;
            this.chunk = chunk;
        }

        /** Adds a use unless the last one already went; the caller then reads a new window. */
        boolean retain() {
            for (;;) {
                int u = uses.get();
                if (u == 0) {
                    return false;
                }
                if (uses.compareAndSet(u, u + 1)) {
                    return true;
                }
            }
        }

        /** Returns the chunk to its pool, once, whoever comes first: the last drop or the file's close. */
        void returnChunk() {
            if (returned.compareAndSet(false, true)) {
                chunk.release();
            }
        }
    }

    final String name;
    final long length;
    final int chunkSize;
    private final IoFile file;
    private final ChunkSource chunks;
    private final Runnable onClose;
    private final Arena scope = Arena.ofShared();
    private final Map<Long, Window> windows = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    /** Takes ownership of {@code file}; {@link #close()} closes it and then runs {@code onClose}. */
    DirectFile(String name, IoFile file, long length, int chunkSize, ChunkSource chunks, Runnable onClose) {
        this.name = name;
        this.file = file;
        this.length = length;
        this.chunkSize = chunkSize;
        this.chunks = chunks;
        this.onClose = onClose;
    }

    /**
     * A window on chunk {@code index} with one use for the caller: a window already read if one is live,
     * else a chunk newly read with direct I/O.
     *
     * @throws AlreadyClosedException if the file was closed
     * @throws EOFException if the file is shorter than it was when opened
     */
    Window acquire(long index) throws IOException {
        synchronized (this) {
            if (closed) {
                throw alreadyClosed(null);
            }
            Window w = windows.get(index);
            if (w != null && w.retain()) {
                return w;
            }
        }
        long off = index * chunkSize;
        int len = (int) Math.min(chunkSize, length - off);
        PoolChunk c = chunks.take(name);
        boolean success = false;
        try {
            MemorySegment mem = c.segment();
            // whole pages, so the read can be direct; the file ends inside the last one
            int readLen = Math.min(chunkSize, (len + BufferPool.PAGE_SIZE - 1) & -BufferPool.PAGE_SIZE);
            long n;
            try (IoIter it = IoIter.segment(Direction.DEST, mem, 0, readLen)) {
                n = file.read(off, it);
            } catch (IOException e) {
                synchronized (this) {
                    if (closed) {
                        throw alreadyClosed(e);
                    }
                }
                throw e;
            }
            if (n < len) {
                throw new EOFException("read past EOF: " + name + " has " + (off + n) + " bytes, expected " + length);
            }
            Window w = new Window(index, off, len, mem.reinterpret(scope, null), c);
            synchronized (this) {
                if (closed) {
                    throw alreadyClosed(null);
                }
                Window cur = windows.get(index);
                if (cur != null && cur.retain()) { // another reader got there first: share its chunk
                    return cur;
                }
                windows.put(index, w);
            }
            success = true;
            return w;
        } finally {
            if (!success) {
                c.release();
            }
        }
    }

    /** Drops one use of {@code w}; the last one takes it out of the table and returns its chunk. */
    void drop(Window w) {
        if (w.uses.decrementAndGet() == 0) {
            synchronized (this) {
                windows.remove(w.index, w);
            }
            w.returnChunk();
        }
    }

    /**
     * Closes the file: no view can be read after this returns; every chunk still held goes back to the pool;
     * the descriptor is closed. Closing twice does nothing.
     */
    void close() throws IOException {
        List<Window> held;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            held = new ArrayList<>(windows.values());
            windows.clear();
        }
        try {
            scope.close(); // handshake: from here on no thread reads a chunk through a view
            for (Window w : held) {
                w.returnChunk();
            }
            file.close();
        } finally {
            onClose.run();
        }
    }

    /** The exception for use after close, naming the file. */
    AlreadyClosedException alreadyClosed(Throwable cause) {
        return new AlreadyClosedException("already closed: " + name, cause);
    }
}
