package io.bvecq.lucene;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import io.bvecq.io.IoErrnoException;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.DataAccessHint;
import org.apache.lucene.store.FSLockFactory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.LockFactory;
import org.apache.lucene.store.MMapDirectory;

/**
 * A Lucene {@link MMapDirectory} whose outputs are written with direct I/O from pooled, page-aligned chunks,
 * and whose merge reads are read ahead with direct I/O into pooled chunks, so that merging a large index
 * does not push the searchable part of it out of the page cache.
 *
 * <pre>
 *   createOutput ---&gt; [chunk 0][chunk 1]...  full chunks: IoFile.write(policy)  (O_DIRECT; bounced on a
 *   (every output)     one pooled chunk,                                          stable-writes device)
 *                      CRC32 as bytes come    tail at close: aligned part direct, the rest uncached buffered
 *
 *   openInput --- MERGE context, or SEQUENTIAL hint, file &gt;= minDirectReadBytes ---&gt; direct read-ahead into
 *             |                                         pooled chunks, shared by clones and slices
 *             +-- otherwise ---&gt; MMapDirectory's input (preload, read advice and grouping settings apply)
 * </pre>
 *
 * <p>Everything else is {@link org.apache.lucene.store.FSDirectory}'s own code, unchanged: {@code sync} (an
 * {@code fsync} of each file: durable when it returns), {@code syncMetaData} (an {@code fsync} of the
 * directory), {@code rename} (an atomic move), {@code deleteFile} and its pending deletions, {@code listAll},
 * {@code fileLength} and locking. Outputs and direct inputs open the file through {@link IoFile} by its path.
 *
 * <p>Memory: chunks come from one {@link BufferPool} of {@link Builder#chunkSize} bytes per chunk. An output
 * holds one chunk while open, and a second one once it has filled a chunk if the pool has one free then: it
 * writes each full chunk behind, on a writer thread, while it appends into the other
 * ({@link Builder#writeBehind}). The writer threads are the directory's daemon threads, named
 * {@code bvecq-lucene-write-behind-<directory name>}: made when needed, ended after 2 s idle, and ended when the
 * directory and every output it opened are closed. A direct input, each of its clones and each slice holds at
 * most one chunk (the one it reads from), shared by reference with the others of the same file that read the
 * same chunk; a clone that is dropped without being closed keeps its chunk until the input it came from is
 * closed, as Lucene closes clones with their original. When the pool is exhausted a taker waits up to
 * {@link Builder#poolWait} and then fails with an {@link IOException}.
 *
 * <p>Threads: as for every Lucene {@code Directory}: any method from any thread; an input or output (and each
 * clone) is used by one thread at a time. Closing the directory closes the pool once every output and direct
 * input it opened is closed; an input used after its file was closed throws {@link AlreadyClosedException}.
 */
public final class BvecqDirectory extends MMapDirectory {
    /**
     * The default chunk size: 256 KiB per direct write and per read-ahead, as Lucene's {@code DirectIODirectory}
     * buffer. Merges seek (term blocks, postings of each field), and every seek out of a chunk reads a whole one,
     * so a larger chunk reads more than the merge needs.
     */
    public static final int DEFAULT_CHUNK_SIZE = 256 << 10;
    /** The default pool limit: 256 MiB. */
    public static final long DEFAULT_POOL_BYTES = 256L << 20;
    /** The default smallest file read with direct read-ahead: 10 MiB, as Lucene's {@code DirectIODirectory}. */
    public static final long DEFAULT_MIN_DIRECT_READ_BYTES = 10L << 20;

    /** Which inputs read ahead with direct I/O into pooled chunks instead of mapping the file. */
    public enum ReadMode {
        /**
         * Inputs opened for a merge ({@link IOContext.Context#MERGE}) or with the {@link DataAccessHint#SEQUENTIAL}
         * hint, of files of at least {@link Builder#minDirectReadBytes} bytes; every other input is mapped.
         */
        MERGES_AND_SEQUENTIAL,
        /** Every input, whatever its context or size (tests, and workloads that never search). */
        ALWAYS,
        /** No input: every input is mapped, only outputs use the toolkit. */
        NEVER
    }

    private final BufferPool pool;
    private final boolean ownsPool;
    private final WritePolicy writePolicy;
    private final ReadMode readMode;
    private final long minDirectReadBytes;
    private final long poolWaitNanos;
    private final ThreadPoolExecutor writers; // null without write-behind
    private final AtomicLong nextTempFileCounter = new AtomicLong();
    // open outputs and direct inputs, plus 1 while the directory is open: the pool closes when it reaches 0
    private final AtomicInteger users = new AtomicInteger(1);
    private volatile boolean closed;

