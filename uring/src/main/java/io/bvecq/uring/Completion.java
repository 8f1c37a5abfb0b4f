package io.bvecq.uring;

import java.io.IOException;

/**
 * The allocation-free way to learn that an asynchronous request finished: the engine calls exactly one of the
 * two methods, exactly once, with the attachment the caller passed in. Passing state through the attachment
 * instead of a capturing lambda lets a caller issue I/O in a steady state without allocating.
 *
 * <p>Threads: called on the engine's completion thread (the io_uring reaper, or a pool thread of the thread
 * engine). The engine's writes to the request's memory and iterator happen-before the call. The method must
 * not block for long: it holds up every other completion of the file. It may issue new requests (not
 * {@link AsyncFile#close()}); on io_uring, a request it issues goes to the kernel at once, before the next
 * completion is handled, which is how a caller keeps a queue depth. An exception it throws is logged and otherwise ignored.
 *
 * @param <A> the attachment's type
 */
public interface Completion<A> {
    /**
     * The request succeeded.
     *
     * @param result for a read, the bytes read ({@code 0 <= result <= length}, fewer only at end of file); for a
     *     write, the bytes written (the whole length); for a sync, 0
     * @param attachment what the caller passed with the request
     */
    void completed(long result, A attachment);

    /**
     * The request failed.
     *
     * @param error an {@link io.bvecq.io.IoErrnoException} naming the call, errno, path, range and the bytes
     *     transferred; a {@link io.bvecq.io.WriteRefusedException} for a {@code STRICT} refusal; or an
     *     {@code IOException} naming the reason (the file was closed)
     * @param attachment what the caller passed with the request
     */
    void failed(IOException error, A attachment);
}
