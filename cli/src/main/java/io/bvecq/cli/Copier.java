package io.bvecq.cli;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteReason;
import io.bvecq.io.WriteStrategy;
import io.bvecq.io.Extent;
import io.bvecq.io.IoFile;
import io.bvecq.io.WriteResult;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.uring.AsyncFile;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * The bytes of {@code bvq copy}: moves a {@link CopySource} into a {@link CopyTarget} through pooled chains.
 *
 * <ul>
 *   <li>File to file: the source's data extents ({@link IoFile#dataExtents}) are cut into blocks; up to
 *       {@code inFlight} blocks are read and written at once, each at its own offset
 *       with the chosen write policy. Holes are not read and not written: the target was sized first, so
 *       they stay holes. A last partial block is padded to the target's direct I/O alignment and the file
 *       truncated to size afterwards, so the tail keeps the direct path.</li>
 *   <li>Stream to file (pipe, stdin, device, {@code /proc}): this thread reads blocks to the end, each
 *       filled before it is written, and the executor writes them as above.</li>
 *   <li>Anything to a stream (device, FIFO, stdout): one block at a time, read then written in order, with
 *       plain {@code write} calls.</li>
 * </ul>
 *
 * <p>Engines: blocks in flight are either requests on io_uring ({@link AsyncFile}, one ring for the source and
 * one for the target; a block's write is submitted from its read's completion), or tasks on a small executor
 * running blocking {@link IoFile} calls. {@code auto} takes io_uring where it sets up, except on a
 * stable-writes target, where the executor's writes can tell the policy that a pooled block is a stable source
 * (zero-copy under {@code AUTO} and {@code STRICT}) and the ring's cannot.
 *
 * <p>Between blocks the copy checks its {@link Cancellation}; when a signal arrives it stops submitting,
 * waits for the blocks in flight, and throws {@link Cancellation.Cancelled}. The caller owns the target and
 * removes its temporary.
 */
final class Copier {
    private final WritePolicy policy;
    private final int block;
    private final int inFlight;
    private final boolean verify;
    private final Cancellation cancel;
    private final PrintStream progress;
    private final String engine;

    /** The engines {@code --engine} names. */
    static final List<String> ENGINES = List.of("auto", "uring", "threads");

    /** What a copy did. */
    static final class Result {
        String engine = "threads";
        String engineReason = "";
        long bytes;
        long dataBytes;
        double seconds;
        final Map<String, Long> strategies = new LinkedHashMap<>();
        final Map<String, Long> fallbacks = new LinkedHashMap<>();
        boolean verified;
        long srcCrc;
        long dstCrc;

        double mbPerSecond() {
            return seconds > 0 ? bytes / 1e6 / seconds : 0;
        }

        /** The strategy of most writes, lower case; "none" when nothing was written through a policy. */
        String strategy() {
            return strategies.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse("none");
        }
    }

    /**
     * Creates a copier.
     *
     * @param policy the write policy for file targets
     * @param block bytes per read and write, a power of two
     * @param inFlight blocks in flight at once, {@code >= 1}
     * @param verify whether to checksum the source and read the target back
     * @param cancel the token checked between blocks
     * @param progress where a progress bar goes, or null
     * @param engine one of {@link #ENGINES}: {@code uring} fails where io_uring does not set up, {@code auto}
     *     falls back to the executor
     */
    Copier(WritePolicy policy, int block, int inFlight, boolean verify, Cancellation cancel, PrintStream progress,
            String engine) {
        if (!ENGINES.contains(engine)) {
            throw new IllegalArgumentException("engine: " + engine + " (expected: one of " + ENGINES + ")");
        }
        this.engine = engine;
        this.policy = policy;
        this.block = block;
        this.inFlight = inFlight;
        this.verify = verify;
        this.cancel = cancel;
        this.progress = progress;
    }

