package io.bvecq.netfs;

import io.bvecq.Disposal;
import io.bvecq.PoolChunk;
import io.bvecq.RegionOwner;
import java.lang.foreign.MemorySegment;

/**
 * One page of a {@link PageCache}: a pooled chunk holding the object's bytes at {@link #position()}, with a lock
 * held while a read fills it and an up-to-date flag (kernel folio lock and {@code PG_uptodate}).
 *
 * <p>Locking: {@link #lock()} waits until the page is unlocked and takes the lock; {@link #unlock(boolean)} gives
 * it back and may mark the page up to date. Unlocking a page that is not locked is a bug (the kernel's
 * {@code VM_BUG_ON_FOLIO(!folio_test_locked)}): it throws and changes nothing. {@link #unlockCount()} counts the
 * unlocks, so tests can check that a request unlocked each page exactly once.
 *
 * <p>As a {@link RegionOwner} the page names the hold a chain slot has on its chunk: disposal drops that hold
 * (the page cache keeps its own until it drops the page). Disposal never unlocks: the request's collector does
 * that, once, as its collected point passes the page.
 *
 * <p>Threads: any; the lock state is guarded by the page's monitor.
 */
public final class Page implements RegionOwner {
    private final long position;
    private final PoolChunk chunk;
    private boolean locked;
    private boolean uptodate;
    private int unlocks;

    Page(long position, PoolChunk chunk) {
        this.position = position;
        this.chunk = chunk;
    }

    /**
     * The object position of the page's first byte.
     *
     * @return a multiple of the page size
     */
    public long position() {
        return position;
    }

    /**
     * The page's memory.
     *
     * @return the chunk's segment; valid while the page is in its cache or a chain holds it
     */
    public MemorySegment segment() {
        return chunk.segment();
    }

    /**
     * Tells whether a read has filled the page.
     *
     * @return the flag
     */
    public synchronized boolean isUptodate() {
        return uptodate;
    }

    /**
     * Tells whether the page is locked.
     *
     * @return the flag
     */
    public synchronized boolean isLocked() {
        return locked;
    }

    /**
     * How many times the page was unlocked since it was made.
     *
     * @return {@code >= 0}
     */
    public synchronized int unlockCount() {
        return unlocks;
    }

    /**
     * Takes the lock, waiting while another holder has it.
     *
     * @throws InterruptedException if interrupted while waiting; the lock is not taken
     */
    public synchronized void lock() throws InterruptedException {
        while (locked) {
            wait();
        }
        locked = true;
    }

    /**
     * Takes the lock if it is free.
     *
     * @return {@code true} if the caller now holds the lock
     */
    public synchronized boolean tryLock() {
        if (locked) {
            return false;
        }
        locked = true;
        return true;
    }

    /**
     * Gives the lock back.
     *
     * @param filled {@code true} to mark the page up to date (its bytes were read); {@code false} leaves the flag
     * @throws IllegalStateException if the page is not locked: a second unlock; nothing changes
     */
    public synchronized void unlock(boolean filled) {
        if (!locked) {
            throw new IllegalStateException("page at position " + position + " unlocked while not locked (unlocks so far: "
                    + unlocks + "): unlocked twice");
        }
        locked = false;
        unlocks++;
        if (filled) {
            uptodate = true;
        }
        notifyAll();
    }

    /** Waits until the page is not locked. */
    synchronized void awaitUnlocked() throws InterruptedException {
        while (locked) {
            wait();
        }
    }

    /** Takes a hold on the chunk for a chain slot; {@link #dispose} drops it. */
    void pinForSlot() {
        chunk.pin();
    }

    /** Drops the page cache's own hold. */
    void drop() {
        chunk.release();
    }

    /**
     * Drops the hold a chain slot had on the page's chunk. Does not unlock.
     *
     * @param kind the node's kind ({@link Disposal#UNLOCK})
     * @param segment the slot's segment
     * @param offset the slot's offset
     * @param length the slot's length
     */
    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        chunk.release();
    }

    /**
     * Describes the page.
     *
     * @return {@code Page[pos=.., locked, uptodate]}
     */
    @Override
    public synchronized String toString() {
        return "Page[pos=" + position + (locked ? ", locked" : "") + (uptodate ? ", uptodate" : "") + "]";
    }
}
