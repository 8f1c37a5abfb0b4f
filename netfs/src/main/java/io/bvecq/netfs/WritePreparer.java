package io.bvecq.netfs;

import java.io.IOException;

/**
 * A server's renegotiation of its write limits before a short write is retried (kernel
 * {@code prepare_write}). A server that has none returns {@link java.util.Optional#empty()} from
 * {@link NetfsServer#writePreparer()}: the request then reissues the rest of the sub-request with the limits it
 * had, so there is no null to call through (the seed's {@code prepare_write} NULL dereference).
 */
@FunctionalInterface
public interface WritePreparer {
    /**
     * Renegotiates the limits for the rest of a sub-request that came back short.
     *
     * @param position the file position the retry starts at, {@code >= 0}
     * @param remaining the bytes of the sub-request still to write, {@code >= 1}
     * @param attempt 1 for the first retry of this sub-request, then 2, 3...
     * @return the limits the retry must keep to; the retry writes at most {@code maxLength} bytes in at most
     *     {@code maxSegments} regions and the rest goes in further retries
     * @throws IOException if the server cannot take the write; the sub-request fails with it
     */
    Limits prepareWrite(long position, long remaining, int attempt) throws IOException;
}
