package io.bvecq.io;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.extract.WriteDecision;
import io.bvecq.extract.WritePolicy;
import io.bvecq.extract.WriteReason;
import io.bvecq.extract.WriteRefusedException;
import io.bvecq.extract.WriteShape;
import io.bvecq.extract.WriteStrategy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.IterType;
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
 * An open regular file on Linux that reads into and writes from bvecq chains at explicit offsets, choosing
 * per write between zero-copy direct I/O, bounced direct I/O and uncached buffered I/O.
 *
 * <pre>
 *   write(off, chain, policy) --decide--+-- DIRECT   : pwritev on the O_DIRECT descriptor, from the chain's memory
 *                                       +-- BOUNCE   : copy (+CRC32C) into aligned pool memory, then O_DIRECT
 *                                       +-- BUFFERED : pwritev2(RWF_DONTCACHE) or pwritev + fadvise(DONTNEED),
 *                                                      then sync_file_range(wait) of the range; serialised
 * </pre>
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
 * returns; this class takes none and never moves the caller's positions.
 */
public final class IoFile implements AutoCloseable {
    /** The most consecutive {@code EINTR}/{@code EAGAIN} (or zero-byte) results before a call fails. */
    public static final int MAX_RETRIES = 16;

    private static final ThreadLocal<ChainCursor> CURSOR = ThreadLocal.withInitial(ChainCursor::new);

    private final Syscalls sys;
    private final String path;
    private final int fd;
    private final int fdDirect;
    private final FileCapabilities caps;
    private final Transfers io;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;

    private IoFile(Syscalls sys, String path, int fd, int fdDirect, FileCapabilities caps) {
        this.sys = sys;
        this.path = path;
        this.fd = fd;
        this.fdDirect = fdDirect;
        this.caps = caps;
        this.io = new Transfers(sys, path, fd, fdDirect, caps);
    }

    /**
     * Opens a regular file.
     *
     * @param path the file
     * @param options {@link StandardOpenOption#READ} (the default), {@link StandardOpenOption#WRITE},
     *     {@link StandardOpenOption#CREATE}, {@link StandardOpenOption#CREATE_NEW},
     *     {@link StandardOpenOption#TRUNCATE_EXISTING}; any other option is rejected
     * @return the open file; the caller must {@link #close()} it
     * @throws IoErrnoException if {@code open} or {@code statx} fails (e.g. {@code ENOENT}), or with
     *     {@code EISDIR} if {@code path} is a directory
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
        checkRange(fileOffset, length);
        return policy.decide(caps.sinkProfile(), WriteShape.callerMemory(fileOffset, length, memAlignment));
    }

    // ------------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes every byte of a chain, from its first slot, at {@code fileOffset}.
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
        return write(fileOffset, head, 0, 0, Long.MAX_VALUE, policy, false);
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
        Objects.requireNonNull(from, "from");
        if (!from.isSet()) {
            throw new IllegalStateException("BvecqPos is unset: write needs a set position");
        }
        return write(fileOffset, from.node(), from.slot(), from.offset(), length, policy, false);
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
        Objects.requireNonNull(from, "from");
        if (!from.isSet()) {
            throw new IllegalStateException("BvecqPos is unset: writeStable needs a set position");
        }
        return write(fileOffset, from.node(), from.slot(), from.offset(), length, policy, true);
    }

    /**
     * Writes the remaining bytes of an iterator ({@code src.count()}) at {@code fileOffset} and advances it
     * past the bytes written. A BVECQ iterator is written from its chain; other types are described as a
     * chain of their regions first (no copy). Heap memory is copied before it reaches the kernel.
     *
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param src a {@link Direction#SOURCE} iterator with memory (not DISCARD)
     * @param policy how to treat the caller's memory
     * @return the bytes written ({@code src.count()} on entry), the decision and, when bounced, the CRC32C
     * @throws WriteRefusedException if the policy is {@code STRICT} and zero-copy direct I/O is not possible
     *     or not safe; nothing was written and {@code src} did not move
     * @throws IoErrnoException if a system call failed; {@code src} is advanced by
     *     {@link IoErrnoException#bytesTransferred()}
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset < 0}, or {@code src} is not a SOURCE iterator or has
     *     no memory
     * @throws IllegalStateException if {@code src} is closed
     * @throws NullPointerException if an argument is null
     */
    public WriteResult write(long fileOffset, IoIter src, WritePolicy policy) throws IOException {
        checkIter(src, Direction.SOURCE);
        Objects.requireNonNull(policy, "policy");
        checkRange(fileOffset, src.count());
        long length = src.count();
        if (src.type() == IterType.BVECQ) {
            BvecqPos p = new BvecqPos();
            try {
                src.position(p);
                WriteResult r = write(fileOffset, p.node(), p.slot(), p.offset(), length, policy, false);
                src.advance(length);
                return r;
            } catch (IoErrnoException e) {
                src.advance(e.bytesTransferred());
                throw e;
            } finally {
                p.unset();
            }
        }
        Bvecq chain = IterChains.describe(src); // advances src by length
        try {
            return write(fileOffset, chain, 0, 0, length, policy, false);
        } catch (IoErrnoException e) {
            src.revert(length - e.bytesTransferred());
            throw e;
        } catch (IOException | RuntimeException e) {
            src.revert(length);
            throw e;
        } finally {
            chain.release();
        }
    }

