package io.bvecq.netfs;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small page cache of one object: pages of pooled chunks keyed by file position, which buffered reads fill
 * ({@link Netfs#readBuffered}). A page's size is its pool's chunk size.
 *
 * <p>Threads: any. Pages are created on first use; {@link #close()} drops every page and gives its chunk back to
 * the pool once no chain holds it.
 */
public final class PageCache implements AutoCloseable {
    private final BufferPool pool;
    private final int pageSize;
    private final ConcurrentHashMap<Long, Page> pages = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates an empty page cache over a pool.
     *
     * @param pool where pages come from; its chunk size is the page size
     * @throws NullPointerException if {@code pool} is null
     */
    public PageCache(BufferPool pool) {
        this.pool = java.util.Objects.requireNonNull(pool, "pool");
        this.pageSize = pool.chunkSize();
    }

    /**
     * The page size.
     *
     * @return the pool's chunk size
     */
    public int pageSize() {
        return pageSize;
    }

    /**
     * The pool pages come from.
     *
     * @return the pool
     */
    public BufferPool pool() {
        return pool;
    }

    /**
     * The page holding {@code position}, made (unlocked, not up to date) if there is none.
     *
     * @param position an object position, {@code >= 0}
     * @return the page whose range holds {@code position}
     * @throws IllegalArgumentException if {@code position < 0}
     * @throws IllegalStateException if the cache was closed
     * @throws io.bvecq.PoolExhaustedException if the pool has no memory for a new page
     */
    public Page grab(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position: " + position + " (expected: position >= 0)");
        }
        if (closed) {
            throw new IllegalStateException("page cache closed");
        }
        long start = position - position % pageSize;
        return pages.computeIfAbsent(start, p -> new Page(p, pool.take()));
    }

    /**
     * The page at {@code position} if there is one.
     *
     * @param position an object position, {@code >= 0}
     * @return the page or {@code null}
     */
    public Page peek(long position) {
        return pages.get(position - position % pageSize);
    }

    /**
     * Copies up-to-date bytes out of the cache.
     *
     * @param position the first object position, {@code >= 0}
     * @param dst where they go
     * @param dstOffset the first byte of {@code dst} to fill
     * @param length the bytes, {@code >= 0}
     * @throws IllegalStateException if a page of the range is missing or not up to date
     * @throws IndexOutOfBoundsException if the range does not fit {@code dst}
     */
    public void copyOut(long position, MemorySegment dst, long dstOffset, long length) {
        java.util.Objects.checkFromIndexSize(dstOffset, length, dst.byteSize());
        long done = 0;
        while (done < length) {
            long at = position + done;
            Page p = peek(at);
            if (p == null || !p.isUptodate()) {
                throw new IllegalStateException("position " + at + ": page " + (p == null ? "missing" : p)
                        + " (expected: an up-to-date page)");
            }
            long inPage = at - p.position();
            long n = Math.min(length - done, pageSize - inPage);
            MemorySegment.copy(p.segment(), inPage, dst, dstOffset + done, n);
            done += n;
        }
    }

    /**
     * Locks the pages of {@code [start, end)} that are not up to date and not locked by someone else, and
     * builds a chain of them ({@link Disposal#UNLOCK} nodes, each slot a whole page whose owner is the
     * {@link Page}); a node after a skipped page is discontiguous. {@code callerLocked}, if given, is a page of
     * the range the caller has locked itself: it goes in the chain as it is.
     *
     * @return the chain, or {@code null} if every page was up to date or busy; {@code busy} gets the pages
     *     another holder had locked
     */
    Bvecq lockRange(long start, long end, Page callerLocked, List<Page> busy) {
        Bvecq head = null;
        Bvecq tail = null;
        boolean gap = false;
        for (long at = start - start % pageSize; at < end; at += pageSize) {
            Page p = grab(at);
            boolean mine = p == callerLocked;
            if (!mine && (p.isUptodate() || !p.tryLock())) {
                if (!p.isUptodate()) {
                    busy.add(p);
                }
                gap = true;
                continue;
            }
            if (!mine && p.isUptodate()) { // filled between the check and the lock
                p.unlock(false);
                gap = true;
                continue;
            }
            if (tail == null || tail.isFull() || gap) {
                Bvecq n = Bvecq.allocOne(Disposal.UNLOCK);
                n.setFpos(at);
                if (tail == null) {
                    head = n;
                } else {
                    n.setDiscontig(gap);
                    tail.linkNext(n);
                }
                tail = n;
                gap = false;
            }
            p.pinForSlot();
            tail.appendSlot(p.segment(), 0, pageSize, p);
        }
        return head;
    }

    /**
     * Drops every page: each gives its chunk back to the pool once no chain holds it.
     *
     * @throws IllegalStateException if a page is still locked (nothing is dropped)
     */
    @Override
    public void close() {
        List<Page> all = new ArrayList<>(pages.values());
        for (Page p : all) {
            if (p.isLocked()) {
                throw new IllegalStateException("page cache close: " + p + " is still locked");
            }
        }
        closed = true;
        for (Page p : all) {
            if (pages.remove(p.position(), p)) {
                p.drop();
            }
        }
    }
}
