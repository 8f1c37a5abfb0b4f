package io.bvecq.netfs;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.netfs.internal.Subrequest;
import io.bvecq.netfs.internal.SubrequestQueue;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * One write request: uploads a chain to the server in {@code wsize}-bounded sub-requests and, where the cache can
 * follow the write, stores it in the cache in block-aligned sub-requests, the two streams issued side by side.
 * See {@link Netfs} for the rules.
 */
final class WriteRequest extends Request {
    /** The most bytes of one cache write sub-request. */
    static final long CACHE_WRITE_MAX = 1 << 20;

    private final NetfsServer server;
    private final int depth;
    private final long start;
    private final long newSize;
    private final SubrequestQueue upload = new SubrequestQueue();
    private final BvecqPos dispatch;
    private long upDispatched;
    private int upInFlight;
    private long upCollected;
    private long cacheDispatched;
    private final boolean cacheFollows;
    private Throwable failed;
    private Subrequest failedAt;

    WriteRequest(NetfsServer server, NetfsCache cache, Executor executor, BufferPool pool, int depth, Bvecq head,
                 long objectSize, RegionRelease release, LongConsumer progress) {
        super(executor, pool, cache, head, release, progress);
        for (Bvecq n = head.nextAcquire(); n != null; n = n.nextAcquire()) {
            if (n.discontig()) {
                throw new IllegalArgumentException("chain: " + n + " is discontiguous (expected: one contiguous range)");
            }
        }
        this.server = server;
        this.depth = depth;
        this.start = head.fpos();
        long end = start + total;
        this.newSize = Math.max(objectSize, end);
        boolean follows = false;
        if (cache != null && total > 0) {
            long bs = cache.blockSize();
            // the cache takes whole blocks: a write it cannot cover exactly would leave stale bytes in a block
            follows = start % bs == 0 && (end % bs == 0 || end >= newSize);
            if (!follows) {
                stopCache();
            }
        }
        this.cacheFollows = follows;
        this.dispatch = BvecqPos.at(head);
    }

    RequestStats run() throws IOException {
        try {
            while (true) {
                if (failed == null) {
                    issueMore();
                }
                boolean moved = failed == null ? collectUpload() : drainUpload();
                moved |= collectCacheWrite();
                if (moved) {
                    passTo(collectedPoint(), true);
                    continue;
                }
                if (failed == null ? upload.isDrainedAcquire() && cacheDone() : upload.frontAcquire() == null) {
                    break;
                }
                await();
            }
            if (failed != null) {
                abandonRest();
            }
            finishCache(newSize);
            if (failed == null) {
                passTo(total, true);
            }
        } finally {
            dispatch.unset();
        }
        if (failed != null) {
            throw failure("write", failedAt, failed);
        }
        return stats(total);
    }

    /** The request's collected point: the least over its active streams. */
    private long collectedPoint() {
        if (cacheFollows && !cacheStopped) {
            return Math.min(upCollected, cacheCollected);
        }
        return upCollected;
    }

    private boolean cacheDone() {
        return !cacheFollows || cacheStopped || (cacheDispatched == total && cacheInFlight == 0);
    }

    // ------------------------------------------------------------------------------------------------
    // Issuing: the stream that has submitted least goes next

    private void issueMore() throws IOException {
        while (true) {
            boolean canUp = upInFlight < depth && upDispatched < total;
            boolean canCache = cacheFollows && !cacheStopped && cacheInFlight < depth && cacheDispatched < total;
            if (canUp && (!canCache || upDispatched <= cacheDispatched)) {
                issueUpload();
            } else if (canCache) {
                issueCacheWrite();
            } else {
                break;
            }
        }
        if (upDispatched == total && !upload.isAllQueued()) {
            upload.setAllQueuedRelease();
        }
    }

    private void issueUpload() {
        Limits wl = server.writeLimits();
        BvecqPos from = new BvecqPos();
        from.set(dispatch);
        Subrequest s;
        try {
            long n = dispatch.slice(Math.min(wl.maxLength(), total - upDispatched), wl.maxSegments());
            if (n <= 0) {
                throw new IllegalStateException("slice made no progress at chain byte " + upDispatched + " of " + total);
            }
            s = new Subrequest(upDispatched, start + upDispatched, n, 0);
            s.payload = IoIter.bvecq(Direction.SOURCE, from, n);
        } finally {
            from.unset();
        }
        upDispatched += s.length;
        upInFlight++;
        subrequests++;
        upload.append(s);
        attempt(s);
    }

    private void issueCacheWrite() {
        long bs = cache.blockSize();
        long len = Math.min(CACHE_WRITE_MAX, total - cacheDispatched);
        if (cacheDispatched + len < total) {
            len = len / bs * bs;
        }
        long at = cacheDispatched;
        cacheDispatched += len;
        subrequests++;
        queueCacheWrite(at, len, newSize);
    }

    private void attempt(Subrequest s) {
        IoIter it = (IoIter) s.payload;
        long at = s.position + s.transferred;
        execute(s, () -> server.write(at, it));
    }

    /**
     * Reissues the rest of a short upload: after the server's {@code prepareWrite} renegotiated the limits, with
     * the iterator cut to them; without one, as it is (the seed's fix for a NULL {@code prepare_write}).
     */
    private void reissue(Subrequest s) {
        retries++;
        s.attempts++;
        IoIter it = (IoIter) s.payload;
        Optional<WritePreparer> prep = server.writePreparer();
        if (prep.isPresent()) {
            try {
                Limits l = prep.get().prepareWrite(s.position + s.transferred, s.length - s.transferred, s.attempts);
                it.truncate(it.limit(0, l.maxLength(), l.maxSegments()));
            } catch (IOException | RuntimeException e) {
                fail(s, e);
                return;
            }
        }
        s.markInProgress();
        attempt(s);
    }

    // ------------------------------------------------------------------------------------------------
    // Collecting

    private boolean collectUpload() {
        Subrequest f = upload.frontAcquire();
        if (f == null || !f.isCompletedAcquire()) {
            return false;
        }
        IoIter it = (IoIter) f.payload;
        if (it.truncated() > 0) {
            it.reexpand(it.count() + it.truncated());
        }
        long want = f.length - f.transferred;
        if (f.error != null || f.lastResult < 0 || f.lastResult > want) {
            positionAt(it, f.transferred);
            if (f.error != null && ++f.retries <= MAX_RETRIES) {
                reissue(f);
            } else {
                fail(f, f.error != null ? f.error : new IOException("write of " + want + " bytes at "
                        + (f.position + f.transferred) + " reported " + f.lastResult + " (expected: 0 <= bytes <= " + want + ")"));
            }
            return true;
        }
        f.transferred += f.lastResult;
        positionAt(it, f.transferred);
        if (f.transferred < f.length) {
            if (f.lastResult == 0 && ++f.retries > MAX_RETRIES) {
                fail(f, new IOException("write at " + (f.position + f.transferred) + " made no progress in "
                        + MAX_RETRIES + " retries"));
            } else {
                reissue(f);
            }
            return true;
        }
        fromServer += f.length;
        upload.removeFront();
        upInFlight--;
        it.close();
        f.payload = null;
        upCollected = f.bufEnd();
        return true;
    }

    private void fail(Subrequest f, Throwable why) {
        if (failed == null) {
            failed = why;
            failedAt = f;
        }
    }

    private boolean drainUpload() {
        Subrequest f = upload.frontAcquire();
        if (f == null || !f.isCompletedAcquire()) {
            return false;
        }
        upload.removeFront();
        upInFlight--;
        ((IoIter) f.payload).close();
        f.payload = null;
        return true;
    }
}