    /**
     * Copies every byte of {@code src} into {@code dst}, from the start.
     *
     * @param src the open source
     * @param dst the open target
     * @return what was done
     * @throws IOException if a read or write fails; the target holds a part of the data
     * @throws Cancellation.Cancelled if a signal stopped the copy; nothing is in flight any more
     */
    Result copy(CopySource src, CopyTarget dst) throws IOException, Cancellation.Cancelled {
        Result res = new Result();
        long start = System.nanoTime();
        try (BufferPool pool = BufferPool.create(block, (long) block * (inFlight + 2), false)) {
            if (dst.file() == null) {
                res.engine = "none";
                res.engineReason = "a stream target is written in order by this thread";
                sequential(src, dst, pool, res);
            } else {
                AsyncFile out = openEngine(dst.file(), res);
                try {
                    if (src.file() != null) {
                        fileToFile(src.file(), dst.file(), out, pool, res);
                    } else {
                        streamToFile(src, dst.file(), out, pool, res);
                    }
                } finally {
                    if (out != null) {
                        addFallbacks(out.file(), res);
                        out.close(); // every request has completed: the writers drained
                    }
                }
            }
            res.seconds = (System.nanoTime() - start) / 1e9;
            if (dst.file() != null) {
                addFallbacks(dst.file(), res);
                if (verify) {
                    if (src.file() != null) {
                        res.srcCrc = checksum(src.file(), pool, res.bytes);
                    }
                    res.dstCrc = checksum(dst.file(), pool, res.bytes);
                    res.verified = res.srcCrc == res.dstCrc;
                }
            }
        }
        if (progress != null) {
            bar(res.bytes, res.bytes, start);
            progress.println();
        }
        return res;
    }

    private static void addFallbacks(IoFile f, Result res) {
        for (Map.Entry<WriteReason, Long> e : f.fallbackCounts().entrySet()) {
            res.fallbacks.merge(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue(), Long::sum);
        }
    }

    /**
     * The ring that writes the target, or null for the executor; says which in {@code res}. A second
     * descriptor of the same file: the target's own {@link IoFile} still sizes, syncs and renames it.
     *
     * @throws IOException with {@code --engine uring} where io_uring does not set up
     */
    private AsyncFile openEngine(IoFile dst, Result res) throws IOException {
        if (engine.equals("threads")) {
            res.engineReason = "--engine threads";
            return null;
        }
        if (dst.capabilities().stableWrites() && engine.equals("auto")) {
            res.engineReason = "stable-writes target: the executor writes pooled blocks zero-copy";
            return null;
        }
        Path p = Path.of(dst.path());
        AsyncFile f = engine.equals("uring")
                ? AsyncFile.open(p, AsyncFile.Engine.URING, AsyncFile.DEFAULT_ENTRIES, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)
                : AsyncFile.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        if (f.engine() != AsyncFile.Engine.URING) {
            res.engineReason = f.engineReason();
            f.close();
            return null;
        }
        res.engine = "uring";
        res.engineReason = engine.equals("uring") ? "--engine uring" : "io_uring available";
        return f;
    }

    // ------------------------------------------------------------------------------------------------
    // File to file: parallel blocks over the data extents

    private void fileToFile(IoFile src, IoFile dst, AsyncFile out, BufferPool pool, Result res)
            throws IOException, Cancellation.Cancelled {
        long size = src.size();
        dst.truncate(size); // holes stay holes: only data extents are written below
        List<long[]> pieces = new ArrayList<>();
        for (Extent e : src.dataExtents(0, size)) {
            for (long off = e.offset(); off < e.end(); ) {
                long end = Math.min(e.end(), (off / block + 1) * block);
                pieces.add(new long[] {off, end - off});
                off = end;
            }
        }
        int align = Math.max(1, dst.capabilities().dioOffsetAlign());
        Writers w = new Writers();
        long start = System.nanoTime();
        if (out != null) {
            try {
                try (AsyncFile in = AsyncFile.open(Path.of(src.path()), AsyncFile.Engine.URING,
                        AsyncFile.DEFAULT_ENTRIES, StandardOpenOption.READ)) {
                    for (long[] p : pieces) {
                        if (!w.admit()) {
                            break;
                        }
                        submitBlock(in, out, pool, p[0], p[1], size, align, w);
                        if (progress != null) {
                            bar(w.done.get(), size, start);
                        }
                    }
                } // close waits for the reads in flight; their writes are then in out's hands
            } finally {
                w.drain();
            }
            finishFileToFile(dst, size, res, w);
            return;
        }
        try {
            for (long[] p : pieces) {
                if (!w.admit()) {
                    break;
                }
                long off = p[0];
                long len = p[1];
                w.run(() -> {
                    Bvecq buf = BvecqBuffers.allocBuffer(pool, block, 0);
                    BvecqPos pos = BvecqPos.at(buf);
                    try {
                        long n = src.read(off, pos, len);
                        if (n != len) {
                            throw new IOException(src.path() + " changed size during the copy: read " + n
                                    + " of " + len + " bytes at offset " + off);
                        }
                        write(dst, buf, pos, off, n, off + n == size ? align : 1, w);
                    } finally {
                        pos.unset();
                        buf.release();
                    }
                    return len;
                });
                if (progress != null) {
                    bar(w.done.get(), size, start);
                }
            }
        } finally {
            w.drain();
        }
        finishFileToFile(dst, size, res, w);
    }

