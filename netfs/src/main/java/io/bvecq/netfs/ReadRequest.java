package io.bvecq.netfs;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.netfs.internal.Subrequest;
import io.bvecq.netfs.internal.SubrequestQueue;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * One read request: fills a chain with a range of the object, from the cache where it holds the bytes, with
 * zeroes past the end of the object, otherwise from the server (and then copies those bytes to the cache).
 * See {@link Netfs} for the state machine and the retry rules.
 */
final class ReadRequest extends Request {
    static final int SERVER = 1;
    static final int CACHE = 2;
    static final int ZERO = 3;

    private final NetfsServer server;
    private final int depth;
    private final long objectSize;
    private final SubrequestQueue queue = new SubrequestQueue();
    private final BvecqPos dispatch;
    private long dispatched;
    private int inFlight;
    private Throwable failed;
    private Subrequest failedAt;

    // occupancy: up to two extents known from the last query, valid below queriedTo
    private List<CacheExtent> known = List.of();
    private long queriedTo = -1;
    private boolean cacheReadable;

    // the current run of server bytes to copy to the cache: chain indexes
    private long runStart = -1;
    private long runEnd = -1;

    ReadRequest(NetfsServer server, NetfsCache cache, Executor executor, BufferPool pool, int depth, Bvecq head,
                long objectSize, RegionRelease release, LongConsumer progress) {
        super(executor, pool, cache, head, release, progress);
        this.server = server;
        this.depth = depth;
        this.objectSize = objectSize;
        this.cacheReadable = cache != null;
        this.dispatch = BvecqPos.at(head);
    }

    RequestStats run() throws IOException {
        try {
            while (true) {
                if (failed == null) {
                    issueMore();
                }
                boolean moved = failed == null ? collectFront() : drainFront();
                moved |= collectCacheWrite();
                if (moved) {
                    continue;
                }
                if (failed == null ? queue.isDrainedAcquire() : queue.frontAcquire() == null) {
                    break;
                }
                await();
            }
            if (failed != null) {
                abandonRest();
            }
            flushRun();
            finishCache(objectSize);
        } finally {
            dispatch.unset();
        }
        if (failed != null) {
            throw failure("read", failedAt, failed);
        }
        return stats(total);
    }

    // ------------------------------------------------------------------------------------------------
    // Issuing

    private void issueMore() throws IOException {
        while (inFlight < depth && dispatched < total) {
            issueOne();
        }
        if (dispatched == total && !queue.isAllQueued()) {
            queue.setAllQueuedRelease();
        }
    }

    /** Carves the next sub-request from the dispatch cursor, chooses its source, queues and issues it. */
    private void issueOne() throws IOException {
        long fpos = fposOf(dispatched);
        long left = pieceEnd(dispatched) - dispatched;
        int kind;
        long maxLen;
        int maxSegs;
        if (fpos >= objectSize) {
            kind = ZERO;
            maxLen = left;
            maxSegs = Integer.MAX_VALUE;
        } else {
            Limits rl = server.readLimits();
            kind = SERVER;
            maxLen = rl.maxLength();
            maxSegs = rl.maxSegments();
            CacheExtent[] at = cacheReadable ? occupancy(fpos) : null;
            if (at != null && at[0] != null) {
                CacheExtent e = at[0];
                if (e.data()) {
                    Limits cl = cache.readLimits();
                    kind = CACHE;
                    maxLen = Math.min(cl.maxLength(), e.end() - fpos);
                    maxSegs = cl.maxSegments();
                } else {
                    kind = ZERO;
                    maxLen = e.end() - fpos;
                    maxSegs = Integer.MAX_VALUE;
                }
            } else if (at != null && at[1] != null) {
                maxLen = Math.min(maxLen, at[1].start() - fpos);
            }
        }
        BvecqPos start = new BvecqPos();
        start.set(dispatch);
        Subrequest s;
        try {
            long n = dispatch.slice(Math.min(maxLen, left), maxSegs);
            if (n <= 0) {
                throw new IllegalStateException("slice made no progress at chain byte " + dispatched + " of " + total);
            }
            s = new Subrequest(dispatched, fpos, n, kind);
            s.payload = IoIter.bvecq(Direction.DEST, start, n);
        } finally {
            start.unset();
        }
        dispatched += s.length;
        subrequests++;
        inFlight++;
        queue.append(s);
        attempt(s);
    }

    /**
     * The extent holding {@code fpos} (index 0) and the next one after it (index 1), either may be null; queries
     * the cache only when {@code fpos} is past what the last query covered.
     */
    private CacheExtent[] occupancy(long fpos) {
        if (fpos >= queriedTo) {
            long end = endFpos();
            try {
                known = cache.queryOccupancy(fpos, end);
            } catch (IOException | RuntimeException e) {
                cacheReadable = false;
                stopCache();
                return null;
            }
            queriedTo = known.size() < 2 ? end : known.get(1).end();
        }
        CacheExtent in = null;
        CacheExtent next = null;
        for (CacheExtent e : known) {
            if (e.start() <= fpos && fpos < e.end()) {
                in = e;
            } else if (e.start() > fpos && next == null) {
                next = e;
            }
        }
        return new CacheExtent[] {in, next};
    }

