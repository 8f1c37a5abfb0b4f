package io.bvecq.netfs;

import io.bvecq.io.Extent;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cache of one object in a local backing file, following cachefiles' rules (the seed's
 * {@code CACHEFILES_CONTENT_ALL} series):
 * <ol>
 *   <li>the backing file's size is always a multiple of the cache block (the file's direct-I/O offset alignment,
 *       4096 where it has none), and grows only to the end of the highest write stored;</li>
 *   <li>the object's size and a content flag live in the user extended attribute {@value #XATTR} (9 bytes:
 *       the size, little-endian, then the flag);</li>
 *   <li>while writes have followed on from the start without a gap the flag says {@link Content#ALL}, and
 *       occupancy is answered from the metadata alone, without {@code SEEK_DATA}/{@code SEEK_HOLE}; otherwise
 *       ({@link Content#PARTIAL}) it returns the next two data extents of {@link IoFile#dataExtents};</li>
 *   <li>writes come rounded out to blocks; a write into the block holding the object's end goes through the
 *       buffered path, the rest through the file's policy ({@link WritePolicy#AUTO});</li>
 *   <li>a completed contiguous run of writes updates the metadata once ({@link #collectWrite}); the part of a
 *       partial last block past the old object size is then cleaned with {@code fallocate} zero-range if the run
 *       did not cover it; shortening ({@link #setObjectSize}) clears past the new size.</li>
 * </ol>
 *
 * <p>Coherency: {@link #open} is given the object's current size; a cache whose recorded size differs, or whose
 * file is not a whole number of blocks, is emptied.
 *
 * <p>Threads: {@link #read} and {@link #write} from any threads at once; the metadata methods are synchronized.
 */
public final class CacheFile implements NetfsCache, AutoCloseable {
    /** The extended attribute holding the object size and the content flag. */
    public static final String XATTR = "user.bvecq.netfs";

    /** What the backing file holds (kernel {@code cachefiles_content}). */
    public enum Content {
        /** Nothing. */
        NO_DATA,
        /** Some ranges: ask the backing file with {@code SEEK_DATA}/{@code SEEK_HOLE}. */
        PARTIAL,
        /** Everything up to the object's size. */
        ALL
    }

    /** Where occupancy comes from when the metadata cannot answer: the backing file's data extents. */
    interface ExtentSource {
        List<Extent> dataExtents(long from, long to) throws IOException;
    }

    private final IoFile file;
    private final String path;
    private final int block;
    private final ExtentSource extents;
    private final java.util.concurrent.atomic.AtomicLong iSize = new java.util.concurrent.atomic.AtomicLong();
    private volatile long objectSize;
    private volatile Content content;
    private long storedEnd; // the end of what the metadata accounts for; guarded by this
    // bytes written by each strategy the file's policy chose, for tests and diagnostics
    private final java.util.concurrent.atomic.AtomicLongArray writtenBy =
            new java.util.concurrent.atomic.AtomicLongArray(io.bvecq.io.WriteStrategy.values().length);

    CacheFile(IoFile file, String path, long objectSize, ExtentSource extents) throws IOException {
        this.file = file;
        this.path = path;
        int align = file.capabilities().dioOffsetAlign();
        this.block = align > 0 && align <= 4096 ? Math.max(align, 512) : 4096;
        this.extents = extents == null ? file::dataExtents : extents;
        long size = file.size();
        byte[] x = Xattrs.get(path, XATTR, 64);
        if (x != null && x.length == 9 && size % block == 0) {
            ByteBuffer b = ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN);
            long recorded = b.getLong();
            int c = b.get();
            if (recorded == objectSize && c >= 0 && c < Content.values().length) {
                this.objectSize = recorded;
                this.content = Content.values()[c];
                iSize.set(size);
                storedEnd = size;
                return;
            }
        }
        this.objectSize = objectSize;
        invalidate();
    }

    /**
     * Opens (creating if needed) the backing file of one object's cache.
     *
     * @param path the backing file
     * @param objectSize the object's current size, {@code >= 0}; a cache recorded for another size is emptied
     * @return the cache; close it to close the backing file
     * @throws IOException if the file cannot be opened or its extended attribute cannot be read or written
     *     (a file system without user xattrs fails with {@code EOPNOTSUPP})
     * @throws IllegalArgumentException if {@code objectSize < 0}
     */
    public static CacheFile open(Path path, long objectSize) throws IOException {
        if (objectSize < 0) {
            throw new IllegalArgumentException("objectSize: " + objectSize + " (expected: objectSize >= 0)");
        }
        return open(path, objectSize, null);
    }

    static CacheFile open(Path path, long objectSize, ExtentSource extents) throws IOException {
        IoFile f = IoFile.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        boolean ok = false;
        try {
            CacheFile c = new CacheFile(f, path.toString(), objectSize, extents);
            ok = true;
            return c;
        } finally {
            if (!ok) {
                f.close();
            }
        }
    }

    @Override
    public int blockSize() {
        return block;
    }

    @Override
    public Limits readLimits() {
        return new Limits(Integer.MAX_VALUE & ~(block - 1), 256);
    }

    @Override
    public long objectSize() {
        return objectSize;
    }

    /**
     * What the metadata says the backing file holds.
     *
     * @return the content flag
     */
    public Content content() {
        return content;
    }

    /**
     * The backing file's size: a multiple of the block, the end of the highest write.
     *
     * @return bytes
     */
    public long backingSize() {
        return iSize.get();
    }

    @Override
    public List<CacheExtent> queryOccupancy(long start, long end) throws IOException {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("start: " + start + ", end: " + end + " (expected: 0 <= start <= end)");
        }
        long obj = objectSize;
        long stored = iSize.get();
        List<CacheExtent> out = new ArrayList<>(2);
        Content c = content;
        if (c == Content.NO_DATA || start >= Math.min(end, obj)) {
            return out;
        }
        if (c == Content.ALL) {
            add(out, start, Math.min(Math.min(stored, obj), end), true); // no holes below the backing size
            return out;
        }
        long to = Math.min(Math.min(end, obj), stored);
        if (start >= to) {
            return out;
        }
        for (Extent e : extents.dataExtents(start, to)) {
            long s = (e.offset() + block - 1) / block * block;
            long en = e.end() >= Math.min(stored, obj) ? e.end() : e.end() / block * block;
            add(out, Math.max(s, start), Math.min(en, to), true);
            if (out.size() == 2) {
                break;
            }
        }
        return out;
    }

    private static void add(List<CacheExtent> out, long s, long e, boolean data) {
        if (e > s) {
            out.add(new CacheExtent(s, e - s, data));
        }
    }

    @Override
    public long read(long position, IoIter dst) throws IOException {
        return file.read(position, dst);
    }

    @Override
    public void write(long position, IoIter src, long dataEnd) throws IOException {
        long count = src.count();
        if (position < 0 || position % block != 0 || count % block != 0) {
            throw new IllegalArgumentException("position: " + position + ", count: " + count
                    + " (expected: both multiples of the block " + block + ")");
        }
        long end = position + count;
        long lastBlock = dataEnd / block * block;
        long body = dataEnd % block != 0 && end > lastBlock && position <= lastBlock ? lastBlock - position : count;
        if (body > 0) {
            long cut = src.truncate(body);
            try {
                noteWrite(file.write(position, src, WritePolicy.AUTO));
            } finally {
                src.reexpand(src.count() + cut);
            }
        }
        if (body < count) { // the block holding the object's end: buffered
            noteWrite(file.write(position + body, src, WritePolicy.BUFFERED));
        }
        iSize.accumulateAndGet(end, Math::max);
    }

    private void noteWrite(io.bvecq.io.WriteResult r) {
        writtenBy.addAndGet(r.decision().strategy().ordinal(), r.bytes());
    }

    /** The bytes this cache's writes sent through {@code strategy} so far (the partial last block's test reads it). */
    long bytesWritten(io.bvecq.io.WriteStrategy strategy) {
        return writtenBy.get(strategy.ordinal());
    }

    @Override
    public synchronized void collectWrite(long start, long length, long newObjectSize) throws IOException {
        long old = objectSize;
        long oldTail = (old + block - 1) / block * block;
        if (newObjectSize > old && old % block != 0 && start >= oldTail && storedEnd > old) {
            file.zeroRange(old, oldTail - old); // the stale part of the old partial block is now inside the object
        }
        boolean followsOn = start <= storedEnd && (content == Content.ALL || storedEnd == 0);
        content = followsOn ? Content.ALL : Content.PARTIAL;
        storedEnd = Math.max(storedEnd, start + length);
        objectSize = Math.max(newObjectSize, 0);
        storeMetadata();
    }

    /**
     * Changes the object's size. Shortening truncates the backing file to the block holding the new end and
     * clears the rest of that block; to 0 it empties the cache.
     *
     * @param newSize the new size, {@code >= 0}
     * @throws IOException if the file or its attribute cannot be changed
     * @throws IllegalArgumentException if {@code newSize < 0}
     */
    public synchronized void setObjectSize(long newSize) throws IOException {
        if (newSize < 0) {
            throw new IllegalArgumentException("newSize: " + newSize + " (expected: newSize >= 0)");
        }
        if (newSize == 0) {
            objectSize = 0;
            invalidate();
            return;
        }
        if (newSize < objectSize) {
            long tail = (newSize + block - 1) / block * block;
            if (iSize.get() > tail) {
                file.truncate(tail);
                iSize.set(tail);
                storedEnd = Math.min(storedEnd, tail);
            }
            if (newSize % block != 0 && iSize.get() > newSize) {
                file.zeroRange(newSize, Math.min(tail, iSize.get()) - newSize);
            }
        } else if (newSize > objectSize && content == Content.ALL && iSize.get() < objectSize) {
            content = Content.PARTIAL;
        }
        objectSize = newSize;
        storeMetadata();
    }

    @Override
    public synchronized void invalidate() throws IOException {
        file.truncate(0);
        iSize.set(0);
        storedEnd = 0;
        content = Content.NO_DATA;
        storeMetadata();
    }

    private void storeMetadata() throws IOException {
        byte[] x = new byte[9];
        ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN).putLong(objectSize).put((byte) content.ordinal());
        Xattrs.set(path, XATTR, x);
    }

    /**
     * Closes the backing file.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        file.close();
    }

    /**
     * Describes the cache.
     *
     * @return {@code CacheFile[path, object=.., backing=.., content]}
     */
    @Override
    public String toString() {
        return "CacheFile[" + path + ", object=" + objectSize + ", backing=" + iSize.get() + ", " + content + "]";
    }
}
