package io.bvecq.io;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.IterType;
import io.bvecq.io.internal.IoFileAccess;
import java.io.IOException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open regular file on Linux that reads into and writes from memory at explicit offsets (any
 * {@link IoIter} with memory, bvecq chains included), choosing
 * per write between zero-copy direct I/O, bounced direct I/O and uncached buffered I/O.
 *
 * <pre>
 *   write(off, IoIter, policy) --decide--+-- DIRECT   : pwritev on the O_DIRECT descriptor, from the caller's memory
 *   write(off, chain/pos, ..)  = a BVECQ  +-- BOUNCE   : Bounce.copyInto (+CRC32C) into aligned pool memory, then O_DIRECT
 *   iterator on the same path             +-- BUFFERED : pwritev2(RWF_DONTCACHE) or pwritev + fadvise(DONTNEED),
 *                                                        then sync_file_range(wait) of the range; serialised
 * </pre>
 * Every iterator type with memory (a chain, a segment, an array of segments or of regions) takes the
 * same path: the iterator fills the iovec array ({@link IoIter#fillIovecs}, at most {@code IOV_MAX}
 * entries per call) and moves by what the kernel transferred. Heap segments have no address the kernel
 * can use: their bytes are copied through aligned pool memory (see {@link #write(long, IoIter, WritePolicy)}).
 *
 * <p>The file holds two descriptors: one buffered, one {@code O_DIRECT} (absent where the file system has no
 * direct I/O), and knows its {@link FileCapabilities} from {@code statx} and sysfs. Each write asks the
 * caller's {@link WritePolicy} for a {@link WriteDecision} and reports it in its {@link WriteResult}. A
 * decision that falls back is counted per reason ({@link #fallbackCounts()}) and logged once per file
 * system and reason ({@link System.Logger}, name {@code io.bvecq.io}). {@code STRICT} refusals throw
 * {@link WriteRefusedException} and write nothing.
 *
 * <p>Errors: every system call failure is an {@link IoErrnoException} naming the call, errno, path,
 * range and the bytes transferred before it. Short transfers continue; {@code EINTR} and {@code EAGAIN}
 * are retried up to {@link #MAX_RETRIES} times in a row. On the buffered path the range is written back
 * before the call returns, so writeback errors surface on the write that caused them. Nothing here
 * promises durability: call {@link #sync()} for that.
 *
 * <p>Threads: reads and writes may run concurrently from any threads, at any offsets. Direct and bounced
 * writes run in parallel; buffered writes are serialised per file. {@link #close()} waits for calls in
 * progress and makes later calls fail. The caller keeps its reference on a chain until the call using it
 * returns; a chain overload holds one more reference (its iterator's) only while it runs, and never moves
 * the caller's position. Nothing of a call outlives it: the iovec array cached per thread holds numbers,
 * not segments, and bounce windows go back to their pool before the call returns.
 */
public final class IoFile implements AutoCloseable {
    /** The most consecutive {@code EINTR}/{@code EAGAIN} (or zero-byte) results before a call fails. */
    public static final int MAX_RETRIES = 16;

    static {
        IoFileAccess.install(new IoFileAccess.Access() {
            @Override
            public int fd(IoFile file) {
                return file.fd;
            }

            @Override
            public int fdDirect(IoFile file) {
                return file.fdDirect;
            }

            @Override
            public void noteFallback(IoFile file, WriteDecision decision) {
                file.io.noteFallback(decision);
            }
        });
    }

    private final Syscalls sys;
    private final String path;
    private final int fd;
    private final int fdDirect;
    private final FileCapabilities caps;
    private final SinkProfile sink; // caps.sinkProfile(), made once: a write's decision allocates no profile
    private final Transfers io;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;

    private IoFile(Syscalls sys, String path, int fd, int fdDirect, FileCapabilities caps) {
        this.sys = sys;
        this.path = path;
        this.fd = fd;
        this.fdDirect = fdDirect;
        this.caps = caps;
        this.sink = caps.sinkProfile();
        this.io = new Transfers(sys, path, fd, fdDirect, caps);
    }

    /**
     * Opens a regular file.
     *
     * @param path the file
     * @param options {@link StandardOpenOption#READ} (the default), {@link StandardOpenOption#WRITE},
     *     {@link StandardOpenOption#CREATE}, {@link StandardOpenOption#CREATE_NEW},
     *     {@link StandardOpenOption#TRUNCATE_EXISTING}, {@link java.nio.file.LinkOption#NOFOLLOW_LINKS} (a
     *     symlink as the last component fails with {@code ELOOP}); any other option is rejected. The file is
     *     opened once by {@code path}; the direct descriptor is opened through the first one
     *     ({@code /proc/self/fd}), so both are always the same file
     * @return the open file; the caller must {@link #close()} it
     * @throws IoErrnoException if {@code open} or {@code statx} fails (e.g. {@code ENOENT}, or {@code ELOOP}
     *     with {@code NOFOLLOW_LINKS}), or with {@code EISDIR} if {@code path} is a directory
     * @throws IllegalArgumentException if an option is not supported
     * @throws NullPointerException if an argument is null
     */
    public static IoFile open(Path path, OpenOption... options) throws IOException {
        return open(path, LinuxSyscalls.INSTANCE, Path.of("/sys"), options);
    }

    /** Opens with the given system call layer and sysfs root (tests inject both). */
    static IoFile open(Path path, Syscalls sys, Path sysfsRoot, OpenOption... options) throws IOException {
        FileOpener.Opened o = FileOpener.open(path, sys, sysfsRoot, options);
        return new IoFile(sys, o.path(), o.fd(), o.fdDirect(), o.caps());
    }

    // ------------------------------------------------------------------------------------------------
    // Accessors

    /**
     * The file's capabilities, found at open.
     *
     * @return the capabilities
     */
    public FileCapabilities capabilities() {
        return caps;
    }

    /**
     * The path the file was opened with.
     *
     * @return the path string
     */
    public String path() {
        return path;
    }

    /**
     * How many writes fell back, by reason, since open: a write counts when its decision
     * {@linkplain WriteDecision#isFallback() is a fallback} (bounce or buffered that the policy did not ask for).
     *
     * @return a new map of the reasons with a count above 0
     */
    public Map<WriteReason, Long> fallbackCounts() {
        return io.fallbackCounts();
    }

    /**
     * The decision a write of this shape would get, without writing: what {@code bvq info} shows.
     *
     * @param policy the policy
     * @param fileOffset the file offset, {@code >= 0}
     * @param length the length, {@code >= 0}
     * @param memAlignment the OR of the memory addresses and lengths of the write's regions
     * @return the decision
     * @throws IllegalArgumentException if {@code fileOffset} or {@code length} is negative
     * @throws NullPointerException if {@code policy} is null
     */
    public WriteDecision plan(WritePolicy policy, long fileOffset, long length, long memAlignment) {
        Objects.requireNonNull(policy, "policy");
        checkRange("fileOffset", fileOffset, length);
        return policy.decideCallerMemory(sink, fileOffset, length, memAlignment);
    }

    // ------------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes every byte of a chain, from its first slot, at {@code fileOffset}: the chain as published when
     * the call starts, through a BVECQ iterator on {@link #write(long, IoIter, WritePolicy)}'s path.
     *
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param head the chain's head; the caller keeps its reference until the call returns
     * @param policy how to treat the caller's memory
     * @return the bytes written (the chain's length), the decision and, when bounced, the CRC32C
     * @throws WriteRefusedException if the policy is {@code STRICT} and zero-copy direct I/O is not possible
     *     or not safe; nothing was written
     * @throws IoErrnoException if a system call failed; it names how much was written
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset < 0}
     * @throws NullPointerException if an argument is null
     */
    public WriteResult write(long fileOffset, Bvecq head, WritePolicy policy) throws IOException {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(policy, "policy");
        checkRange("fileOffset", fileOffset, 0);
        try (IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, BvecqBuffers.totalBytes(head))) {
            return write(fileOffset, it, policy);
        }
    }

    /**
     * Writes {@code length} bytes of a chain, starting at a position, at {@code fileOffset}. The position
     * is not moved.
     *
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param from a set position in the chain; the caller keeps it (and its reference) until the call returns
     * @param length the bytes to write, {@code 0 <= length <=} the bytes after {@code from}
     * @param policy how to treat the caller's memory
     * @return the bytes written ({@code length}), the decision and, when bounced, the CRC32C
     * @throws WriteRefusedException if the policy is {@code STRICT} and zero-copy direct I/O is not possible
     *     or not safe; nothing was written
     * @throws IoErrnoException if a system call failed; it names how much was written
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset} or {@code length} is negative
     * @throws IndexOutOfBoundsException if fewer than {@code length} bytes follow {@code from}; nothing is written
     * @throws IllegalStateException if {@code from} is unset
     * @throws NullPointerException if an argument is null
     */
    public WriteResult write(long fileOffset, BvecqPos from, long length, WritePolicy policy) throws IOException {
        Objects.requireNonNull(policy, "policy");
        try (IoIter it = chainIter(Direction.SOURCE, fileOffset, from, length, "write")) {
            return write(fileOffset, it, policy);
        }
    }

    /**
     * Writes {@code length} bytes of a chain, starting at a position, from memory that nobody modifies until
     * the call returns, such as pooled buffers the caller filled and holds alone. The policy sees a stable
     * source ({@link WriteShape#toolkitMemory}), so {@code AUTO} writes it zero-copy even to a stable-writes
     * device, where it would otherwise bounce. Everything else is as for
     * {@link #write(long, BvecqPos, long, WritePolicy)}.
     *
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param from a set position in the chain; the caller keeps it (and its reference) until the call returns
     * @param length the bytes to write, {@code 0 <= length <=} the bytes after {@code from}
     * @param policy the write policy
     * @return the bytes written ({@code length}), the decision and, when bounced, the CRC32C
     * @throws WriteRefusedException if the policy is {@code STRICT} and zero-copy direct I/O is not possible;
     *     nothing was written
     * @throws IoErrnoException if a system call failed; it names how much was written
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset} or {@code length} is negative
     * @throws IndexOutOfBoundsException if fewer than {@code length} bytes follow {@code from}; nothing is written
     * @throws IllegalStateException if {@code from} is unset
     * @throws NullPointerException if an argument is null
     */
    public WriteResult writeStable(long fileOffset, BvecqPos from, long length, WritePolicy policy) throws IOException {
        Objects.requireNonNull(policy, "policy");
        try (IoIter it = chainIter(Direction.SOURCE, fileOffset, from, length, "writeStable")) {
            return write(it, WriteShape.toolkitMemory(fileOffset, length, memAlignment(it)), policy);
        }
    }

    /**
     * Writes the remaining bytes of an iterator ({@code src.count()}) at {@code fileOffset} and advances it
     * past the bytes written. Every type with memory takes the same path: the iterator describes its own
     * pieces to the kernel ({@link IoIter#fillIovecs}), at most {@code IOV_MAX} per system call. Heap memory
     * has no address the kernel can use, so a write that includes any is copied through aligned toolkit
     * memory (bounced, or copied for a buffered write); the policy sees it as unaligned memory.
     *
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param src an open {@link Direction#SOURCE} iterator with memory (not DISCARD)
     * @param policy how to treat the caller's memory
     * @return the bytes written ({@code src.count()} on entry), the decision and, when bounced, the CRC32C
     * @throws WriteRefusedException if the policy is {@code STRICT} and zero-copy direct I/O is not possible
     *     or not safe; nothing was written and {@code src} did not move
     * @throws IoErrnoException if a system call failed; {@code src} is advanced by exactly
     *     {@link IoErrnoException#bytesTransferred()}
     * @throws IOException if the file is closed; {@code src} did not move
     * @throws IllegalArgumentException if {@code fileOffset < 0}, or {@code src} is not a SOURCE iterator or has
     *     no memory
     * @throws IllegalStateException if {@code src} is closed
     * @throws NullPointerException if an argument is null
     * @implNote On any other failure (for example memory whose arena was closed) {@code src} is back where the
     *     call found it, though some of its bytes may have reached the file.
     */
    public WriteResult write(long fileOffset, IoIter src, WritePolicy policy) throws IOException {
        checkIter(src, Direction.SOURCE, "src");
        Objects.requireNonNull(policy, "policy");
        checkRange("fileOffset", fileOffset, src.count());
        return write(src, WriteShape.callerMemory(fileOffset, src.count(), memAlignment(src)), policy);
    }

    /** The one write path: decide, then carry the decision out on the iterator, settling it on failure. */
    private WriteResult write(IoIter src, WriteShape shape, WritePolicy policy) throws IOException {
        enter();
        long start = src.consumed();
        try {
            WriteDecision d = policy.decide(sink, shape);
            if (d.isRefused()) {
                throw new WriteRefusedException(d);
            }
            if (d.isFallback()) {
                io.noteFallback(d);
            }
            Request req = new Request(path, shape.fileOffset(), shape.length());
            long crc = -1;
            if (req.length() > 0) {
                switch (d.strategy()) {
                    case DIRECT -> io.writeDirect(src, req, 0, req.length());
                    case BOUNCE -> crc = io.writeBounced(src, req);
                    case BUFFERED -> {
                        if (src.allNative()) {
                            io.writeBuffered(src, req, 0, req.length());
                        } else {
                            io.writeBufferedCopied(src, req);
                        }
                    }
                    default -> throw new IllegalStateException("strategy: " + d.strategy());
                }
            }
            return new WriteResult(req.length(), d, crc);
        } catch (IoErrnoException e) {
            settle(src, start + e.bytesTransferred(), e);
            throw e;
        } catch (Throwable t) {
            settle(src, start, t);
            throw t;
        } finally {
            exit();
        }
    }

    /** What the policy needs of the memory: its alignment; heap memory, which must be copied, never counts as aligned. */
    private static long memAlignment(IoIter it) {
        long a = it.alignment();
        return it.allNative() ? a : a | 1;
    }

    // ------------------------------------------------------------------------------------------------
    // Reading

    /**
     * Reads into every slot of a chain, from its first slot, starting at {@code fileOffset}: the chain as
     * published when the call starts, through a BVECQ iterator on {@link #read(long, IoIter)}'s path.
     *
     * @param fileOffset the file offset of the first byte, {@code >= 0}
     * @param head the chain's head; the caller keeps its reference until the call returns
     * @return the bytes read: the chain's length, or less if the file ends first
     * @throws IoErrnoException if a system call failed; it names how much was read
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset < 0}
     * @throws NullPointerException if {@code head} is null
     */
    public long read(long fileOffset, Bvecq head) throws IOException {
        Objects.requireNonNull(head, "head");
        checkRange("fileOffset", fileOffset, 0);
        try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, BvecqBuffers.totalBytes(head))) {
            return read(fileOffset, it);
        }
    }

    /**
     * Reads {@code length} bytes into a chain from a position on. The position is not moved. Direct I/O is
     * used when offset, length and memory are aligned for it, else uncached buffered I/O. Heap memory is
     * read through aligned pool memory and copied.
     *
     * @param fileOffset the file offset of the first byte, {@code >= 0}
     * @param into a set position in a chain
     * @param length the bytes to read, {@code 0 <= length <=} the bytes after {@code into}
     * @return the bytes read: {@code length}, or less if the file ends first
     * @throws IoErrnoException if a system call failed; it names how much was read
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset} or {@code length} is negative
     * @throws IndexOutOfBoundsException if fewer than {@code length} bytes follow {@code into}
     * @throws IllegalStateException if {@code into} is unset
     * @throws NullPointerException if {@code into} is null
     */
    public long read(long fileOffset, BvecqPos into, long length) throws IOException {
        try (IoIter it = chainIter(Direction.DEST, fileOffset, into, length, "read")) {
            return read(fileOffset, it);
        }
    }

    /**
     * Reads into the remaining bytes of an iterator ({@code dst.count()}) from {@code fileOffset} and advances
     * it past the bytes read (fewer at end of file). Every type with memory takes the same path as for
     * writes; direct I/O is used when offset, length and memory allow it, else uncached buffered I/O. Heap
     * memory is read through aligned pool memory and copied into the iterator.
     *
     * @param fileOffset the file offset of the first byte, {@code >= 0}
     * @param dst an open {@link Direction#DEST} iterator with memory (not DISCARD)
     * @return the bytes read: {@code dst.count()} on entry, or less if the file ends first
     * @throws IoErrnoException if a system call failed; {@code dst} is advanced by exactly
     *     {@link IoErrnoException#bytesTransferred()}, the bytes that landed in its memory
     * @throws IOException if the file is closed; {@code dst} did not move
     * @throws IllegalArgumentException if {@code fileOffset < 0}, or {@code dst} is not a DEST iterator or has
     *     no memory
     * @throws IllegalStateException if {@code dst} is closed
     * @throws NullPointerException if {@code dst} is null
     * @implNote On any other failure {@code dst} is back where the call found it, though its memory may hold
     *     some of the file's bytes.
     */
    public long read(long fileOffset, IoIter dst) throws IOException {
        checkIter(dst, Direction.DEST, "dst");
        checkRange("fileOffset", fileOffset, dst.count());
        enter();
        long start = dst.consumed();
        try {
            Request req = new Request(path, fileOffset, dst.count());
            return dst.allNative() ? io.read(dst, req, 0, req.length()) : io.readCopied(dst, req);
        } catch (IoErrnoException e) {
            settle(dst, start + e.bytesTransferred(), e);
            throw e;
        } catch (Throwable t) {
            settle(dst, start, t);
            throw t;
        } finally {
            exit();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The iterator overloads' shared checks

    /** A BVECQ iterator over {@code length} bytes from a caller's position, after the checks its overloads document. */
    private static IoIter chainIter(Direction direction, long fileOffset, BvecqPos pos, long length, String what) {
        Objects.requireNonNull(pos, what.equals("read") ? "into" : "from");
        checkRange("fileOffset", fileOffset, length);
        if (!pos.isSet()) {
            throw new IllegalStateException("BvecqPos is unset: " + what + " needs a set position");
        }
        try {
            return IoIter.bvecq(direction, pos, length);
        } catch (IndexOutOfBoundsException e) { // name the caller's parameter, not the iterator's count
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + pos.remaining()
                    + ", the bytes in the chain from " + pos + ")");
        }
    }

    private static void checkIter(IoIter it, Direction want, String name) {
        Objects.requireNonNull(it, name);
        if (it.direction() != want) {
            throw new IllegalArgumentException(name + " direction: " + it.direction() + " (expected: " + want + ")");
        }
        if (it.type() == IterType.DISCARD) {
            throw new IllegalArgumentException(name + " type: DISCARD (expected: an iterator with memory)");
        }
        if (it.isClosed()) {
            throw new IllegalStateException(name + ": " + it + " (expected: an open iterator)");
        }
    }

    /**
     * Puts an iterator where a failed call documents it, {@code at} bytes past its start ({@code consumed()}
     * values): a bounced write may have copied further than the kernel took. A failure doing so is added to
     * the one being thrown.
     */
    private static void settle(IoIter it, long at, Throwable failure) {
        try {
            long now = it.consumed();
            if (now > at) {
                it.revert(now - at);
            } else if (now < at) {
                it.advance(at - now);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Other file operations

    /**
     * Finds the data extents of a sparse file between two offsets with {@code SEEK_DATA}/{@code SEEK_HOLE}:
     * what a cache has locally and need not fetch. File systems without hole tracking report one extent
     * up to the end of the file.
     *
     * @param from the first offset, {@code >= 0}
     * @param to the end offset, {@code >= from}; extents are clipped to it
     * @return the extents in ascending order, clipped to {@code [from, to)}; empty if all holes
     * @throws IoErrnoException if {@code lseek} fails with anything but {@code ENXIO} (end of data)
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if the range is invalid
     */
    public List<Extent> dataExtents(long from, long to) throws IOException {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("from: " + from + ", to: " + to + " (expected: 0 <= from <= to)");
        }
        enter();
        try {
            List<Extent> out = new ArrayList<>();
            long pos = from;
            while (pos < to) {
                long d = sys.lseek(fd, pos, Linux.SEEK_DATA);
                if (d == -Errno.ENXIO) {
                    break; // no data after pos
                }
                if (d < 0) {
                    throw new IoErrnoException("lseek(SEEK_DATA)", (int) -d, path, from, to - from, 0);
                }
                if (d >= to) {
                    break;
                }
                long h = sys.lseek(fd, d, Linux.SEEK_HOLE);
                if (h == -Errno.ENXIO) {
                    break; // truncated meanwhile
                }
                if (h < 0) {
                    throw new IoErrnoException("lseek(SEEK_HOLE)", (int) -h, path, from, to - from, 0);
                }
                long end = Math.min(h, to);
                long start = Math.max(d, from);
                if (end > start) {
                    out.add(new Extent(start, end - start));
                }
                pos = h;
            }
            return out;
        } finally {
            exit();
        }
    }

    /**
     * Zeroes a range with {@code fallocate(FALLOC_FL_ZERO_RANGE)}, without writing zeros through memory.
     *
     * @param offset the first byte, {@code >= 0}
     * @param length the bytes, {@code > 0}
     * @throws IoErrnoException if {@code fallocate} fails (e.g. {@code EOPNOTSUPP} where the file system lacks it)
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code offset < 0} or {@code length <= 0}
     */
    public void zeroRange(long offset, long length) throws IOException {
        checkRange("offset", offset, length);
        if (length == 0) {
            throw new IllegalArgumentException("length: 0 (expected: length > 0)");
        }
        enter();
        try {
            int r = sys.fallocate(fd, Linux.FALLOC_FL_ZERO_RANGE, offset, length);
            if (r < 0) {
                throw new IoErrnoException("fallocate(ZERO_RANGE)", -r, path, offset, length, 0);
            }
        } finally {
            exit();
        }
    }

    /**
     * The file's current size.
     *
     * @return bytes, from {@code statx}
     * @throws IoErrnoException if {@code statx} fails
     * @throws IOException if the file is closed
     */
    public long size() throws IOException {
        enter();
        try {
            return FileOpener.statx(sys, fd, path).size();
        } finally {
            exit();
        }
    }

    /**
     * Sets the file's size ({@code ftruncate}).
     *
     * @param size the new size, {@code >= 0}
     * @throws IoErrnoException if {@code ftruncate} fails
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code size < 0}
     */
    public void truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: size >= 0)");
        }
        enter();
        try {
            int r = sys.ftruncate(fd, size);
            if (r < 0) {
                throw new IoErrnoException("ftruncate", -r, path, size, 0, 0);
            }
        } finally {
            exit();
        }
    }

    /**
     * Makes written data durable ({@code fdatasync}).
     *
     * @throws IoErrnoException if {@code fdatasync} fails, e.g. with a writeback error
     * @throws IOException if the file is closed
     */
    public void sync() throws IOException {
        enter();
        try {
            int r = sys.fdatasync(fd);
            if (r < 0) {
                throw new IoErrnoException("fdatasync", -r, path, 0, 0, 0);
            }
        } finally {
            exit();
        }
    }

    /**
     * Closes both descriptors after the calls in progress return; later calls throw {@link IOException}.
     * Closing twice does nothing.
     *
     * @throws IoErrnoException if {@code close} fails
     */
    @Override
    public void close() throws IoErrnoException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // volatile write of closed, then read of active: pairs with enter()'s increment of active, then read of
        // closed; one of the two sides always sees the other, so no call runs on a closed descriptor
        while (active.get() != 0) {
            LockSupport.parkNanos(100_000L);
        }
        int r1 = fdDirect >= 0 ? sys.close(fdDirect) : 0;
        int r2 = sys.close(fd);
        if (r2 < 0 || r1 < 0) {
            throw new IoErrnoException("close", -(r2 < 0 ? r2 : r1), path, 0, 0, 0);
        }
    }

    private void enter() throws IOException {
        active.incrementAndGet();
        if (closed) { // after announcing ourselves: pairs with close() setting closed, then reading active
            active.decrementAndGet();
            throw new IOException("file closed: " + path);
        }
    }

    private void exit() {
        active.decrementAndGet();
    }

    /** Rejects a negative offset (named {@code offName}) or length, or a range past {@code Long.MAX_VALUE}. */
    private static void checkRange(String offName, long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException(offName + ": " + offset + " (expected: " + offName + " >= 0)");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length >= 0)");
        }
        if (offset + length < 0) {
            throw new IllegalArgumentException(offName + " + length: overflow (" + offName + "=" + offset + ", length="
                    + length + ")");
        }
    }

    /**
     * Describes the file: {@code IoFile[/data/f, ext4 254:0, dio=512/512, stableWrites=false]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "IoFile[" + path + ", " + caps.fileSystem() + " " + caps.device() + ", dio=" + caps.dioMemAlign() + "/"
                + caps.dioOffsetAlign() + ", stableWrites=" + caps.stableWrites() + (closed ? ", closed" : "") + "]";
    }
}