    private static void checkIter(IoIter it, Direction want) {
        Objects.requireNonNull(it, "iterator");
        if (it.direction() != want) {
            throw new IllegalArgumentException("iterator direction: " + it.direction() + " (expected: " + want + ")");
        }
        if (it.type() == IterType.DISCARD) {
            throw new IllegalArgumentException("iterator type: DISCARD (expected: an iterator with memory)");
        }
    }

    /** The bytes to transfer: all of the chain from the cursor when {@code whole}, else {@code length}, checked. */
    private static long measure(ChainCursor c, long length, boolean whole, Bvecq node, int slot, long off) {
        long avail = c.scan(length);
        if (whole) {
            return avail;
        }
        if (avail < length) {
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + avail
                    + ", the bytes in the chain from " + node + " slot " + slot + " offset " + off + ")");
        }
        return length;
    }

    private WriteResult write(long fileOffset, Bvecq node, int slot, long off, long length, WritePolicy policy,
            boolean stableSource) throws IOException {
        Objects.requireNonNull(policy, "policy");
        boolean whole = length == Long.MAX_VALUE;
        checkRange(fileOffset, whole ? 0 : length);
        enter();
        try {
            ChainCursor c = CURSOR.get().reset(node, slot, off);
            length = measure(c, length, whole, node, slot, off);
            long memAlign = c.allNative ? c.memAlignment : c.memAlignment | 1; // heap memory must be copied
            WriteDecision d = policy.decide(caps.sinkProfile(), stableSource
                    ? WriteShape.toolkitMemory(fileOffset, length, memAlign)
                    : WriteShape.callerMemory(fileOffset, length, memAlign));
            if (d.isRefused()) {
                throw new WriteRefusedException(d);
            }
            if (d.isFallback()) {
                io.noteFallback(d);
            }
            long crc = -1;
            if (length > 0) {
                switch (d.strategy()) {
                    case DIRECT -> {
                        long done = io.transfer(fdDirect, true, c, fileOffset, length, 0, true, fileOffset, length, 0);
                        if (done < length) {
                            // a short direct write left an unaligned remainder: finish it buffered
                            io.noteFallback(new WriteDecision(WriteStrategy.BUFFERED, WriteReason.UNALIGNED_OFFSET,
                                    "short direct write"));
                            io.bufferedWrite(c, true, fileOffset + done, length - done, fileOffset, length, done);
                        }
                    }
                    case BOUNCE -> crc = io.bounceWrite(c, fileOffset, length);
                    case BUFFERED -> io.bufferedWrite(c, c.allNative, fileOffset, length, fileOffset, length, 0);
                    default -> throw new IllegalStateException("strategy: " + d.strategy());
                }
            }
            return new WriteResult(length, d, crc);
        } finally {
            exit();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reading

    /**
     * Reads into every slot of a chain, from its first slot, starting at {@code fileOffset}.
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
        return read(fileOffset, head, 0, 0, Long.MAX_VALUE);
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
        Objects.requireNonNull(into, "into");
        if (!into.isSet()) {
            throw new IllegalStateException("BvecqPos is unset: read needs a set position");
        }
        return read(fileOffset, into.node(), into.slot(), into.offset(), length);
    }

    /**
     * Reads into the remaining bytes of an iterator ({@code dst.count()}) from {@code fileOffset} and advances
     * it past the bytes read (fewer at end of file).
     *
     * @param fileOffset the file offset of the first byte, {@code >= 0}
     * @param dst a {@link Direction#DEST} iterator with memory (not DISCARD)
     * @return the bytes read: {@code dst.count()} on entry, or less if the file ends first
     * @throws IoErrnoException if a system call failed; {@code dst} is advanced by
     *     {@link IoErrnoException#bytesTransferred()}
     * @throws IOException if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset < 0}, or {@code dst} is not a DEST iterator or has
     *     no memory
     * @throws IllegalStateException if {@code dst} is closed
     * @throws NullPointerException if {@code dst} is null
     */
    public long read(long fileOffset, IoIter dst) throws IOException {
        checkIter(dst, Direction.DEST);
        checkRange(fileOffset, dst.count());
        long length = dst.count();
        if (dst.type() == IterType.BVECQ) {
            BvecqPos p = new BvecqPos();
            try {
                dst.position(p);
                long n = read(fileOffset, p.node(), p.slot(), p.offset(), length);
                dst.advance(n);
                return n;
            } catch (IoErrnoException e) {
                dst.advance(e.bytesTransferred());
                throw e;
            } finally {
                p.unset();
            }
        }
        Bvecq chain = IterChains.describe(dst);
        try {
            long n = read(fileOffset, chain, 0, 0, length);
            dst.revert(length - n);
            return n;
        } catch (IoErrnoException e) {
            dst.revert(length - e.bytesTransferred());
            throw e;
        } catch (IOException | RuntimeException e) {
            dst.revert(length);
            throw e;
        } finally {
            chain.release();
        }
    }

    private long read(long fileOffset, Bvecq node, int slot, long off, long length) throws IOException {
        boolean whole = length == Long.MAX_VALUE;
        checkRange(fileOffset, whole ? 0 : length);
        enter();
        try {
            ChainCursor c = CURSOR.get().reset(node, slot, off);
            length = measure(c, length, whole, node, slot, off);
            if (!c.allNative) {
                return io.readBounced(c, fileOffset, length);
            }
            long done = 0;
            if (length > 0 && io.directAligned(fileOffset, length) && (c.memAlignment & (caps.dioMemAlign() - 1)) == 0) {
                done = io.transfer(fdDirect, false, c, fileOffset, length, 0, true, fileOffset, length, 0);
            }
            if (done < length) {
                done += io.transfer(fd, false, c, fileOffset + done, length - done, io.bufferedFlags(), false, fileOffset,
                        length, done);
            }
            return done;
        } finally {
            exit();
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
        checkRange(offset, length);
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
        checkRange(size, 0);
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

    private static void checkRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("fileOffset: " + offset + " (expected: fileOffset >= 0)");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length >= 0)");
        }
        if (offset + length < 0) {
            throw new IllegalArgumentException("fileOffset + length: overflow (fileOffset=" + offset + ", length="
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