    private BvecqDirectory(Builder b) throws IOException {
        super(b.path, b.lockFactory);
        this.ownsPool = b.pool == null;
        this.pool = ownsPool ? BufferPool.create(b.chunkSize, b.poolBytes, false) : b.pool;
        this.writePolicy = b.writePolicy;
        this.readMode = b.readMode;
        this.minDirectReadBytes = b.minDirectReadBytes;
        this.poolWaitNanos = b.poolWaitNanos;
        // the writer threads: made when an output fills a chunk, ended 2 s idle and when the directory and every
        // output it opened are closed (exitUser), so that closing the directory leaves no thread behind
        String threadName = "bvecq-lucene-write-behind-" + b.path.getFileName(); // null for "/": "...-null"
        this.writers = !b.writeBehind ? null : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2L,
                TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Starts building a directory over {@code path}.
     *
     * @param path the directory; created if it does not exist
     * @return a builder with the defaults: {@link #DEFAULT_CHUNK_SIZE}, {@link #DEFAULT_POOL_BYTES},
     *     {@link WritePolicy#AUTO}, {@link ReadMode#MERGES_AND_SEQUENTIAL}, {@link #DEFAULT_MIN_DIRECT_READ_BYTES},
     *     a pool wait of 30 seconds, write-behind on, and {@link FSLockFactory#getDefault()}
     * @throws NullPointerException if {@code path} is null
     */
    public static Builder builder(Path path) {
        return new Builder(Objects.requireNonNull(path, "path"));
    }

    /**
     * Opens a directory over {@code path} with the defaults of {@link #builder(Path)}.
     *
     * @param path the directory; created if it does not exist
     * @return the open directory; the caller must close it
     * @throws IOException if the directory cannot be created or resolved
     * @throws NullPointerException if {@code path} is null
     */
    public static BvecqDirectory open(Path path) throws IOException {
        return builder(path).build();
    }

    /**
     * The pool the chunks come from.
     *
     * @return the pool; owned by this directory unless one was given to the builder
     */
    public BufferPool pool() {
        return pool;
    }

    /**
     * The write policy every output's full chunks are written with.
     *
     * @return the policy
     */
    public WritePolicy writePolicy() {
        return writePolicy;
    }

    /**
     * Which inputs read with direct I/O.
     *
     * @return the read mode
     */
    public ReadMode readMode() {
        return readMode;
    }

    /**
     * Creates a new file and an output that appends to it through pooled chunks and direct I/O.
     *
     * @param name the file name; must not exist
     * @param context the context (every context takes the same path)
     * @return the output, owned by the caller, which must close it
     * @throws FileAlreadyExistsException if the file exists
     * @throws AlreadyClosedException if this directory is closed
     * @throws IOException if the file cannot be created or no chunk came from the pool in time
     */
    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        ensureOpen();
        // the file may be one of FSDirectory's pending deletions (a delete that failed, as on Windows): try them
        // again first, as FSDirectory.createOutput does, so that a name is brought back to life on a fresh file
        if (!getPendingDeletions().isEmpty()) {
            deletePendingFiles();
        }
        return newOutput(name);
    }

    /**
     * Creates a new file with a unique name {@code prefix_suffix_N.tmp} and an output for it, as
     * {@link #createOutput} does.
     *
     * @param prefix the name's prefix
     * @param suffix the name's suffix
     * @param context the context
     * @return the output, owned by the caller, which must close it
     * @throws AlreadyClosedException if this directory is closed
     * @throws IOException if the file cannot be created
     */
    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        ensureOpen();
        while (true) {
            String name = getTempFileName(prefix, suffix, nextTempFileCounter.getAndIncrement());
            if (getPendingDeletions().contains(name)) {
                continue;
            }
            try {
                return newOutput(name);
            } catch (@SuppressWarnings("unused") FileAlreadyExistsException e) {
                // taken by someone else: the next number
            }
        }
    }

    private IndexOutput newOutput(String name) throws IOException {
        Path path = getDirectory().resolve(name);
        enterUser();
        boolean success = false;
        IoFile file = null;
        PoolChunk chunk = null;
        try {
            file = openFile(path, name, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            chunk = takeChunk(name);
            IndexOutput out = new BvecqIndexOutput(name, file, chunk, pool, writers,
                    writePolicy, this::exitUser);
            success = true;
            return out;
        } finally {
            if (!success) {
                try {
                    if (chunk != null) {
                        chunk.release();
                    }
                    if (file != null) {
                        file.close();
                    }
                } finally {
                    exitUser();
                }
            }
        }
    }

    /**
     * Opens a file for reading: with direct read-ahead into pooled chunks where {@link #readMode()} says so,
     * else through {@link MMapDirectory}.
     *
     * @param name the file name
     * @param context the context: its {@link IOContext#context()} and {@link DataAccessHint} choose the path
     * @return the input, owned by the caller, which must close it
     * @throws NoSuchFileException if the file does not exist or is pending deletion
     * @throws AlreadyClosedException if this directory is closed
     * @throws IOException if the file cannot be opened
     */
    @Override
    public IndexInput openInput(String name, IOContext context) throws IOException {
        ensureOpen();
        ensureCanRead(name);
        if (!useDirectRead(context)) {
            return super.openInput(name, context);
        }
        Path path = getDirectory().resolve(name);
        long length = fileLength(name);
        if (readMode == ReadMode.MERGES_AND_SEQUENTIAL && length < minDirectReadBytes) {
            return super.openInput(name, context);
        }
        enterUser();
        boolean success = false;
        IoFile file = null;
        try {
            file = openFile(path, name, StandardOpenOption.READ);
            IndexInput in = DirectIndexInput.open("BvecqDirectory.DirectIndexInput(path=\"" + path + "\")",
                    new DirectFile(name, file, file.size(), pool.chunkSize(), this::takeChunk, this::exitUser));
            success = true;
            return in;
        } finally {
            if (!success) {
                try {
                    if (file != null) {
                        file.close();
                    }
                } finally {
                    exitUser();
                }
            }
        }
    }

    private boolean useDirectRead(IOContext context) {
        return switch (readMode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case MERGES_AND_SEQUENTIAL -> context.context() == IOContext.Context.MERGE
                    || context.hints().contains(DataAccessHint.SEQUENTIAL);
        };
    }

    /** Opens through IoFile, turning the errno of a missing or existing file into the exceptions Lucene expects. */
    private static IoFile openFile(Path path, String name, StandardOpenOption... options) throws IOException {
        try {
            return IoFile.open(path, options);
        } catch (IoErrnoException e) {
            switch (e.errnoName()) {
                case "EEXIST" -> {
                    FileAlreadyExistsException x = new FileAlreadyExistsException(name);
                    x.initCause(e);
                    throw x;
                }
                case "ENOENT" -> {
                    NoSuchFileException x = new NoSuchFileException(name);
                    x.initCause(e);
                    throw x;
                }
                default -> throw e;
            }
        }
    }

    /** Takes a chunk for the file {@code name}, waiting up to the pool wait. */
    private PoolChunk takeChunk(String name) throws IOException {
        try {
            PoolChunk c = pool.take(poolWaitNanos, TimeUnit.NANOSECONDS);
            if (c == null) {
                throw new IOException("no chunk for " + name + " within " + TimeUnit.NANOSECONDS.toMillis(poolWaitNanos)
                        + " ms: " + pool + " (every chunk is held by an open output or input)");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for a chunk for " + name);
        }
    }

    private void enterUser() {
        for (;;) {
            int u = users.get();
            if (u == 0) {
                throw new AlreadyClosedException("this Directory is closed");
            }
            if (users.compareAndSet(u, u + 1)) {
                return;
            }
        }
    }

    private void exitUser() {
        if (users.decrementAndGet() == 0) {
            if (writers != null) {
                writers.shutdown(); // no output is open, so no write is in flight: idle writer threads end now
                try {
                    writers.awaitTermination(1, TimeUnit.SECONDS); // gone when close returns (thread-leak checkers)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (ownsPool) {
                pool.close();
            }
        }
    }

    /**
     * Closes the directory as {@link org.apache.lucene.store.FSDirectory#close()} does; the pool it owns closes
     * when the last output and direct input it opened is closed too. Closing twice does nothing.
     *
     * @throws IOException if a pending deletion fails
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            super.close();
        } finally {
            exitUser();
        }
    }

    /**
     * Describes the directory: its class, path, lock factory, chunk size and modes.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return super.toString() + " chunkSize=" + pool.chunkSize() + " writePolicy=" + writePolicy + " readMode="
                + readMode + " writeBehind=" + (writers != null);
    }

    /**
     * Builds a {@link BvecqDirectory}. Not thread-safe; every setter returns this builder.
     */
    public static final class Builder {
        private final Path path;
        private LockFactory lockFactory = FSLockFactory.getDefault();
        private BufferPool pool;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private long poolBytes = DEFAULT_POOL_BYTES;
        private WritePolicy writePolicy = WritePolicy.AUTO;
        private ReadMode readMode = ReadMode.MERGES_AND_SEQUENTIAL;
        private long minDirectReadBytes = DEFAULT_MIN_DIRECT_READ_BYTES;
        private long poolWaitNanos = TimeUnit.SECONDS.toNanos(30);
        private boolean writeBehind = true;

        private Builder(Path path) {
            this.path = path;
        }

        /**
         * The lock factory.
         *
         * @param lockFactory the lock factory
         * @return this builder
         * @throws NullPointerException if {@code lockFactory} is null
         */
        public Builder lockFactory(LockFactory lockFactory) {
            this.lockFactory = Objects.requireNonNull(lockFactory, "lockFactory");
            return this;
        }

        /**
         * The chunk size of the pool the directory creates: the size of each direct write and read-ahead.
         *
         * @param chunkSize a power of two, {@code 4096 <= chunkSize <= 1 GiB}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < BufferPool.PAGE_SIZE || Integer.bitCount(chunkSize) != 1 || chunkSize > (1 << 30)) {
                throw new IllegalArgumentException("chunkSize: " + chunkSize + " (expected: a power of two, "
                        + BufferPool.PAGE_SIZE + " <= chunkSize <= " + (1 << 30) + ")");
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * The most memory the pool the directory creates may allocate.
         *
         * @param poolBytes at least the chunk size (checked when the pool is created)
         * @return this builder
         * @throws IllegalArgumentException if {@code poolBytes <= 0}
         */
        public Builder poolBytes(long poolBytes) {
            if (poolBytes <= 0) {
                throw new IllegalArgumentException("poolBytes: " + poolBytes + " (expected: poolBytes > 0)");
            }
            this.poolBytes = poolBytes;
            return this;
        }

        /**
         * A pool to take chunks from instead of one the directory creates and owns; its chunk size is the size
         * of each direct write and read-ahead. The caller keeps ownership and closes it after the directory and
         * every output and input from it are closed.
         *
         * @param pool an open pool
         * @return this builder
         * @throws NullPointerException if {@code pool} is null
         */
        public Builder pool(BufferPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * The policy for full chunks of outputs. {@link WritePolicy#AUTO} (the default) writes them directly
         * and bounces them on a stable-writes device; the directory never changes a chunk while its write is in
         * flight, so {@link WritePolicy#TRUSTED} is safe there too and skips the copy.
         *
         * @param writePolicy the policy
         * @return this builder
         * @throws NullPointerException if {@code writePolicy} is null
         */
        public Builder writePolicy(WritePolicy writePolicy) {
            this.writePolicy = Objects.requireNonNull(writePolicy, "writePolicy");
            return this;
        }

        /**
         * Which inputs read with direct I/O.
         *
         * @param readMode the mode
         * @return this builder
         * @throws NullPointerException if {@code readMode} is null
         */
        public Builder readMode(ReadMode readMode) {
            this.readMode = Objects.requireNonNull(readMode, "readMode");
            return this;
        }

        /**
         * The smallest file read with direct I/O under {@link ReadMode#MERGES_AND_SEQUENTIAL}.
         *
         * @param minDirectReadBytes bytes, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder minDirectReadBytes(long minDirectReadBytes) {
            if (minDirectReadBytes < 0) {
                throw new IllegalArgumentException("minDirectReadBytes: " + minDirectReadBytes
                        + " (expected: minDirectReadBytes >= 0)");
            }
            this.minDirectReadBytes = minDirectReadBytes;
            return this;
        }

        /**
         * Whether outputs write full chunks behind (the default): the write of a full chunk runs on a writer
         * thread while the output appends into a second chunk, so the caller's CPU work and the device's write
         * overlap. At most one write per output is in flight; its failure is thrown by the output's next flush
         * or close. With {@code false}, each full chunk is written on the caller's thread, as
         * {@code DirectIODirectory} does.
         *
         * @param writeBehind whether to write behind
         * @return this builder
         */
        public Builder writeBehind(boolean writeBehind) {
            this.writeBehind = writeBehind;
            return this;
        }

        /**
         * How long a taker waits for a chunk when the pool is exhausted before failing.
         *
         * @param timeout the wait, {@code >= 0}
         * @param unit its unit
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout < 0}
         * @throws NullPointerException if {@code unit} is null
         */
        public Builder poolWait(long timeout, TimeUnit unit) {
            Objects.requireNonNull(unit, "unit");
            if (timeout < 0) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: timeout >= 0)");
            }
            this.poolWaitNanos = unit.toNanos(timeout);
            return this;
        }

        /**
         * Opens the directory.
         *
         * @return the open directory; the caller must close it
         * @throws IOException if the directory cannot be created or resolved
         * @throws IllegalArgumentException if the pool limit is below the chunk size
         */
        public BvecqDirectory build() throws IOException {
            return new BvecqDirectory(this);
        }
    }
}
