package io.bvecq.netfs;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.extract.AlignedDup;
import io.bvecq.netfs.internal.Subrequest;
import io.bvecq.netfs.internal.SubrequestQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;

/**
 * What read and write requests share: the chain and its map of file positions, the collector's walk that
 * releases each region once, the wake-up between workers and the collector, the cache stream and the
 * counters.
 *
 * <p>Threads: one thread runs a request ({@code run()} of the subclass); it is both the issuer and the
 * collector. Workers of the executor only carry out attempts and signal {@link #wake}.
 */
abstract class Request {
    /** The most retries of one sub-request that failed or made no progress before the request fails. */
    static final int MAX_RETRIES = 3;
    /** Progress is reported whenever at least this much more (or a page, if larger) was collected. */
    static final long PROGRESS_STEP = 256 << 10;

    final Executor executor;
    final BufferPool pool;
    final NetfsCache cache; // null when there is none
    final Bvecq head;
    final long total;
    final RegionRelease release;
    final LongConsumer progress;
    /** Completions signal here; the collector waits here when nothing can be collected. */
    final Semaphore wake = new Semaphore(0);

    // the chain's contiguous pieces: buf index and node of the head and of every discontiguous node
    private final long[] pieceIndex;
    private final Bvecq[] pieceNode;

    // the collector's release walk
    private Bvecq wNode;
    private int wSlot;
    private long wIndex;
    private long wFpos;
    long collected;
    private long reported;

    // the cache stream
    final SubrequestQueue cacheQueue = new SubrequestQueue();
    boolean cacheStopped;
    boolean cacheInvalidate;
    int cacheInFlight;
    /** The cache stream's collected point: the chain index up to which its writes have completed in order. */
    long cacheCollected;
    private final List<long[]> cacheRuns = new ArrayList<>(); // completed contiguous runs {fpos, length}

    long fromServer;
    long fromCache;
    long zeroFilled;
    long toCache;
    int subrequests;
    int retries;