    private static void finishFileToFile(IoFile dst, long size, Result res, Writers w) throws IOException {
        if (dst.size() != size) {
            dst.truncate(size); // drop the padding of a partial last block
        }
        res.bytes = size;
        res.dataBytes = w.done.get();
        w.strategiesInto(res);
    }

    /**
     * One block on the rings: a read of {@code len} bytes at {@code off} into a new pooled block, then, from
     * its completion, the write of the same bytes at the same offset; the block goes back to the pool and the
     * slot {@link Writers#admit()} took is freed when the write completes (or the read fails).
     */
    private void submitBlock(AsyncFile in, AsyncFile out, BufferPool pool, long off, long len, long size, int align,
            Writers w) {
        Bvecq buf;
        try {
            buf = BvecqBuffers.allocBuffer(pool, block, 0);
        } catch (RuntimeException | Error e) {
            w.finish(null, 0, null, e);
            return;
        }
        IoIter into = null;
        try {
            IoIter it = IoIter.bvecq(Direction.DEST, buf, 0, 0, len);
            into = it;
            in.read(off, it).handle((n, t) -> {
                it.close(); // the read is over: the iterator is ours again
                if (t != null) {
                    throw t instanceof CompletionException ce ? ce : new CompletionException(t);
                }
                if (n != len) {
                    throw new CompletionException(new IOException(src(in) + " changed size during the copy: read "
                            + n + " of " + len + " bytes at offset " + off));
                }
                return n;
            }).thenCompose(n -> writeAsync(out, buf, off, n, off + n == size ? align : 1))
                    .whenComplete((r, t) -> w.finish(buf, len, r, t));
        } catch (Throwable t) { // refused before the ring took it: nothing is in flight
            if (into != null) {
                into.close();
            }
            w.finish(buf, 0, null, t);
        }
    }

    private static String src(AsyncFile in) {
        return in.file().path();
    }

    /**
     * Submits the write of {@code n} bytes of a block at {@code off} on the ring, padded to {@code align}; the
     * returned stage completes when the write has, with the block's iterator closed. Never throws: a refused
     * submission is a failed stage.
     */
    private CompletableFuture<WriteResult> writeAsync(AsyncFile out, Bvecq buf, long off, long n, int align) {
        IoIter from = null;
        try {
            long len = padded(buf, n, align);
            IoIter it = IoIter.bvecq(Direction.SOURCE, buf, 0, 0, len);
            from = it;
            return out.write(off, it, policy).whenComplete((r, t) -> it.close());
        } catch (Throwable t) {
            if (from != null) {
                from.close();
            }
            return CompletableFuture.failedFuture(t);
        }
    }

    /** Writes {@code n} bytes of a block whose memory is {@code block} long, padding the tail to {@code align}. */
    private void write(IoFile dst, Bvecq buf, BvecqPos pos, long off, long n, int align, Writers w)
            throws IOException {
        long len = padded(buf, n, align);
        // the block is pooled memory this task alone holds and nobody changes: a stable source
        WriteResult r = dst.writeStable(off, pos, len, policy);
        w.count(r.decision().strategy());
    }

    /** The bytes to write for {@code n} bytes of a block: up to the next multiple of {@code align}, zero-filled. */
    private long padded(Bvecq buf, long n, int align) {
        long len = n % align == 0 ? n : Math.min(block, (n + align - 1) / align * align);
        if (len > n) {
            segment(buf).asSlice(n, len - n).fill((byte) 0);
        }
        return len;
    }

    private MemorySegment segment(Bvecq buf) {
        return buf.segment(0).asSlice(buf.offset(0), block);
    }

