package io.bvecq.netfs;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.extract.Extractor;
import io.bvecq.extract.PinSource;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * The request engine for one remote object: reads a range of it through a local cache into a chain, or writes a
 * chain to the server and the cache at once (kernel netfslib's read and write requests).
 *
 * <p>A request carves its chain into sub-requests with {@code slice(min(limit, left), maxSegments)}, issues up to
 * {@code depth} of them at once on the executor, retries a short one from where it stopped, and collects them
 * strictly in file order: every region of the chain is released exactly once, through the caller's
 * {@link RegionRelease}, when the collected point passes its end, or, if the request fails, when the abandonment
 * walks over it. The state machine and the retry rules are in the {@linkplain io.bvecq.netfs package documentation}.
 *
 * <p>Threads: each call runs one request on the calling thread (which issues and collects) and the executor's
 * workers (which carry out attempts). Several requests may run at once from different threads. The server, cache
 * and executor are the caller's and are not closed here.
 */
public final class Netfs {
    private final NetfsServer server;
    private final NetfsCache cache;
    private final Executor executor;
    private final BufferPool pool;
    private final int depth;

    /**
     * Creates an engine.
     *
     * @param server the object's server
     * @param cache its cache, or {@code null} for none
     * @param executor where sub-requests run; it must run every task it accepts
     * @param pool memory for the cache's rounding (the upper gap's zeroes) and for buffered reads' pages
     * @param depth the most sub-requests of one stream in flight at once, {@code 1 <= depth <= 1024}
     * @throws IllegalArgumentException if {@code depth} is out of range
     * @throws NullPointerException if {@code server}, {@code executor} or {@code pool} is null
     */
    public Netfs(NetfsServer server, NetfsCache cache, Executor executor, BufferPool pool, int depth) {
        this.server = Objects.requireNonNull(server, "server");
        this.cache = cache;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.pool = Objects.requireNonNull(pool, "pool");
        if (depth < 1 || depth > 1024) {
            throw new IllegalArgumentException("depth: " + depth + " (expected: 1 <= depth <= 1024)");
        }
        this.depth = depth;
    }

    /**
     * Reads into every byte of a chain (a direct read): the chain's first byte is object position
     * {@code chain.fpos()}, and each discontiguous node starts a new range at its own {@code fpos()}; ranges must
     * ascend. Bytes past the end of the object are zeroes.
     *
     * @param chain the destination; the caller keeps its reference and must not use the memory until the call
     *     returns
     * @param release called once per slot with bytes as the collected point passes it; may be
     *     {@link RegionRelease#NONE}
     * @param progress told the collected byte count whenever at least 256 KiB more was collected, and at the end;
     *     may be null
     * @return what the request did
     * @throws IOException if a sub-request failed beyond its retries; every region was released (not ok) before
     *     this is thrown, and no sub-request is still running
     * @throws IllegalArgumentException if the chain's ranges do not ascend
     * @throws NullPointerException if {@code chain} or {@code release} is null
     */
    public RequestStats read(Bvecq chain, RegionRelease release, LongConsumer progress) throws IOException {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(release, "release");
        long size = server.objectSize();
        return new ReadRequest(server, cache, executor, pool, depth, chain, size, release, progress).run();
    }

    /**
     * Makes the pages of {@code [start, start + length)} up to date in a page cache (a buffered read): the pages
     * that are not are locked, put in a chain, read, and unlocked (marked up to date) as the collected point
     * passes them; pages another request is filling are waited for.
     *
     * @param pages the page cache
     * @param start the first object position, {@code >= 0}
     * @param length the bytes, {@code >= 0}
     * @param callerLocked a page of the range that the caller has locked itself and will unlock itself (kernel
     *     {@code NETFS_RREQ_NO_UNLOCK_FOLIO}): it is filled but never unlocked here, not even when the read is
     *     abandoned; or {@code null}
     * @param progress as for {@link #read}; may be null
     * @return what the request did (all zero if every page was up to date)
     * @throws IOException if the read failed; the pages it had locked are unlocked, not up to date
     * @throws IllegalArgumentException if {@code start} or {@code length} is negative
     * @throws java.io.InterruptedIOException if interrupted while waiting for another request's pages
     */
    public RequestStats readBuffered(PageCache pages, long start, long length, Page callerLocked, LongConsumer progress)
            throws IOException {
        Objects.requireNonNull(pages, "pages");
        if (start < 0 || length < 0 || start + length < 0) {
            throw new IllegalArgumentException("start: " + start + ", length: " + length
                    + " (expected: start >= 0, length >= 0, no overflow)");
        }
        RegionRelease unlock = (owner, pos, len, ok) -> {
            if (owner != callerLocked) {
                ((Page) owner).unlock(ok);
            }
        };
        RequestStats sum = new RequestStats(0, 0, 0, 0, 0, 0, 0, false);
        for (int pass = 0; pass < 3; pass++) {
            List<Page> busy = new ArrayList<>();
            Bvecq chain = pages.lockRange(start, start + length, pass == 0 ? callerLocked : null, busy);
            if (chain != null) {
                try {
                    long size = server.objectSize();
                    sum = add(sum, new ReadRequest(server, cache, executor, pool, depth, chain, size, unlock, progress).run());
                } finally {
                    chain.release();
                }
            }
            if (busy.isEmpty()) {
                return sum;
            }
            for (Page p : busy) {
                try {
                    p.awaitUnlocked();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for " + p);
                }
            }
        }
        return sum;
    }

    /**
     * Writes every byte of a chain to the server and, where it can follow, to the cache: the chain's first byte
     * goes to object position {@code chain.fpos()}; the chain must be one contiguous range.
     *
     * @param chain the source; the caller keeps its reference and must not change the memory until the call
     *     returns
     * @param release called once per slot with bytes as both streams have passed it (kernel end of writeback)
     * @param progress as for {@link #read}; may be null
     * @return what the request did
     * @throws IOException if the upload failed beyond its retries; every region was released (not ok). A cache
     *     failure never fails the write: it stops the cache stream and the cache is invalidated at the end.
     * @throws IllegalArgumentException if the chain has a discontiguous node
     * @throws NullPointerException if {@code chain} or {@code release} is null
     */
    public RequestStats write(Bvecq chain, RegionRelease release, LongConsumer progress) throws IOException {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(release, "release");
        long size = server.objectSize();
        return new WriteRequest(server, cache, executor, pool, depth, chain, size, release, progress).run();
    }

    /** The most bytes one extraction of {@link #write(long, IoIter, PinSource, LongConsumer)} takes. */
    static final long EXTRACT_CHUNK = 4L << 20;

    /**
     * Writes the remaining bytes of any iterator to object position {@code position} (an unbuffered write): the
     * iterator is decanted into chains chunk by chunk ({@link Extractor#extract}, sized with
     * {@link IoIter#limit}, which handles every iterator type, KVEC included), and each chain is written as by
     * {@link #write(Bvecq, RegionRelease, LongConsumer)}. Extraction may come up short (a pin refused, the pool
     * empty): the bytes extracted so far are written and the call returns a short count, as the kernel's
     * {@code netfs_extract_user_iter()} fix does; it throws only if nothing at all could be extracted.
     *
     * @param position the object position of the first byte, {@code >= 0}
     * @param src a {@code SOURCE} iterator, advanced past the bytes written
     * @param pins where pins on the caller's native memory come from, or {@code null} if the caller vouches for
     *     its lifetime until the call returns
     * @param progress as for {@link #read}; may be null
     * @return what the requests did; {@code bytes()} is the bytes written, fewer than {@code src.count()} only
     *     after a short extraction
     * @throws IOException if an upload failed
     * @throws RuntimeException what the extraction threw when it could extract nothing at all
     * @throws IllegalArgumentException if {@code position < 0}
     * @throws NullPointerException if {@code src} is null
     */
    public RequestStats write(long position, IoIter src, PinSource pins, LongConsumer progress) throws IOException {
        Objects.requireNonNull(src, "src");
        if (position < 0) {
            throw new IllegalArgumentException("position: " + position + " (expected: position >= 0)");
        }
        RequestStats sum = new RequestStats(0, 0, 0, 0, 0, 0, 0, false);
        int segs = server.writeLimits().maxSegments();
        while (src.count() > 0) {
            long n = src.limit(0, Math.min(EXTRACT_CHUNK, src.count()), Math.max(segs, Bvecq.DEFAULT_SLOTS));
            Extractor.Extraction x;
            try {
                x = Extractor.extract(src, n, Integer.MAX_VALUE, pins, pool);
            } catch (RuntimeException e) {
                if (sum.bytes() > 0) {
                    return sum; // a short write: what could be extracted was written
                }
                throw e;
            }
            if (x.head() == null) {
                break;
            }
            try {
                x.head().setFpos(position + sum.bytes());
                long size = server.objectSize();
                sum = add(sum, new WriteRequest(server, cache, executor, pool, depth, x.head(), size, RegionRelease.NONE,
                        progress).run());
            } finally {
                x.head().release();
            }
        }
        return sum;
    }

    private static RequestStats add(RequestStats a, RequestStats b) {
        return new RequestStats(a.bytes() + b.bytes(), a.fromServer() + b.fromServer(), a.fromCache() + b.fromCache(),
                a.zeroFilled() + b.zeroFilled(), a.toCache() + b.toCache(), a.subrequests() + b.subrequests(),
                a.retries() + b.retries(), a.cacheInvalidated() || b.cacheInvalidated());
    }
}
