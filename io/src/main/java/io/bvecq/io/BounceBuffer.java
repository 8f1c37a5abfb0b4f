package io.bvecq.io;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * Aligned toolkit memory for one bounced transfer at a time: up to {@link #WINDOW} bytes in pool chunks.
 * {@link #load} copies bytes from the caller's chain into the chunks and checksums each chunk right after
 * copying it, while it is cache-hot; then the chunks serve as an {@link IovSource} for the write. One
 * instance per thread; the chunks go back to the pool in {@link #clear()}.
 */
final class BounceBuffer implements IovSource {
    /** The chunk size of the bounce pool: 64 KiB, page-aligned like every pool chunk. */
    static final int CHUNK = 64 << 10;
    /** The most bytes bounced per system call: 1 MiB. */
    static final int WINDOW = 1 << 20;

    private static final BufferPool POOL = BufferPool.create(CHUNK, 256L << 20, false);
    private static final ThreadLocal<BounceBuffer> PER_THREAD = ThreadLocal.withInitial(BounceBuffer::new);

    private final PoolChunk[] chunks = new PoolChunk[WINDOW / CHUNK];
    private int nrChunks;
    private long bytes;
    private long pos;
    private long filled;

    static BounceBuffer get() {
        return PER_THREAD.get();
    }

    /**
     * Copies {@code n <= WINDOW} bytes from {@code src} (moving it past them) into fresh chunks, updating
     * {@code crc} (may be null) chunk by chunk. The buffer is then positioned at its start.
     */
    void load(ChainCursor src, long n, CRC32C crc) {
        clear();
        long left = n;
        while (left > 0) {
            PoolChunk c = POOL.take();
            chunks[nrChunks++] = c;
            long take = Math.min(left, CHUNK);
            MemorySegment seg = c.segment();
            src.copyTo(seg, 0, take);
            if (crc != null) {
                crc.update(seg.asSlice(0, take).asByteBuffer());
            }
            left -= take;
        }
        bytes = n;
        pos = 0;
    }

    /** Takes fresh chunks for {@code n <= WINDOW} bytes to read into; positioned at the start. */
    void prepare(long n) {
        clear();
        for (long left = n; left > 0; left -= CHUNK) {
            chunks[nrChunks++] = POOL.take();
        }
        bytes = n;
        pos = 0;
    }

    /** Copies the first {@code n} bytes of the buffer into the regions at {@code dst}, moving it past them. */
    void copyOut(ChainCursor dst, long n) {
        for (long done = 0; done < n;) {
            long take = Math.min(CHUNK, n - done);
            dst.copyFrom(chunks[(int) (done / CHUNK)].segment(), 0, take);
            done += take;
        }
    }

    /** Gives the chunks back to the pool. */
    void clear() {
        for (int i = 0; i < nrChunks; i++) {
            chunks[i].release();
            chunks[i] = null;
        }
        nrChunks = 0;
        bytes = 0;
        pos = 0;
    }

    @Override
    public int fill(MemorySegment iov, int maxIov, long maxBytes) {
        int cnt = 0;
        long total = 0;
        long p = pos;
        long end = Math.min(bytes, pos + maxBytes);
        while (p < end && cnt < maxIov) {
            int ci = (int) (p / CHUNK);
            long inChunk = p % CHUNK;
            long take = Math.min(CHUNK - inChunk, end - p);
            long base = Linux.IOVEC_SIZE * (long) cnt;
            iov.set(ValueLayout.JAVA_LONG, base, chunks[ci].segment().address() + inChunk);
            iov.set(ValueLayout.JAVA_LONG, base + 8, take);
            cnt++;
            total += take;
            p += take;
        }
        filled = total;
        return cnt;
    }

    @Override
    public long filled() {
        return filled;
    }

    @Override
    public void advance(long n) {
        pos += n;
    }
}