    // ------------------------------------------------------------------------------------------------
    // Stream to file: this thread reads in order, the executor writes

    private void streamToFile(CopySource src, IoFile dst, AsyncFile out, BufferPool pool, Result res)
            throws IOException, Cancellation.Cancelled {
        int align = Math.max(1, dst.capabilities().dioOffsetAlign());
        CRC32C crc = verify ? new CRC32C() : null;
        Writers w = new Writers();
        long start = System.nanoTime();
        long off = 0;
        try {
            while (w.admit()) {
                Bvecq buf = BvecqBuffers.allocBuffer(pool, block, 0);
                boolean handedOver = false;
                try {
                    int n = fill(src, segment(buf).asByteBuffer());
                    if (n == 0) {
                        w.slots.release();
                        break;
                    }
                    if (crc != null) {
                        crc.update(segment(buf).asSlice(0, n).asByteBuffer());
                    }
                    long at = off;
                    off += n;
                    boolean last = n < block;
                    handedOver = true;
                    if (out != null) {
                        writeAsync(out, buf, at, n, last ? align : 1).whenComplete((r, t) -> w.finish(buf, n, r, t));
                    } else {
                        w.run(() -> {
                            BvecqPos pos = BvecqPos.at(buf);
                            try {
                                write(dst, buf, pos, at, n, last ? align : 1, w);
                            } finally {
                                pos.unset();
                                buf.release();
                            }
                            return n;
                        });
                    }
                    if (last) {
                        break;
                    }
                } finally {
                    if (!handedOver) {
                        buf.release();
                    }
                }
                if (progress != null) {
                    bar(off, -1, start);
                }
            }
        } finally {
            w.drain();
        }
        if (dst.size() != off) {
            dst.truncate(off);
        }
        res.bytes = off;
        res.dataBytes = off;
        if (crc != null) {
            res.srcCrc = crc.getValue();
        }
        w.strategiesInto(res);
    }