    Request(Executor executor, BufferPool pool, NetfsCache cache, Bvecq head, RegionRelease release,
            LongConsumer progress) {
        this.executor = executor;
        this.pool = pool;
        this.cache = cache;
        this.head = head;
        this.release = release;
        this.progress = progress;
        List<Bvecq> nodes = new ArrayList<>();
        List<Long> idx = new ArrayList<>();
        long at = 0;
        long lastEnd = -1;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            if (n == head || n.discontig()) {
                if (n != head && n.fpos() < lastEnd) {
                    throw new IllegalArgumentException("chain: " + n + " starts at fpos " + n.fpos()
                            + " before the end of the previous range " + lastEnd + " (expected: ascending file ranges)");
                }
                nodes.add(n);
                idx.add(at);
                lastEnd = n.fpos();
            }
            long b = n.bytes();
            at += b;
            lastEnd += b;
        }
        this.total = at;
        this.pieceNode = nodes.toArray(new Bvecq[0]);
        this.pieceIndex = idx.stream().mapToLong(Long::longValue).toArray();
        this.wNode = head;
        this.wFpos = head.fpos();
    }

    /** The file position of chain byte {@code index} ({@code 0 <= index <= total}). */
    final long fposOf(long index) {
        int p = pieceOf(index);
        return pieceNode[p].fpos() + (index - pieceIndex[p]);
    }

    /** The piece holding chain byte {@code index}; at a piece boundary, the later piece. */
    final int pieceOf(long index) {
        int p = 0;
        while (p + 1 < pieceIndex.length && pieceIndex[p + 1] <= index) {
            p++;
        }
        return p;
    }

    /** The chain index where the piece holding {@code index} ends. */
    final long pieceEnd(long index) {
        int p = pieceOf(index);
        return p + 1 < pieceIndex.length ? pieceIndex[p + 1] : total;
    }

    /** The file position just past the chain's last byte. */
    final long endFpos() {
        int p = pieceIndex.length - 1;
        return pieceNode[p].fpos() + (total - pieceIndex[p]);
    }

    /**
     * Moves the collected point to {@code to} and releases every region whose end it passed, each exactly once:
     * the walk only goes forward, and a region is released as the walk leaves it.
     */
    final void passTo(long to, boolean ok) {
        while (true) {
            if (wSlot >= wNode.nrSlotsAcquire()) {
                Bvecq n = wNode.nextAcquire();
                if (n == null) {
                    break;
                }
                wNode = n;
                wSlot = 0;
                if (n.discontig()) {
                    wFpos = n.fpos();
                }
                continue;
            }
            long len = wNode.length(wSlot);
            if (len > 0) {
                if (wIndex + len > to) {
                    break;
                }
                release.release(wNode.owner(wSlot), wFpos, len, ok);
                wIndex += len;
                wFpos += len;
            }
            wSlot++;
        }
        collected = Math.max(collected, to);
        if (progress != null && ok && (collected - reported >= PROGRESS_STEP || (collected == total && reported < total))) {
            reported = collected;
            progress.accept(collected);
        }
    }

    /** Releases every region the walk has not passed yet, as not transferred: the abandonment. */
    final void abandonRest() {
        passTo(total, false);
    }

    /** Hands one attempt of {@code s} to the executor; the attempt's completion wakes the collector. */
    final void execute(Subrequest s, Attempt attempt) {
        try {
            executor.execute(() -> {
                try {
                    s.lastResult = attempt.run();
                } catch (Throwable t) {
                    s.error = t;
                }
                s.completeRelease();
                wake.release();
            });
        } catch (RejectedExecutionException e) {
            s.error = new IOException("executor rejected a sub-request: " + s, e);
            s.completeRelease();
            wake.release();
        }
    }

    /** One attempt of a sub-request, run by a worker. */
    @FunctionalInterface
    interface Attempt {
        long run() throws IOException;
    }

    /**
     * Waits for a completion. Uninterruptibly: workers may still be writing into the chain, and the caller gets
     * its memory back only when none is; an interrupt is kept for the caller (the flag stays set).
     */
    final void await() {
        wake.acquireUninterruptibly();
    }

    /**
     * Puts a sub-request's iterator at exactly {@code transferred} bytes past its start, whatever the server did
     * with it: reverted if the server moved it further, advanced if less. Reverting walks back through the
     * chain's {@code prev} links from where the iterator is; it needs no new reference and no walk from the
     * slice's start (the alternative, a fresh iterator from the dispatch position advanced by
     * {@code transferred}, would take and drop a reference per retry).
     */
    static void positionAt(IoIter it, long transferred) {
        long now = it.consumed();
        if (now > transferred) {
            it.revert(now - transferred);
        } else if (now < transferred) {
            it.advance(transferred - now);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The cache stream

    /**
     * Queues a write of chain bytes {@code [start, start + length)} (one contiguous piece) to the cache,
     * rounded out to its blocks. Does nothing once the cache stream stopped.
     */
    final void queueCacheWrite(long start, long length, long dataEnd) {
        if (cache == null || cacheStopped || length <= 0) {
            return;
        }
        int p = pieceOf(start);
        AlignedDup dup;
        try {
            dup = AlignedDup.duplicate(pieceNode[p], start - pieceIndex[p], length, cache.blockSize(), pool);
        } catch (RuntimeException e) {
            stopCache();
            return;
        }
        Subrequest s = new Subrequest(start, dup.fpos(), dup.length(), 0);
        s.payload = dup;
        cacheInFlight++;
        cacheQueue.append(s);
        execute(s, () -> {
            try (IoIter it = IoIter.bvecq(Direction.SOURCE, dup.head(), 0, 0, dup.length())) {
                cache.write(dup.fpos(), it, dataEnd);
            }
            return dup.length();
        });
    }

    /** Retires the front cache write if it completed; a failure stops the stream. */
    final boolean collectCacheWrite() {
        Subrequest f = cacheQueue.frontAcquire();
        if (f == null || !f.isCompletedAcquire()) {
            return false;
        }
        cacheQueue.removeFront();
        cacheInFlight--;
        AlignedDup dup = (AlignedDup) f.payload;
        cacheCollected = f.bufStart + dup.dataLength();
        dup.close();
        f.payload = null;
        if (f.error != null) {
            stopCache();
        } else {
            toCache += f.length;
            long[] last = cacheRuns.isEmpty() ? null : cacheRuns.get(cacheRuns.size() - 1);
            if (last != null && last[0] + last[1] == f.position) {
                last[1] += f.length;
            } else {
                cacheRuns.add(new long[] {f.position, f.length});
            }
        }
        return true;
    }

    /** Stops the cache stream; the cache is invalidated at the end of the request. */
    final void stopCache() {
        cacheStopped = true;
        cacheInvalidate = true;
    }

    /**
     * Ends the cache stream: waits for its writes, then records each contiguous run once
     * ({@link NetfsCache#collectWrite}), or invalidates the cache if the stream stopped.
     */
    final void finishCache(long objectSize) throws IOException {
        if (cache == null) {
            return;
        }
        cacheQueue.setAllQueuedRelease();
        while (!cacheQueue.isDrainedAcquire()) {
            if (!collectCacheWrite()) {
                await();
            }
        }
        if (!cacheInvalidate) {
            try {
                for (long[] run : cacheRuns) {
                    cache.collectWrite(run[0], run[1], objectSize);
                }
            } catch (IOException | RuntimeException e) {
                cacheInvalidate = true;
            }
        }
        if (cacheInvalidate) {
            cache.invalidate();
        }
    }

    final RequestStats stats(long bytes) {
        return new RequestStats(bytes, fromServer, fromCache, zeroFilled, toCache, subrequests, retries, cacheInvalidate);
    }

    /** Wraps a sub-request's failure for the caller. */
    static IOException failure(String what, Subrequest s, Throwable cause) {
        if (cause instanceof IOException io && s == null) {
            return io;
        }
        return new IOException(what + " failed at file position " + (s == null ? "?" : s.position + s.transferred)
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
