package io.bvecq.io;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import io.bvecq.extract.Bounce;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.Iovecs;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The transfer engine of one {@link IoFile}: a write loop and a read loop over any {@link IoIter}
 * (short transfers continue, {@code EINTR}/{@code EAGAIN} are retried a bounded number of times, errors
 * name what was transferred), the direct, uncached buffered, bounced and heap-copying paths built on
 * them, and the per-reason fallback counters with their once-per-file-system log.
 *
 * <p>Each loop asks the iterator for the next at most {@link Linux#IOV_MAX} pieces
 * ({@link IoIter#fillIovecs}), makes one vectored call, and moves the iterator by what the kernel
 * transferred ({@link IoIter#advance}). Every part of a {@link Request} is named by the bytes of the request
 * done before it ({@code from}) and its length. Bounced writes copy through {@link Bounce#copyInto}, the one
 * copy+CRC32C loop of the project, window by window into aligned pool memory.
 *
 * <p>Threads: any. Direct and bounced transfers run in parallel; buffered writes hold {@code bufferedLock},
 * so that a writeback error found by {@code sync_file_range} belongs to the write that caused it.
 */
final class Transfers {
    /** The most bytes copied through one window: 1 MiB, one pool chunk. */
    static final int WINDOW = 1 << 20;

    private static final System.Logger LOG = System.getLogger("io.bvecq.io");
    private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();
    /** One iovec array per thread. It holds numbers only, so it keeps no caller memory reachable. */
    private static final ThreadLocal<Iovecs> IOV = ThreadLocal.withInitial(() -> new Iovecs(Linux.IOV_MAX));
    /** Page-aligned windows for bounced writes and for heap memory; a chunk is out only during one call. */
    private static final BufferPool WINDOWS = BufferPool.create(WINDOW, 256L << 20, false);
    private static final WriteReason[] REASONS = WriteReason.values();
    private static final WriteDecision SHORT_DIRECT =
            new WriteDecision(WriteStrategy.BUFFERED, WriteReason.UNALIGNED_OFFSET, "short direct write");

    private final Syscalls sys;
    private final String path;
    private final int fd;
    private final int fdDirect;
    private final FileCapabilities caps;
    private final ReentrantLock bufferedLock = new ReentrantLock();
    private final AtomicLongArray fallbacks = new AtomicLongArray(REASONS.length);

    Transfers(Syscalls sys, String path, int fd, int fdDirect, FileCapabilities caps) {
        this.sys = sys;
        this.path = path;
        this.fd = fd;
        this.fdDirect = fdDirect;
        this.caps = caps;
    }

    // ------------------------------------------------------------------------------------------------
    // Writes

    /**
     * Writes {@code len} bytes from {@code src} at part {@code from} of the request with direct I/O; a short
     * write that leaves an unaligned remainder is counted as a fallback and finished with buffered I/O.
     */
    void writeDirect(IoIter src, Request req, long from, long len) throws IoErrnoException {
        long n = writeLoop(fdDirect, 0, directAlign(), src, req, from, len);
        if (n < len) {
            noteFallback(SHORT_DIRECT);
            writeBuffered(src, req, from + n, len - n);
        }
    }

    /**
     * Uncached buffered write of {@code len} bytes from {@code src} (native memory) at part {@code from},
     * then writeback of the range; serialised per file.
     */
    void writeBuffered(IoIter src, Request req, long from, long len) throws IoErrnoException {
        bufferedLock.lock();
        try {
            writeLoop(fd, bufferedFlags(), 1, src, req, from, len);
            writeBack(req, from, len);
        } finally {
            bufferedLock.unlock();
        }
    }

    /**
     * Bounced write of the whole request: window by window, {@link Bounce#copyInto} copies the next bytes
     * of {@code src} into aligned pool memory with a running CRC32C, then the window goes out with direct
     * I/O. {@code src} moves by every byte copied. Returns the CRC32C of all the bytes written.
     */
    long writeBounced(IoIter src, Request req) throws IoErrnoException {
        return throughWindows(src, req, (window, from, len) -> writeDirect(window, req, from, len));
    }

    /**
     * Buffered write of the whole request from memory that includes heap segments, which the kernel cannot
     * address: copied window by window through the same {@link Bounce#copyInto} (its checksum unused).
     */
    void writeBufferedCopied(IoIter src, Request req) throws IoErrnoException {
        throughWindows(src, req, (window, from, len) -> writeBuffered(window, req, from, len));
    }

    /** Writes one window of copied bytes: {@code len} bytes, part {@code from} of the request. */
    private interface WindowWrite {
        void write(IoIter window, long from, long len) throws IoErrnoException;
    }

    /** Copies the request's bytes from {@code src} window by window and hands each window to {@code out}. */
    private static long throughWindows(IoIter src, Request req, WindowWrite out) throws IoErrnoException {
        CRC32C crc = new CRC32C();
        PoolChunk window = WINDOWS.take();
        try {
            MemorySegment w = window.segment();
            for (long done = 0; done < req.length();) {
                long piece = Math.min(req.length() - done, WINDOW);
                Bounce.copyInto(src, w, 0, piece, crc);
                try (IoIter copy = IoIter.segment(Direction.SOURCE, w, 0, piece)) {
                    out.write(copy, done, piece);
                }
                done += piece;
            }
        } finally {
            window.release();
        }
        return crc.getValue();
    }

    /**
     * The write loop: {@code pwritev} ({@code flags == 0}) or {@code pwritev2} of {@code len} bytes from
     * {@code src} on {@code fdx} at part {@code from}. With {@code align > 1} (direct I/O) each call covers a
     * multiple of {@code align}, and the loop returns early when a short write leaves an unaligned remainder.
     *
     * @return the bytes written: {@code len}, or fewer only in that direct case
     */
    private long writeLoop(int fdx, int flags, long align, IoIter src, Request req, long from, long len)
            throws IoErrnoException {
        String call = flags == 0 ? "pwritev" : "pwritev2";
        Iovecs iov = IOV.get();
        long done = 0;
        int retries = 0;
        while (done < len) {
            long want = batch(src, len - done, align, iov);
            if (want == 0) {
                return done; // not one aligned unit fits in IOV_MAX pieces: the rest cannot go direct
            }
            long at = req.at(from + done);
            long r = flags == 0 ? sys.pwritev(fdx, iov.segment(), iov.size(), at)
                    : sys.pwritev2(fdx, iov.segment(), iov.size(), at, flags);
            if (r <= 0) {
                retries = retryOrThrow(r, retries, call, req, from + done);
                continue;
            }
            retries = 0;
            done += r;
            if (took(src, r, want, align, call)) {
                return done;
            }
        }
        return done;
    }

    /** {@code RWF_DONTCACHE} where the file system supports it, else 0 (plain pwritev/preadv). */
    private int bufferedFlags() {
        return caps.dontcache() ? Linux.RWF_DONTCACHE : 0;
    }

    /** Writes the part back and waits, so that writeback errors come back to this call; then drops the pages. */
    private void writeBack(Request req, long from, long len) throws IoErrnoException {
        int flags = Linux.SYNC_FILE_RANGE_WAIT_BEFORE | Linux.SYNC_FILE_RANGE_WRITE | Linux.SYNC_FILE_RANGE_WAIT_AFTER;
        for (int tries = 0;; tries++) {
            int r = sys.syncFileRange(fd, req.at(from), len, flags);
            if (r >= 0) {
                break;
            }
            if ((r == -Errno.EINTR || r == -Errno.EAGAIN) && tries < IoFile.MAX_RETRIES) {
                continue;
            }
            throw req.failed("sync_file_range", -r, from + len); // the part reached the page cache
        }
        if (!caps.dontcache()) {
            sys.fadvise(fd, req.at(from), len, Linux.POSIX_FADV_DONTNEED); // advice only: a failure loses no data
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reads

    /**
     * Reads {@code len} bytes into {@code dst} (native memory) at part {@code from}: direct I/O when the
     * offset, length and memory allow it, then buffered I/O for whatever is left. Fewer only at end of file.
     */
    long read(IoIter dst, Request req, long from, long len) throws IoErrnoException {
        long done = 0;
        if (len > 0 && directAligned(req.at(from), len) && (dst.alignment() & (caps.dioMemAlign() - 1)) == 0) {
            done = readLoop(fdDirect, 0, directAlign(), dst, req, from, len);
        }
        if (done < len) {
            done += readLoop(fd, bufferedFlags(), 1, dst, req, from + done, len - done);
        }
        return done;
    }

    /**
     * Reads the whole request for memory that includes heap segments: window by window into aligned pool
     * memory, each window copied into {@code dst} ({@link IoIter#copyToIter}). On a failure the bytes read
     * before it are copied too, so {@code dst} has moved by exactly the bytes the exception reports.
     */
    long readCopied(IoIter dst, Request req) throws IoErrnoException {
        PoolChunk window = WINDOWS.take();
        long done = 0;
        try (IoIter win = IoIter.segment(Direction.DEST, window.segment(), 0, Math.min(req.length(), WINDOW))) {
            MemorySegment w = window.segment();
            while (done < req.length()) {
                long piece = Math.min(req.length() - done, WINDOW);
                win.revert(win.consumed());
                long n;
                try {
                    n = read(win, req, done, piece);
                } catch (IoErrnoException e) {
                    dst.copyToIter(w, 0, e.bytesTransferred() - done);
                    throw e;
                }
                dst.copyToIter(w, 0, n);
                done += n;
                if (n < piece) {
                    break; // end of file
                }
            }
        } finally {
            window.release();
        }
        return done;
    }

    /**
     * The read loop: {@code preadv} ({@code flags == 0}) or {@code preadv2} of {@code len} bytes into
     * {@code dst} on {@code fdx} at part {@code from}; {@code align} as for the write loop.
     *
     * @return the bytes read: {@code len}, or fewer at end of file or, for direct I/O, after a short read
     *     that leaves an unaligned remainder
     */
    private long readLoop(int fdx, int flags, long align, IoIter dst, Request req, long from, long len)
            throws IoErrnoException {
        String call = flags == 0 ? "preadv" : "preadv2";
        Iovecs iov = IOV.get();
        long done = 0;
        int retries = 0;
        while (done < len) {
            long want = batch(dst, len - done, align, iov);
            if (want == 0) {
                return done;
            }
            long at = req.at(from + done);
            long r = flags == 0 ? sys.preadv(fdx, iov.segment(), iov.size(), at)
                    : sys.preadv2(fdx, iov.segment(), iov.size(), at, flags);
            if (r == 0) {
                return done; // end of file
            }
            if (r < 0) {
                retries = retryOrThrow(r, retries, call, req, from + done);
                continue;
            }
            retries = 0;
            done += r;
            if (took(dst, r, want, align, call)) {
                return done;
            }
        }
        return done;
    }

    // ------------------------------------------------------------------------------------------------
    // Shared by both loops

    /**
     * Fills {@code iov} with the next at most {@code max} bytes of {@code it}. When the array's
     * {@code IOV_MAX} entries cut the run short and {@code align > 1}, the batch is cut back to a multiple of
     * {@code align}, which direct I/O needs for the file offset of the next call.
     *
     * @return the bytes in the batch; 0 only if no whole aligned unit fits
     */
    static long batch(IoIter it, long max, long align, Iovecs iov) {
        long n = it.fillIovecs(max, iov);
        if (n < max && align > 1) {
            long whole = n & -align;
            if (whole != n) {
                n = whole == 0 ? 0 : it.fillIovecs(whole, iov);
            }
        }
        return n;
    }

    /**
     * After a call that failed ({@code r < 0}) or moved nothing ({@code r == 0}): returns the retry count to
     * go on with if the call may be tried again ({@code EINTR}, {@code EAGAIN} after a short pause, or no
     * progress), else throws the error naming {@code transferred} bytes of the request.
     */
    private static int retryOrThrow(long r, int retries, String call, Request req, long transferred)
            throws IoErrnoException {
        int e = (int) -r;
        if ((r == 0 || e == Errno.EINTR || e == Errno.EAGAIN) && retries < IoFile.MAX_RETRIES) {
            if (e == Errno.EAGAIN) {
                LockSupport.parkNanos((retries + 1) * 100_000L);
            }
            return retries + 1;
        }
        throw req.failed(call, e, transferred);
    }

    /**
     * After a call moved {@code r > 0} of the {@code want} bytes described: moves the iterator past them and
     * tells whether a direct transfer must stop, because a short call left an unaligned remainder.
     */
    private static boolean took(IoIter it, long r, long want, long align, String call) {
        if (r > want) {
            throw new IllegalStateException(call + " returned " + r + " for " + want + " bytes");
        }
        it.advance(r);
        return r < want && (r & (align - 1)) != 0;
    }

    /** The granule of direct transfers: the larger of the offset and memory alignments (powers of two). */
    private long directAlign() {
        return Math.max(1, Math.max(caps.dioOffsetAlign(), caps.dioMemAlign()));
    }

    /** Whether a transfer at this offset and length can use the O_DIRECT descriptor. */
    private boolean directAligned(long fileOffset, long length) {
        return caps.directIo() && fdDirect >= 0 && ((fileOffset | length) & (caps.dioOffsetAlign() - 1)) == 0;
    }

    // ------------------------------------------------------------------------------------------------
    // Fallback accounting

    /** The fallbacks counted so far, by reason (only those above 0). */
    Map<WriteReason, Long> fallbackCounts() {
        Map<WriteReason, Long> m = new EnumMap<>(WriteReason.class);
        for (int i = 0; i < REASONS.length; i++) {
            long v = fallbacks.get(i);
            if (v > 0) {
                m.put(REASONS[i], v);
            }
        }
        return m;
    }

    /** Counts a fallback by reason and logs it the first time it happens on this file system. */
    void noteFallback(WriteDecision d) {
        fallbacks.incrementAndGet(d.reason().ordinal());
        String key = caps.device() + "|" + d.reason();
        if (LOGGED.putIfAbsent(key, Boolean.TRUE) == null) {
            LOG.log(System.Logger.Level.INFO, "bvecq io: writes to {0} file system on {1} fall back to {2}: {3} "
                    + "(first seen on {4}; logged once per file system and reason)",
                    caps.fileSystem(), caps.device(), d.strategy(), d.reason().description(), path);
        }
    }
}
