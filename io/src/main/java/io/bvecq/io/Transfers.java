package io.bvecq.io;

import io.bvecq.extract.WriteDecision;
import io.bvecq.extract.WriteReason;
import io.bvecq.extract.WriteStrategy;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The transfer engine of one {@link IoFile}: the system call loop (short transfers, bounded EINTR/EAGAIN
 * retries, errors naming what was transferred), the bounced and the uncached buffered write paths, bounced
 * reads for heap memory, and the per-reason fallback counters with their once-per-file-system log.
 *
 * <p>Threads: any. Direct and bounced transfers run in parallel; buffered writes hold {@code bufferedLock},
 * so that a writeback error found by {@code sync_file_range} belongs to the write that caused it.
 */
final class Transfers {
    private static final System.Logger LOG = System.getLogger("io.bvecq.io");
    private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();
    private static final ThreadLocal<MemorySegment> IOV =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate((long) Linux.IOV_MAX * Linux.IOVEC_SIZE, 8));
    private static final WriteReason[] REASONS = WriteReason.values();

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

    /**
     * Writes {@code length} bytes from {@code c} through the bounce buffer, window by window: copy with a
     * running CRC32C, then O_DIRECT from the copy. Returns the CRC32C of all the bytes written.
     */
    long bounceWrite(ChainCursor c, long fileOffset, long length) throws IOException {
        BounceBuffer b = BounceBuffer.get();
        CRC32C crc = new CRC32C();
        long done = 0;
        try {
            while (done < length) {
                long piece = Math.min(length - done, BounceBuffer.WINDOW);
                b.load(c, piece, crc);
                long n = transfer(fdDirect, true, b, fileOffset + done, piece, 0, true, fileOffset, length, done);
                if (n < piece) {
                    noteFallback(new WriteDecision(WriteStrategy.BUFFERED, WriteReason.UNALIGNED_OFFSET,
                            "short direct write"));
                    bufferedLock.lock();
                    try {
                        transfer(fd, true, b, fileOffset + done + n, piece - n, bufferedFlags(), false, fileOffset,
                                length, done + n);
                        writeBack(fileOffset + done + n, piece - n, fileOffset, length, done + piece);
                    } finally {
                        bufferedLock.unlock();
                    }
                }
                done += piece;
            }
        } finally {
            b.clear();
        }
        return crc.getValue();
    }

    /**
     * Uncached buffered write of {@code len} bytes from {@code c} at {@code off} (heap memory through the
     * bounce buffer), then writeback of the range; serialised per file. {@code reqOff/reqLen/doneBase}
     * describe the whole request for error messages.
     */
    void bufferedWrite(ChainCursor c, boolean nativeMemory, long off, long len, long reqOff, long reqLen,
            long doneBase) throws IOException {
        bufferedLock.lock();
        try {
            if (nativeMemory) {
                transfer(fd, true, c, off, len, bufferedFlags(), false, reqOff, reqLen, doneBase);
            } else {
                BounceBuffer b = BounceBuffer.get();
                try {
                    for (long done = 0; done < len;) {
                        long piece = Math.min(len - done, BounceBuffer.WINDOW);
                        b.load(c, piece, null);
                        transfer(fd, true, b, off + done, piece, bufferedFlags(), false, reqOff, reqLen, doneBase + done);
                        done += piece;
                    }
                } finally {
                    b.clear();
                }
            }
            writeBack(off, len, reqOff, reqLen, doneBase + len);
        } finally {
            bufferedLock.unlock();
        }
    }

    /** {@code RWF_DONTCACHE} where the file system supports it, else 0 (plain pwritev/preadv). */
    int bufferedFlags() {
        return caps.dontcache() ? Linux.RWF_DONTCACHE : 0;
    }

    /** Writes the range back and waits, so that writeback errors come back to this call; then drops the pages. */
    private void writeBack(long off, long len, long reqOff, long reqLen, long accepted) throws IoErrnoException {
        int flags = Linux.SYNC_FILE_RANGE_WAIT_BEFORE | Linux.SYNC_FILE_RANGE_WRITE | Linux.SYNC_FILE_RANGE_WAIT_AFTER;
        for (int tries = 0;; tries++) {
            int r = sys.syncFileRange(fd, off, len, flags);
            if (r >= 0) {
                break;
            }
            if ((r == -Errno.EINTR || r == -Errno.EAGAIN) && tries < IoFile.MAX_RETRIES) {
                continue;
            }
            throw new IoErrnoException("sync_file_range", -r, path, reqOff, reqLen, accepted);
        }
        if (!caps.dontcache()) {
            sys.fadvise(fd, off, len, Linux.POSIX_FADV_DONTNEED); // advice only: a failure loses no data
        }
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

    /** Whether a transfer at this offset and length can use the O_DIRECT descriptor. */
    boolean directAligned(long fileOffset, long length) {
        return caps.directIo() && fdDirect >= 0 && ((fileOffset | length) & (caps.dioOffsetAlign() - 1)) == 0;
    }

    /** Reads for heap memory: into aligned pool memory (directly when the offset allows), then copied out. */
    long readBounced(ChainCursor dst, long fileOffset, long length) throws IoErrnoException {
        BounceBuffer b = BounceBuffer.get();
        long done = 0;
        try {
            while (done < length) {
                long piece = Math.min(length - done, BounceBuffer.WINDOW);
                long at = fileOffset + done;
                b.prepare(piece);
                long n = 0;
                if (directAligned(at, piece)) {
                    n = transfer(fdDirect, false, b, at, piece, 0, true, fileOffset, length, done);
                }
                if (n < piece) {
                    n += transfer(fd, false, b, at + n, piece - n, bufferedFlags(), false, fileOffset, length, done + n);
                }
                b.copyOut(dst, n);
                done += n;
                if (n < piece) {
                    break; // end of file
                }
            }
        } finally {
            b.clear();
        }
        return done;
    }

    // ------------------------------------------------------------------------------------------------
    // The transfer loop

    /**
     * Moves {@code len} bytes between {@code src} and the file at {@code off}: continues after short
     * transfers, retries EINTR/EAGAIN, throws on anything else. Returns early only at end of file (reads)
     * or, for direct I/O, when a short transfer leaves the rest unaligned.
     */
    long transfer(int fdx, boolean write, IovSource src, long off, long len, int flags, boolean direct,
            long reqOff, long reqLen, long doneBase) throws IoErrnoException {
        MemorySegment iov = IOV.get();
        long done = 0;
        int retries = 0;
        while (done < len) {
            int cnt = src.fill(iov, Linux.IOV_MAX, len - done);
            long want = src.filled();
            long r;
            if (write) {
                r = flags == 0 ? sys.pwritev(fdx, iov, cnt, off + done) : sys.pwritev2(fdx, iov, cnt, off + done, flags);
            } else {
                r = flags == 0 ? sys.preadv(fdx, iov, cnt, off + done) : sys.preadv2(fdx, iov, cnt, off + done, flags);
            }
            if (r < 0) {
                int e = (int) -r;
                if ((e == Errno.EINTR || e == Errno.EAGAIN) && ++retries <= IoFile.MAX_RETRIES) {
                    if (e == Errno.EAGAIN) {
                        LockSupport.parkNanos(retries * 100_000L);
                    }
                    continue;
                }
                throw new IoErrnoException(opName(write, flags), e, path, reqOff, reqLen, doneBase + done);
            }
            if (r == 0) {
                if (!write) {
                    return done; // end of file
                }
                if (++retries <= IoFile.MAX_RETRIES) {
                    continue;
                }
                throw new IoErrnoException(opName(write, flags), 0, path, reqOff, reqLen, doneBase + done);
            }
            if (r > want) {
                throw new IllegalStateException(opName(write, flags) + " returned " + r + " for " + want + " bytes");
            }
            retries = 0;
            src.advance(r);
            done += r;
            if (direct && r < want && done < len
                    && ((r & (caps.dioOffsetAlign() - 1)) != 0 || (r & (caps.dioMemAlign() - 1)) != 0)) {
                return done;
            }
        }
        return done;
    }

    private static String opName(boolean write, int flags) {
        return (write ? "pwritev" : "preadv") + (flags == 0 ? "" : "2");
    }
}
