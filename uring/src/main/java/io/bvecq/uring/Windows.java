package io.bvecq.uring;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import io.bvecq.extract.Bounce;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/**
 * The bounce windows of {@link UringEngine}: page-aligned pool chunks that a request's bytes go through when
 * the kernel cannot take the caller's memory (heap memory) or the write policy bounces (with the CRC32C of the
 * copy, computed by {@link Bounce#copyInto}, the project's one copy+checksum loop). A request holds its windows
 * until its last completion; then they go back to the pool.
 *
 * <p>Threads: {@link #bounceIn} and {@link #windowsFor} run on the submitting thread, {@link #settle} and
 * {@link #releaseResources} on the reaper after the request's last CQE.
 */
final class Windows {
    /** The window size: one pool chunk, 1 MiB. */
    static final int WINDOW = 1 << 20;
    private static final BufferPool WINDOWS = BufferPool.create(WINDOW, 256L << 20, false);

    private Windows() {
    }

    /** Copies the request's bytes into pool windows (a bounce: with the CRC32C) and returns an iterator over them. */
    static IoIter bounceIn(UringRequest r, boolean withCrc) {
        CRC32C crc = withCrc ? new CRC32C() : null;
        long copied = 0;
        try {
            while (copied < r.length) {
                PoolChunk c = WINDOWS.take();
                r.addChunk(c);
                long piece = Math.min(WINDOW, r.length - copied);
                Bounce.copyInto(r.iter, c.segment(), 0, piece, crc == null ? new CRC32C() : crc);
                copied += piece;
            }
        } finally {
            if (copied > 0) {
                r.iter.revert(copied);
            }
        }
        if (crc != null) {
            r.crc = crc.getValue();
        }
        return windowIter(r, Direction.SOURCE);
    }

    /** Takes pool windows for a read into heap memory and returns an iterator over them. */
    static IoIter windowsFor(UringRequest r) {
        for (long got = 0; got < r.length; got += WINDOW) {
            r.addChunk(WINDOWS.take());
        }
        return windowIter(r, Direction.DEST);
    }

    private static IoIter windowIter(UringRequest r, Direction d) {
        MemorySegment[] segs = new MemorySegment[r.nChunks];
        long left = r.length;
        for (int i = 0; i < r.nChunks; i++) {
            long piece = Math.min(WINDOW, left);
            segs[i] = r.chunks[i].segment().asSlice(0, piece);
            left -= piece;
        }
        return IoIter.kvec(d, segs);
    }

    /** Moves the caller's iterator by the bytes done, copying them in first when they came through windows. */
    static void settle(UringRequest r, long done, IOException error) {
        if (r.iter == null) {
            return;
        }
        try {
            if (r.copyBack) {
                long left = done;
                for (int i = 0; i < r.nChunks && left > 0; i++) {
                    long piece = Math.min(WINDOW, left);
                    r.iter.copyToIter(r.chunks[i].segment(), 0, piece);
                    left -= piece;
                }
            } else if (done > 0) {
                r.iter.advance(done);
            }
        } catch (RuntimeException e) {
            if (error != null) {
                error.addSuppressed(e);
            } else {
                UringEngine.LOG.log(System.Logger.Level.WARNING, "bvecq uring: could not settle the iterator of a request", e);
            }
        }
    }

    /** Lets go of what a request holds: its windows, and its own iterator (with any chain reference). */
    static void releaseResources(UringRequest r, IOException error) {
        for (int i = 0; i < r.nChunks; i++) {
            r.chunks[i].release();
            r.chunks[i] = null;
        }
        r.nChunks = 0;
        if (r.ownsIter && r.iter != null) {
            try {
                r.iter.close();
            } catch (RuntimeException e) {
                if (error != null) {
                    error.addSuppressed(e);
                }
            }
            r.iter = null;
            r.ownsIter = false;
        }
    }
}
