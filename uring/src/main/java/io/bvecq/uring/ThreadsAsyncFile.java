package io.bvecq.uring;

import io.bvecq.BvecqPos;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteResult;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread engine of {@link AsyncFile}: each request runs as one blocking {@link IoFile} call on a fixed
 * pool of daemon threads, which gives the same results, errors and write decisions as {@code IoFile} itself.
 * Used where io_uring is unavailable, or on request. Completions run on the pool thread that did the call.
 * {@link #sync(boolean)} runs {@link IoFile#sync()} ({@code fdatasync}) whatever {@code metadata} says: the file
 * layer offers no {@code fsync}. Batches do nothing and no buffers are registered.
 */
final class ThreadsAsyncFile implements AsyncFile {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Batch NO_BATCH = () -> { };

    private final IoFile file;
    private final String reason;
    private final ExecutorService pool;
    private volatile boolean closed;

    ThreadsAsyncFile(IoFile file, int threads, String reason) {
        this.file = file;
        this.reason = reason;
        int n = Math.max(1, Math.min(64, threads));
        int id = POOLS.incrementAndGet();
        AtomicInteger tid = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bvecq-async-" + id + "-" + tid.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Engine engine() {
        return Engine.THREADS;
    }

    @Override
    public String engineReason() {
        return reason;
    }

    @Override
    public IoFile file() {
        return file;
    }

    /** A blocking call that yields a result. */
    private interface Call<T> {
        T run() throws IOException;
    }

    /** Runs {@code call} on the pool, or fails {@code f} if the file is closed. */
    private <T> void submit(CompletableFuture<T> f, Call<T> call, Runnable onRejected) {
        if (closed) {
            onRejected.run();
            f.completeExceptionally(new IOException("file closed: " + file.path()));
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    f.complete(call.run());
                } catch (IOException | RuntimeException | Error e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            onRejected.run();
            f.completeExceptionally(new IOException("file closed: " + file.path()));
        }
    }

    private static <A> void forward(CompletableFuture<? extends Number> f, A attachment, Completion<? super A> h) {
        f.whenComplete((v, t) -> {
            try {
                if (t == null) {
                    h.completed(v == null ? 0 : v.longValue(), attachment);
                } else if (t instanceof IOException io) {
                    h.failed(io, attachment);
                } else {
                    h.failed(new IOException(t.toString(), t), attachment);
                }
            } catch (RuntimeException | Error e) {
                UringEngine.LOG.log(System.Logger.Level.WARNING, "bvecq uring: completion handler threw", e);
            }
        });
    }

    @Override
    public CompletableFuture<Long> read(long fileOffset, IoIter dst) {
        AsyncFiles.checkIter(dst, Direction.DEST, "dst");
        AsyncFiles.checkOffset(fileOffset, dst.count());
        CompletableFuture<Long> f = new CompletableFuture<>();
        submit(f, () -> file.read(fileOffset, dst), () -> { });
        return f;
    }

    @Override
    public <A> void read(long fileOffset, IoIter dst, A attachment, Completion<? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        forward(read(fileOffset, dst), attachment, handler);
    }

    @Override
    public CompletableFuture<WriteResult> write(long fileOffset, IoIter src, WritePolicy policy) {
        AsyncFiles.checkIter(src, Direction.SOURCE, "src");
        Objects.requireNonNull(policy, "policy");
        AsyncFiles.checkOffset(fileOffset, src.count());
        CompletableFuture<WriteResult> f = new CompletableFuture<>();
        submit(f, () -> file.write(fileOffset, src, policy), () -> { });
        return f;
    }

    @Override
    public <A> void write(long fileOffset, IoIter src, WritePolicy policy, A attachment,
            Completion<? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        CompletableFuture<WriteResult> f = write(fileOffset, src, policy);
        forward(f.thenApply(WriteResult::bytes), attachment, handler);
    }

    @Override
    public CompletableFuture<WriteResult> write(long fileOffset, BvecqPos from, long length, WritePolicy policy) {
        IoIter it = AsyncFiles.chainIter(fileOffset, from, length, policy);
        CompletableFuture<WriteResult> f = new CompletableFuture<>();
        submit(f, () -> {
            try (it) {
                return file.write(fileOffset, it, policy);
            }
        }, it::close);
        return f;
    }

    @Override
    public CompletableFuture<Void> sync(boolean metadata) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        submit(f, () -> {
            file.sync();
            return null;
        }, () -> { });
        return f;
    }

    @Override
    public <A> void sync(boolean metadata, A attachment, Completion<? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        forward(sync(metadata).thenApply(v -> 0L), attachment, handler);
    }

    @Override
    public boolean registerBuffers(io.bvecq.BufferPool pool) {
        Objects.requireNonNull(pool, "pool");
        return false;
    }

    @Override
    public Batch batch() {
        return NO_BATCH;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.HOURS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        file.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ThreadsAsyncFile[" + file.path() + ", " + reason + "]";
    }
}
