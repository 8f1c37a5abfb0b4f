package io.bvecq.netfs;

import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.util.List;

/**
 * A local cache of one remote object (kernel {@code netfs_cache_ops}): which ranges it holds, reading them,
 * storing block-aligned writes, and dropping everything.
 *
 * <p>Writes are whole blocks of {@link #blockSize()}: the request rounds each run out to blocks with the lower
 * gap holding real data of the object and the upper gap holding zeroes (it ends at the end of the object). After
 * a contiguous run of writes has completed, the request calls {@link #collectWrite} once for the run, and the
 * cache updates its metadata then (kernel {@code collect_write}).
 *
 * <p>Threads: {@link #read} and {@link #write} are called from the request's executor, several at once for
 * different ranges; {@link #queryOccupancy}, {@link #collectWrite} and {@link #invalidate} from the request's
 * issuing thread, never at the same time as each other for one request.
 */
public interface NetfsCache {
    /**
     * The cache's block: the granularity of its occupancy and writes (a power of two, at most 4096).
     *
     * @return bytes
     */
    int blockSize();

    /**
     * The limits of one read from the cache.
     *
     * @return the limits, never null
     */
    Limits readLimits();

    /**
     * The size of the object as the cache knows it.
     *
     * @return bytes, {@code >= 0}
     */
    long objectSize();

    /**
     * Finds the next at most two extents the cache can answer in {@code [start, end)}: held data, or known
     * zeroes (kernel {@code query_occupancy}). Extents are in ascending order, clipped to the range, with data
     * extents starting and ending on block boundaries or at the object's end.
     *
     * @param start the first position, {@code >= 0}
     * @param end the end, {@code >= start}
     * @return zero, one or two extents; if fewer than two, the cache holds nothing else in the range
     * @throws IOException if the cache cannot tell
     * @throws IllegalArgumentException if the range is invalid
     */
    List<CacheExtent> queryOccupancy(long start, long end) throws IOException;

    /**
     * Reads cached bytes into {@code dst}.
     *
     * @param position the object position, {@code >= 0}, inside a data extent
     * @param dst a {@code DEST} iterator; advanced at most by the bytes reported
     * @return the bytes read, {@code 0 <= result <= dst.count()}
     * @throws IOException on failure; the request then reads the range from the server
     */
    long read(long position, IoIter dst) throws IOException;

    /**
     * Stores whole blocks. {@code position} and {@code src.count()} are multiples of {@link #blockSize()}; the
     * bytes past {@code dataEnd} are zeroes.
     *
     * @param position the first position, a multiple of the block size
     * @param src a {@code SOURCE} iterator over the rounded-out run
     * @param dataEnd the object's size after the request, the end of the meaningful bytes
     * @throws IOException on failure; the request stops writing to the cache and invalidates it at its end
     * @throws IllegalArgumentException if the range is not block-aligned
     */
    void write(long position, IoIter src, long dataEnd) throws IOException;

    /**
     * Records that a contiguous run of writes completed (kernel {@code collect_write}): the cache updates its
     * metadata once for it.
     *
     * @param start the first position written, a multiple of the block size
     * @param length the bytes written, rounded to blocks
     * @param objectSize the object's size after the request
     * @throws IOException if the metadata cannot be stored; the request invalidates the cache
     */
    void collectWrite(long start, long length, long objectSize) throws IOException;

    /**
     * Drops everything the cache holds for the object.
     *
     * @throws IOException if the cache cannot be cleared
     */
    void invalidate() throws IOException;
}
