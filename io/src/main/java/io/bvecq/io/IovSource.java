package io.bvecq.io;

import java.lang.foreign.MemorySegment;

/** Memory that a transfer loop turns into iovec arrays, call after call, moving on by what was transferred. */
interface IovSource {
    /**
     * Fills up to {@code maxIov} iovecs describing up to {@code maxBytes} bytes from the current place;
     * does not move.
     *
     * @return the number of iovecs written; {@link #filled()} gives their bytes
     */
    int fill(MemorySegment iov, int maxIov, long maxBytes);

    /** The bytes of the last {@link #fill}. */
    long filled();

    /** Moves forward {@code n <= filled()} bytes. */
    void advance(long n);
}
