package io.bvecq.netfs;

import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.util.Optional;

/**
 * The remote side of a request: where an object's bytes come from and go to (kernel {@code netfs_request_ops}
 * {@code issue_read}/{@code issue_write}).
 *
 * <p>Each call carries one sub-request through an {@link IoIter} over a slice of the request's chain and reports
 * the bytes it transferred. A transfer may be short: the request retries from where it stopped (see
 * {@link Netfs} for the rules). The iterator may be left anywhere between its start
 * and the bytes reported; the request puts it back at exactly the reported point before a retry.
 *
 * <p>Threads: {@link #read} and {@link #write} are called from the request's executor, several at once for
 * different ranges; an implementation must allow that. The limits are read on the issuing thread.
 */
public interface NetfsServer {
    /**
     * The limits of one read sub-request (kernel {@code rsize} and segment limit).
     *
     * @return the limits, never null
     */
    Limits readLimits();

    /**
     * The limits of one write sub-request (kernel {@code wsize} and segment limit).
     *
     * @return the limits, never null
     */
    Limits writeLimits();

    /**
     * The object's current size.
     *
     * @return bytes, {@code >= 0}
     * @throws IOException if the server cannot say
     */
    long objectSize() throws IOException;

    /**
     * Reads up to {@code dst.count()} bytes of the object from {@code position} into {@code dst}.
     *
     * @param position the object position of the first byte, {@code >= 0}
     * @param dst a {@code DEST} iterator over the sub-request's slice; the server may advance it, at most by
     *     the bytes it reports
     * @return the bytes placed in {@code dst}, {@code 0 <= result <= dst.count()} on entry; fewer than asked at
     *     the end of the object or on a short transfer
     * @throws IOException on failure; the request retries or fails as its rules say
     */
    long read(long position, IoIter dst) throws IOException;

    /**
     * Writes up to {@code src.count()} bytes from {@code src} to the object at {@code position}, growing the
     * object if the range ends past its end.
     *
     * @param position the object position of the first byte, {@code >= 0}
     * @param src a {@code SOURCE} iterator over the sub-request's slice; the server may advance it, at most by
     *     the bytes it reports
     * @return the bytes stored, {@code 0 <= result <= src.count()} on entry
     * @throws IOException on failure; the request retries or fails as its rules say
     */
    long write(long position, IoIter src) throws IOException;

    /**
     * The server's renegotiation of write limits before a retry, if it has one (kernel {@code prepare_write},
     * which may be absent).
     *
     * @return the preparer, or empty when a short write is simply reissued with {@link #writeLimits()}
     */
    default Optional<WritePreparer> writePreparer() {
        return Optional.empty();
    }
}
