package io.bvecq.uring;

import io.bvecq.BvecqPos;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteResult;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A regular file on Linux with asynchronous reads, writes and syncs: many requests in flight at once, each
 * finishing through a {@link CompletableFuture} or an allocation-free {@link Completion}. Two engines serve the
 * same contract: {@link Engine#URING}, io_uring through FFM system calls, and {@link Engine#THREADS}, a thread
 * pool over {@link IoFile}, used where io_uring is unavailable. {@link #open(Path, OpenOption...)} picks.
 *
 * <h2>Requests</h2>
 * A read or write covers the remaining bytes of an {@link IoIter} ({@code count()} at the call) at a file
 * offset. From the call until completion the iterator and its memory belong to the engine: the caller must not
 * use, move, close or free them. At completion the iterator has been advanced by exactly the bytes transferred
 * (as {@link IoFile} leaves it), and the engine no longer touches it nor its memory. Writes are decided by the
 * caller's {@link WritePolicy} as {@link IoFile} decides them (direct, bounced, uncached buffered or refused),
 * and fallbacks are counted in the file's {@link IoFile#fallbackCounts()} and logged the same way. Short
 * transfers are continued and {@code EINTR}/{@code EAGAIN} retried inside the request; the request completes
 * once, with every byte or with an {@link io.bvecq.io.IoErrnoException} that names the call, errno, path, range
 * and the bytes transferred from the range's start.
 *
 * <h2>Ordering</h2>
 * Requests in flight at once are unordered with respect to each other, as with any asynchronous I/O: a read
 * overlapping an unfinished write may see either content. A sync covers the writes completed before it was
 * issued.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread. Completions run on the engine's completion thread: what the
 * engine wrote (the iterator's memory, the result) happens-before the future completes or the
 * {@link Completion} is called. {@link #close()} waits for every request in flight to complete; the memory of
 * a request is never released while the kernel may still use it.
 */
public interface AsyncFile extends AutoCloseable {
    /** The engine behind an {@link AsyncFile}. */
    enum Engine {
        /** io_uring: system calls through FFM, rings mmapped, one reaper thread per file. */
        URING,
        /** A thread pool running blocking {@link IoFile} calls. */
        THREADS
    }

    /** The default submission-queue depth of an io_uring file. */
    int DEFAULT_ENTRIES = 128;

    /**
     * Opens a file on io_uring where it is available, else on the thread engine (see {@link #engineReason()}).
     * The system property {@code io.bvecq.uring.engine=threads} forces the thread engine.
     *
     * @param path the file
     * @param options as for {@link IoFile#open(Path, OpenOption...)}
     * @return the open file; the caller must close it
     * @throws IOException as {@link IoFile#open(Path, OpenOption...)} throws
     * @throws IllegalArgumentException if an option is not supported
     * @throws NullPointerException if an argument is null
     */
    static AsyncFile open(Path path, OpenOption... options) throws IOException {
        boolean forceThreads = "threads".equals(System.getProperty("io.bvecq.uring.engine"));
        return AsyncFiles.open(path, forceThreads ? Engine.THREADS : null, DEFAULT_ENTRIES, options);
    }

    /**
     * Opens a file on the given engine.
     *
     * @param path the file
     * @param engine the engine; {@link Engine#URING} fails where io_uring is unavailable
     * @param entries the io_uring submission-queue depth, {@code 1 <= entries <= 32768} (rounded up to a power of
     *     two); for the thread engine, the number of threads, capped at 64
     * @param options as for {@link IoFile#open(Path, OpenOption...)}
     * @return the open file; the caller must close it
     * @throws io.bvecq.io.IoErrnoException naming {@code io_uring_setup} if {@code URING} was asked for and is
     *     unavailable, or as {@link IoFile#open(Path, OpenOption...)} throws
     * @throws IOException as {@link IoFile#open(Path, OpenOption...)} throws
     * @throws IllegalArgumentException if {@code entries} is out of range or an option is not supported
     * @throws NullPointerException if an argument is null
     */
    static AsyncFile open(Path path, Engine engine, int entries, OpenOption... options) throws IOException {
        java.util.Objects.requireNonNull(engine, "engine");
        return AsyncFiles.open(path, engine, entries, options);
    }

    /**
     * The engine serving this file.
     *
     * @return {@link Engine#URING} or {@link Engine#THREADS}
     */
    Engine engine();

    /**
     * Why this engine serves the file: {@code "io_uring"}, or for the thread engine the reason io_uring was not
     * used (e.g. {@code "io_uring_setup: EPERM (errno 1)..."} or {@code "requested"}).
     *
     * @return the reason, for people
     */
    String engineReason();

    /**
     * The underlying file: its capabilities, fallback counts and path. Its blocking methods may be used
     * alongside; closing it is this object's job.
     *
     * @return the file
     */
    IoFile file();

    /**
     * Reads into the remaining bytes of {@code dst} from {@code fileOffset}.
     *
     * @param fileOffset the file offset of the first byte, {@code >= 0}
     * @param dst an open {@link io.bvecq.iter.Direction#DEST} iterator with memory; the engine's until completion
     * @return a future of the bytes read ({@code dst.count()}, fewer only at end of file); completed exceptionally
     *     with an {@code IoErrnoException}, or an {@code IOException} if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset < 0} or {@code dst} is not a DEST iterator with memory
     * @throws IllegalStateException if {@code dst} is closed
     * @throws NullPointerException if {@code dst} is null
     */
    CompletableFuture<Long> read(long fileOffset, IoIter dst);

    /**
     * Reads as {@link #read(long, IoIter)}, reporting to {@code handler} instead of a future.
     *
     * @param <A> the attachment's type
     * @param fileOffset the file offset of the first byte, {@code >= 0}
     * @param dst an open DEST iterator with memory; the engine's until completion
     * @param attachment passed to the handler, may be null
     * @param handler called once when the request finishes
     * @throws IllegalArgumentException if {@code fileOffset < 0} or {@code dst} is not a DEST iterator with memory
     * @throws IllegalStateException if {@code dst} is closed
     * @throws NullPointerException if {@code dst} or {@code handler} is null
     */
    <A> void read(long fileOffset, IoIter dst, A attachment, Completion<? super A> handler);

    /**
     * Writes the remaining bytes of {@code src} at {@code fileOffset}.
     *
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param src an open {@link io.bvecq.iter.Direction#SOURCE} iterator with memory; the engine's until completion
     * @param policy how to treat the caller's memory
     * @return a future of the bytes written, the decision and, when bounced, the CRC32C; completed exceptionally
     *     with a {@code WriteRefusedException} (nothing written), an {@code IoErrnoException}, or an
     *     {@code IOException} if the file is closed
     * @throws IllegalArgumentException if {@code fileOffset < 0} or {@code src} is not a SOURCE iterator with memory
     * @throws IllegalStateException if {@code src} is closed
     * @throws NullPointerException if an argument is null
     */
    CompletableFuture<WriteResult> write(long fileOffset, IoIter src, WritePolicy policy);

    /**
     * Writes as {@link #write(long, IoIter, WritePolicy)}, reporting to {@code handler}; the result passed to
     * {@link Completion#completed} is the bytes written.
     *
     * @param <A> the attachment's type
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param src an open SOURCE iterator with memory; the engine's until completion
     * @param policy how to treat the caller's memory
     * @param attachment passed to the handler, may be null
     * @param handler called once when the request finishes
     * @throws IllegalArgumentException if {@code fileOffset < 0} or {@code src} is not a SOURCE iterator with memory
     * @throws IllegalStateException if {@code src} is closed
     * @throws NullPointerException if {@code src}, {@code policy} or {@code handler} is null
     */
    <A> void write(long fileOffset, IoIter src, WritePolicy policy, A attachment, Completion<? super A> handler);

    /**
     * Writes {@code length} bytes of a chain from a position. The engine takes its own reference on the chain
     * (the caller may drop its own at once) and releases it exactly once, after the request's last completion,
     * before the future completes. The position does not move.
     *
     * @param fileOffset where the first byte goes, {@code >= 0}
     * @param from a set position
     * @param length {@code 0 <= length <=} the bytes after {@code from}
     * @param policy how to treat the chain's memory
     * @return as for {@link #write(long, IoIter, WritePolicy)}
     * @throws IllegalArgumentException if {@code fileOffset} or {@code length} is negative
     * @throws IndexOutOfBoundsException if fewer than {@code length} bytes follow {@code from}
     * @throws IllegalStateException if {@code from} is unset
     * @throws NullPointerException if an argument is null
     */
    CompletableFuture<WriteResult> write(long fileOffset, BvecqPos from, long length, WritePolicy policy);

    /**
     * Makes the data written so far durable ({@code fdatasync}; {@code fsync} with {@code metadata}).
     *
     * @param metadata also the metadata that is not needed to read the data back (times)
     * @return a future completed when the data is durable, exceptionally with an {@code IoErrnoException}
     *     (e.g. a writeback error) or an {@code IOException} if the file is closed
     */
    CompletableFuture<Void> sync(boolean metadata);

    /**
     * Syncs as {@link #sync(boolean)}, reporting to {@code handler} with a result of 0.
     *
     * @param <A> the attachment's type
     * @param metadata also the metadata not needed to read the data back
     * @param attachment passed to the handler, may be null
     * @param handler called once when the sync finishes
     * @throws NullPointerException if {@code handler} is null
     */
    <A> void sync(boolean metadata, A attachment, Completion<? super A> handler);

    /**
     * Registers the slabs a pool has allocated so far with the kernel, once per file, so that a request whose
     * memory lies in one of them (a part of one contiguous region inside one slab) goes as
     * {@code IORING_OP_READ_FIXED}/{@code IORING_OP_WRITE_FIXED}, without pinning pages per call. Slabs the pool
     * allocates later are not registered: their chunks go as vectored I/O. When registration fails (for example
     * {@code ENOMEM} because {@code RLIMIT_MEMLOCK} is too low) the reason is logged and requests go unregistered.
     * The pool must stay open until this file is closed. The thread engine registers nothing.
     *
     * @param pool an open pool
     * @return whether the slabs are registered; false on the thread engine, for a pool with no slabs yet, or after
     *     a logged failure
     * @throws IllegalStateException if buffers were registered on this file before
     * @throws NullPointerException if {@code pool} is null
     */
    boolean registerBuffers(io.bvecq.BufferPool pool);

    /**
     * Holds submissions back until the returned batch is closed, so that the requests issued meanwhile go to
     * the kernel in one system call. Batches nest; requests go when the outermost closes. The thread engine
     * starts requests at once and its batches do nothing.
     *
     * @return the batch to close (the same object for every call; allocates nothing)
     */
    Batch batch();

    /**
     * Waits for every request in flight to complete, then closes the file. Requests issued afterwards fail
     * with an {@code IOException}. Closing twice does nothing.
     *
     * @throws IOException if closing the file fails
     */
    @Override
    void close() throws IOException;

    /** A batch of submissions, ended by {@link #close()}. */
    interface Batch extends AutoCloseable {
        /** Ends this level of batching; at the outermost level the held submissions go to the kernel. */
        @Override
        void close();
    }
}
