package io.bvecq.netfs;

import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.iter.IoIter;
import io.bvecq.uring.AsyncFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A server backed by a local file: the "remote object" is the file. Its I/O goes through a {@link FileIo}: the
 * blocking {@link IoFile} of the io module ({@link FileIo#of(IoFile, WritePolicy)}) or the asynchronous
 * {@link AsyncFile} of the uring module ({@link FileIo#of(AsyncFile, WritePolicy)}: io_uring, or its thread-pool
 * engine where io_uring is unavailable).
 *
 * <p>Threads: any; reads and writes may run at once (as {@link IoFile} allows).
 */
public final class FileServer implements NetfsServer {
    /**
     * The file operations a {@link FileServer} needs. {@link #of(IoFile, WritePolicy)} adapts an {@link IoFile}.
     */
    public interface FileIo {
        /**
         * Reads into {@code dst} from {@code position}.
         *
         * @param position the file offset, {@code >= 0}
         * @param dst a {@code DEST} iterator, advanced by the bytes read
         * @return the bytes read, fewer at end of file
         * @throws IOException on failure
         */
        long read(long position, IoIter dst) throws IOException;

        /**
         * Writes all of {@code src} at {@code position}.
         *
         * @param position the file offset, {@code >= 0}
         * @param src a {@code SOURCE} iterator, advanced by the bytes written
         * @return the bytes written
         * @throws IOException on failure
         */
        long write(long position, IoIter src) throws IOException;

        /**
         * The file's size.
         *
         * @return bytes
         * @throws IOException on failure
         */
        long size() throws IOException;

        /**
         * Adapts an open {@link IoFile}; the caller keeps it and closes it.
         *
         * @param file the file
         * @param policy the policy of its writes
         * @return the adapter
         * @throws NullPointerException if an argument is null
         */
        static FileIo of(IoFile file, WritePolicy policy) {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(policy, "policy");
            return new FileIo() {
                @Override
                public long read(long position, IoIter dst) throws IOException {
                    return file.read(position, dst);
                }

                @Override
                public long write(long position, IoIter src) throws IOException {
                    return file.write(position, src, policy).bytes();
                }

                @Override
                public long size() throws IOException {
                    return file.size();
                }
            };
        }

        /**
         * Adapts an open {@link AsyncFile}; the caller keeps it and closes it (after the last request). Each
         * read or write is submitted to the file's engine and waited for on the calling thread, so the request
         * engine's {@code depth} sub-requests in flight are that many requests in the ring at once. The wait
         * does not give up on an interrupt (the iterator's memory belongs to the engine until the request
         * completes); the thread's interrupt status is kept for the caller to see.
         *
         * @param file the file
         * @param policy the policy of its writes
         * @return the adapter
         * @throws NullPointerException if an argument is null
         */
        static FileIo of(AsyncFile file, WritePolicy policy) {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(policy, "policy");
            return new FileIo() {
                @Override
                public long read(long position, IoIter dst) throws IOException {
                    return await(file.read(position, dst));
                }

                @Override
                public long write(long position, IoIter src) throws IOException {
                    return await(file.write(position, src, policy)).bytes();
                }

                @Override
                public long size() throws IOException {
                    return file.file().size();
                }
            };
        }
    }

    /** Waits for a request of an {@link AsyncFile}; its failure is rethrown as the engine reported it. */
    private static <T> T await(CompletableFuture<T> request) throws IOException {
        try {
            return request.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    private final FileIo io;
    private final Limits readLimits;
    private final Limits writeLimits;

    /**
     * Creates a file server.
     *
     * @param io the file's operations
     * @param readLimits the limits of one read sub-request (rsize, segments)
     * @param writeLimits the limits of one write sub-request (wsize, segments)
     * @throws NullPointerException if an argument is null
     */
    public FileServer(FileIo io, Limits readLimits, Limits writeLimits) {
        this.io = Objects.requireNonNull(io, "io");
        this.readLimits = Objects.requireNonNull(readLimits, "readLimits");
        this.writeLimits = Objects.requireNonNull(writeLimits, "writeLimits");
    }

    @Override
    public Limits readLimits() {
        return readLimits;
    }

    @Override
    public Limits writeLimits() {
        return writeLimits;
    }

    @Override
    public long objectSize() throws IOException {
        return io.size();
    }

    @Override
    public long read(long position, IoIter dst) throws IOException {
        return io.read(position, dst);
    }

    @Override
    public long write(long position, IoIter src) throws IOException {
        return io.write(position, src);
    }
}