    /**
     * Reads until the buffer is full or the stream ends.
     *
     * @return the bytes read, {@code < remaining} only at the end of the stream
     */
    private int fill(CopySource src, ByteBuffer bb) throws IOException, Cancellation.Cancelled {
        int n = 0;
        try {
            while (bb.hasRemaining()) {
                int r = src.channel().read(bb);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (ClosedByInterruptException e) {
            Thread.interrupted();
            cancel.check();
            throw e;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------------
    // Anything to a stream: in order, one block at a time

    private void sequential(CopySource src, CopyTarget dst, BufferPool pool, Result res)
            throws IOException, Cancellation.Cancelled {
        long size = src.file() != null ? src.file().size() : -1;
        FileChannel out = dst.channel();
        long start = System.nanoTime();
        long off = 0;
        Bvecq buf = BvecqBuffers.allocBuffer(pool, block, 0);
        BvecqPos pos = BvecqPos.at(buf);
        try {
            while (true) {
                cancel.check();
                ByteBuffer bb = segment(buf).asByteBuffer();
                int n;
                if (src.file() != null) {
                    long want = Math.min(block, size - off);
                    if (want == 0) {
                        break;
                    }
                    n = (int) src.file().read(off, pos, want); // the read does not move pos
                    if (n != want) {
                        throw new IOException(src.name() + " changed size during the copy: read " + n + " of "
                                + want + " bytes at offset " + off);
                    }
                } else {
                    n = fill(src, bb);
                    if (n == 0) {
                        break;
                    }
                }
                bb.limit(n).position(0);
                try {
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                } catch (ClosedByInterruptException e) {
                    Thread.interrupted();
                    cancel.check();
                    throw e;
                }
                off += n;
                if (progress != null) {
                    bar(off, size, start);
                }
                if (src.file() == null && n < block) {
                    break;
                }
            }
        } finally {
            pos.unset();
            buf.release();
        }
        res.bytes = off;
        res.dataBytes = off;
    }

    // ------------------------------------------------------------------------------------------------

    /** A task that writes a block and returns the bytes of data it moved. */
    private interface BlockTask {
        long run() throws Exception;
    }

    /**
     * Up to {@code inFlight} block tasks on a small executor, the first failure kept, strategies counted.
     * Only the copying thread calls {@link #admit()}, {@link #run} and {@link #drain()}.
     */
    private final class Writers {
        private ExecutorService pool; // made on the first run(): the ring engine never needs it
        final Semaphore slots = new Semaphore(inFlight);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong done = new AtomicLong();
        final Map<WriteStrategy, AtomicLong> byStrategy = new ConcurrentHashMap<>();

        /** Waits for a free slot; false when a block failed. Throws when a signal arrived. */
        boolean admit() throws Cancellation.Cancelled {
            cancel.check();
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.interrupted();
                cancel.check();
                throw new IllegalStateException("copy thread interrupted without a signal", e);
            }
            if (failure.get() != null || cancel.cancelled()) {
                slots.release();
                cancel.check();
                return false;
            }
            return true;
        }

        /** Runs a task in the slot {@link #admit()} took. */
        void run(BlockTask task) {
            if (pool == null) {
                pool = Executors.newFixedThreadPool(inFlight, r -> {
                    Thread t = new Thread(r, "bvq-copy");
                    t.setDaemon(true);
                    return t;
                });
            }
            pool.execute(() -> {
                try {
                    done.addAndGet(task.run());
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    slots.release();
                }
            });
        }

        /**
         * Ends a block on the ring, on whichever thread completed it: gives the block back to the pool, counts
         * its bytes and strategy or keeps the first failure, and frees the slot {@link #admit()} took.
         *
         * @param buf the block, or null if none was allocated
         * @param bytes the data bytes the block moved when it succeeded
         * @param r the write's result, or null on failure
         * @param t the failure, or null
         */
        void finish(Bvecq buf, long bytes, WriteResult r, Throwable t) {
            try {
                if (buf != null) {
                    buf.release();
                }
                if (t == null) {
                    done.addAndGet(bytes);
                    count(r.decision().strategy());
                } else {
                    failure.compareAndSet(null, t instanceof CompletionException && t.getCause() != null
                            ? t.getCause() : t);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        }

        void count(WriteStrategy s) {
            byStrategy.computeIfAbsent(s, k -> new AtomicLong()).incrementAndGet();
        }

        /** Waits for every task (uninterruptibly: no write may outlive the copy), then rethrows a failure. */
        void drain() throws IOException, Cancellation.Cancelled {
            slots.acquireUninterruptibly(inFlight);
            slots.release(inFlight);
            if (pool != null) {
                pool.shutdown();
            }
            Thread.interrupted();
            Throwable t = failure.get();
            if (t instanceof IOException e) {
                throw e;
            } else if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IOException(t.getMessage(), t);
            }
            cancel.check();
        }

        void strategiesInto(Result res) {
            for (WriteStrategy s : WriteStrategy.values()) {
                AtomicLong c = byStrategy.get(s);
                if (c != null) {
                    res.strategies.put(s.label(), c.get());
                }
            }
        }
    }

    /** Reads a file back through a pooled buffer and checksums its first {@code size} bytes. */
    private long checksum(IoFile f, BufferPool pool, long size) throws IOException {
        CRC32C crc = new CRC32C();
        Bvecq buf = BvecqBuffers.allocBuffer(pool, block, 0);
        try {
            for (long off = 0; off < size; off += block) {
                long want = Math.min(block, size - off);
                BvecqPos pos = BvecqPos.at(buf);
                long n;
                try {
                    n = f.read(off, pos, want);
                } finally {
                    pos.unset();
                }
                if (n < want) {
                    throw new IOException(f.path() + " is shorter than " + size + " bytes: end at " + (off + n));
                }
                crc.update(segment(buf).asSlice(0, n).asByteBuffer());
            }
        } finally {
            buf.release();
        }
        return crc.getValue();
    }

    private void bar(long done, long total, long startNanos) {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? done / 1e6 / secs : 0.0;
        if (total < 0) {
            progress.printf(Locale.ROOT, "\r%,d bytes %8.1f MB/s", done, rate);
        } else {
            int width = 40;
            int fill = total == 0 ? width : (int) (Math.min(done, total) * width / total);
            progress.printf(Locale.ROOT, "\r[%s%s] %3d%% %8.1f MB/s", "#".repeat(fill), " ".repeat(width - fill),
                    total == 0 ? 100 : Math.min(done, total) * 100 / total, rate);
        }
        progress.flush();
    }
}