    /** Issues one attempt of {@code s} from its {@code transferred} point. */
    private void attempt(Subrequest s) {
        IoIter it = (IoIter) s.payload;
        long at = s.position + s.transferred;
        switch (s.kind) {
            case SERVER -> execute(s, () -> server.read(at, it));
            case CACHE -> execute(s, () -> cache.read(at, it));
            default -> execute(s, () -> it.zero(it.count()));
        }
    }

    private void reissue(Subrequest s) {
        retries++;
        s.attempts++;
        s.markInProgress();
        attempt(s);
    }

    // ------------------------------------------------------------------------------------------------
    // Collecting

    /**
     * Terminates the front sub-request if its attempt completed: retry, fail, or retire it and move the
     * collected point over it.
     */
    private boolean collectFront() {
        Subrequest f = queue.frontAcquire();
        if (f == null || !f.isCompletedAcquire()) {
            return false;
        }
        IoIter it = (IoIter) f.payload;
        long want = f.length - f.transferred;
        if (f.error != null || f.lastResult < 0 || f.lastResult > want) {
            Throwable why = f.error != null ? f.error
                    : new IOException("read of " + want + " bytes at " + (f.position + f.transferred) + " reported "
                            + f.lastResult + " (expected: 0 <= bytes <= " + want + ")");
            positionAt(it, f.transferred);
            if (f.kind == CACHE) { // a cache read error retries the range from the server
                f.kind = SERVER;
                reissue(f);
            } else if (f.error != null && ++f.retries <= MAX_RETRIES) {
                reissue(f);
            } else {
                fail(f, why);
            }
            return true;
        }
        long n = f.lastResult;
        f.transferred += n;
        positionAt(it, f.transferred);
        if (f.transferred < f.length) {
            long at = f.position + f.transferred;
            if (f.kind == SERVER && at >= objectSize) { // hit the end of the object: the rest is zeroes
                long rest = it.count();
                it.zero(rest);
                zeroFilled += rest;
                fromServer += f.transferred;
                f.transferred = f.length;
            } else if (f.kind == CACHE && n == 0) {
                f.kind = SERVER;
                reissue(f);
                return true;
            } else if (n > 0) { // progress: go on from where it stopped
                reissue(f);
                return true;
            } else {
                fail(f, new IOException("ENODATA: read at " + at + " returned no data before the end of the object ("
                        + objectSize + ")"));
                return true;
            }
        } else {
            switch (f.kind) {
                case SERVER -> fromServer += f.length;
                case CACHE -> fromCache += f.length;
                default -> zeroFilled += f.length;
            }
        }
        retire(f);
        if (f.kind == SERVER) {
            addToRun(f);
        } else {
            flushRun();
        }
        passTo(f.bufEnd(), true);
        return true;
    }

    private void retire(Subrequest f) {
        queue.removeFront();
        inFlight--;
        ((IoIter) f.payload).close();
        f.payload = null;
    }

    private void fail(Subrequest f, Throwable why) {
        failed = why;
        failedAt = f;
    }

    /** After a failure: retires completed sub-requests without looking at them, waiting for those in flight. */
    private boolean drainFront() {
        Subrequest f = queue.frontAcquire();
        if (f == null || !f.isCompletedAcquire()) {
            return false;
        }
        retire(f);
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Copying to the cache

    private void addToRun(Subrequest f) {
        if (cache == null || cacheStopped) {
            return;
        }
        if (runStart >= 0 && runEnd == f.bufStart && pieceOf(f.bufStart) == pieceOf(runStart)) {
            runEnd = f.bufEnd();
        } else {
            flushRun();
            runStart = f.bufStart;
            runEnd = f.bufEnd();
        }
    }

    /**
     * Writes the current run to the cache. The run is trimmed inwards to whole cache blocks, except that it may
     * end at the object's end: then the cache rounds the last block out with zeroes. So no block is ever written
     * with bytes this request did not read.
     */
    private void flushRun() {
        if (runStart < 0) {
            return;
        }
        long start = runStart;
        long end = runEnd;
        runStart = -1;
        runEnd = -1;
        long bs = cache.blockSize();
        long fpos = fposOf(start);
        long fend = Math.min(fpos + (end - start), objectSize);
        long alignedStart = (fpos + bs - 1) / bs * bs;
        if (fend < objectSize) {
            fend = fend / bs * bs;
        }
        if (fend <= alignedStart) {
            return;
        }
        queueCacheWrite(start + (alignedStart - fpos), fend - alignedStart, objectSize);
    }
}
