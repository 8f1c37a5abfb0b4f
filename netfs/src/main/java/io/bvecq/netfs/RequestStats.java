package io.bvecq.netfs;

/**
 * What a request did, for the caller and for {@code bvq fetch --json}.
 *
 * @param bytes the bytes of the request's chain transferred (read into it or written from it)
 * @param fromServer bytes read from or written to the server
 * @param fromCache bytes read from the cache
 * @param zeroFilled bytes filled with zeroes (past the end of the object, or known zeroes of the cache)
 * @param toCache bytes written to the cache (rounded out to its blocks)
 * @param subrequests sub-requests issued (a retry is not a new one)
 * @param retries reissues of sub-requests, for any reason
 * @param cacheInvalidated whether the cache was dropped at the end (after a cache write error, or a write it
 *     could not follow)
 */
public record RequestStats(long bytes, long fromServer, long fromCache, long zeroFilled, long toCache,
                           int subrequests, int retries, boolean cacheInvalidated) {
}
