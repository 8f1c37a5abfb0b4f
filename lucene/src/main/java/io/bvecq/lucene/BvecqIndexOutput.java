package io.bvecq.lucene;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.lucene.store.IndexOutput;

/**
 * An output that appends into one pooled, page-aligned chunk and writes each full chunk at its file offset
 * through {@link IoFile} with the directory's {@link WritePolicy} (direct I/O; bounced on a stable-writes
 * device under {@code AUTO}). At close the partial last chunk is written in two parts: its page-aligned
 * prefix on the same path, the unaligned tail with {@link WritePolicy#BUFFERED} (uncached buffered I/O).
 *
 * <pre>
 *   file:  [ chunk 0 written ][ chunk 1 written ][ chunk 2: in memory, 0 .. pos )
 *   chunk:  0 ............ crcPos ............ pos ............ capacity
 *           in the CRC32   | appended, not yet |  free
 *                          | in the CRC32      |
 * </pre>
 * The running CRC32 ({@link #getChecksum()}) is updated from the caller's array on every
 * {@code writeBytes}, and over the chunk's bytes {@code [crcPos, pos)} (still in cache, never read back from
 * the file) before primitives written since are flushed or the checksum is asked for.
 *
 * <h2>Write-behind</h2>
 * With a writer executor (the directory's default), a full chunk's write runs on that executor while the caller
 * appends into a second chunk, taken from the pool without waiting at the first flush; then the two swap.
 * At most one write is in flight: the next flush, and {@link #close()}, first wait for it. Its failure is thrown
 * by that next flush or by {@code close()} (the {@link io.bvecq.io.IoErrnoException} names the chunk's offset),
 * and every later write fails too. Without an executor, or when the pool has no second chunk, each full chunk
 * is written on the caller's thread before appending goes on.
 *
 * <p>Memory: a chunk in flight is never appended to, reused or given back to the pool before its write has
 * returned, on every path (a failed write, a failure of the caller, close).
 *
 * <p>Threads: one at a time, as every Lucene output; the writer thread only reads the chunk in flight and
 * writes the file at that chunk's offsets ({@link IoFile} takes positional writes from any thread).
 */
final class BvecqIndexOutput extends IndexOutput {
    private static final ValueLayout.OfShort SHORT_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final IoFile file;
    private final BufferPool pool;
    private final Executor writer; // null: every write on the caller's thread
    private PoolChunk chunk;      // the chunk appended to
    private MemorySegment buf;
    private ByteBuffer crcView;   // the chunk as a ByteBuffer, for CRC32 over [crcPos, pos) without allocating
    private PoolChunk spare;      // the other chunk: in flight while `inFlight` is not null; null until needed
    private MemorySegment spareBuf;
    private ByteBuffer spareCrcView;
    private CompletableFuture<Void> inFlight; // the spare's write, or null
    private IOException failed;   // a write-behind failure, thrown by every write from then on
    private final int capacity;
    private final WritePolicy policy;
    private final Runnable onClose;
    private final CRC32 crc = new CRC32();
    private int end;      // where appending stops: capacity while open, 0 once closed, so every write takes the
                          // slow path, which throws, and no byte lands in a chunk that went back to the pool
    private int pos;      // bytes appended to the chunk
    private int crcPos;   // bytes of the chunk already in crc
    private long flushed; // bytes written to the file before the chunk
    private boolean closed;

    /**
     * Takes ownership of {@code file} and {@code chunk}; both are closed by {@link #close()}, which then runs
     * {@code onClose}. With a {@code writer}, full chunks are written behind on it, with a second chunk taken from
     * {@code pool} when there is one; with none, on the caller's thread.
     */
    BvecqIndexOutput(String name, IoFile file, PoolChunk chunk, BufferPool pool, Executor writer,
            WritePolicy policy, Runnable onClose) {
        super("BvecqIndexOutput(path=\"" + file.path() + "\")", name);
        this.file = file;
        this.pool = pool;
        this.writer = writer;
        this.chunk = chunk;
        this.buf = chunk.segment();
        this.crcView = buf.asByteBuffer();
        this.capacity = (int) buf.byteSize();
        this.end = capacity;
        this.policy = policy;
        this.onClose = onClose;
    }

    @Override
    public void writeByte(byte b) throws IOException {
        if (pos == end) {
            flushChunk();
        }
        buf.set(ValueLayout.JAVA_BYTE, pos++, b);
    }

    @Override
    public void writeBytes(byte[] b, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, b.length);
        syncCrc();
        while (length > 0) {
            if (pos == end) {
                flushChunk();
            }
            int n = Math.min(length, end - pos);
            MemorySegment.copy(b, offset, buf, ValueLayout.JAVA_BYTE, pos, n);
            crc.update(b, offset, n);
            pos += n;
            crcPos = pos;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void writeShort(short s) throws IOException {
        if (end - pos >= Short.BYTES) {
            buf.set(SHORT_LE, pos, s);
            pos += Short.BYTES;
        } else {
            super.writeShort(s);
        }
    }

    @Override
    public void writeInt(int i) throws IOException {
        if (end - pos >= Integer.BYTES) {
            buf.set(INT_LE, pos, i);
            pos += Integer.BYTES;
        } else {
            super.writeInt(i);
        }
    }

    @Override
    public void writeLong(long l) throws IOException {
        if (end - pos >= Long.BYTES) {
            buf.set(LONG_LE, pos, l);
            pos += Long.BYTES;
        } else {
            super.writeLong(l);
        }
    }

    @Override
    public long getFilePointer() {
        return flushed + pos;
    }

    @Override
    public long getChecksum() {
        syncCrc();
        return crc.getValue();
    }

    /** Brings the CRC32 up to the bytes appended: over {@code [crcPos, pos)} of the chunk. */
    private void syncCrc() {
        if (crcPos < pos) {
            crcView.limit(pos).position(crcPos);
            crc.update(crcView);
            crcPos = pos;
        }
    }

    /**
     * Writes the full chunk at its offset and goes on appending at the next: behind, into the spare chunk, when
     * there is a writer and a spare; else here, into the same memory.
     */
    private void flushChunk() throws IOException {
        ensureOpen();
        syncCrc();
        awaitInFlight(); // the spare is free again, or the write before failed (thrown)
        if (writer != null && spare == null) {
            spare = takeSpare();
            if (spare != null) {
                spareBuf = spare.segment();
                spareCrcView = spareBuf.asByteBuffer();
            }
        }
        if (spare == null) {
            writeRange(buf, flushed, 0, capacity, policy);
        } else {
            MemorySegment full = buf;
            long at = flushed;
            try {
                inFlight = CompletableFuture.runAsync(() -> {
                    try {
                        writeRange(full, at, 0, capacity, policy);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                }, writer);
            } catch (RejectedExecutionException e) {
                writeRange(full, at, 0, capacity, policy); // no writer thread to be had: write it here
            }
            PoolChunk c = chunk;
            chunk = spare;
            spare = c;
            buf = spareBuf;
            spareBuf = full;
            ByteBuffer v = crcView;
            crcView = spareCrcView;
            spareCrcView = v;
        }
        flushed += capacity;
        pos = 0;
        crcPos = 0;
    }

    /**
     * Waits for the write behind, if any; rethrows its failure, now and on every later call. Uninterruptible: the
     * chunk in flight must not be touched before the kernel is done with it.
     */
    private void awaitInFlight() throws IOException {
        CompletableFuture<Void> f = inFlight;
        if (f != null) {
            inFlight = null;
            try {
                f.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                failed = cause instanceof IOException io ? io
                        : new IOException("write behind failed on " + file.path(), cause);
                end = pos; // every later append takes the slow path, which throws; the file pointer stays
                throw failed;
            }
        }
        if (failed != null) {
            throw failedEarlier();
        }
    }

    /**
     * A new exception for each later call, with the write's failure as its cause: rethrowing one instance would
     * make try-with-resources add it to itself as suppressed, which throws.
     */
    private IOException failedEarlier() {
        return new IOException("a write behind failed earlier on " + file.path() + ": " + failed.getMessage(), failed);
    }

    /** A second chunk if the pool has one free now (no wait: without it, writes are made on this thread). */
    private PoolChunk takeSpare() {
        try {
            return pool.take(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void writeRange(MemorySegment seg, long fileOffset, int from, int length, WritePolicy p)
            throws IOException {
        try (IoIter it = IoIter.segment(Direction.SOURCE, seg, from, length)) {
            file.write(fileOffset + from, it, p);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("output closed: " + this);
        }
        if (failed != null) {
            throw failedEarlier();
        }
    }

    /**
     * Writes what is left (page-aligned prefix on the policy's path, unaligned tail buffered), closes the file
     * and returns the chunk. Closing twice does nothing. The chunk and the file are released even if a write
     * fails; the failure is thrown.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        Throwable failure = null;
        try {
            syncCrc();
            awaitInFlight();
            int aligned = pos & -BufferPool.PAGE_SIZE;
            if (aligned > 0) {
                writeRange(buf, flushed, 0, aligned, policy);
            }
            if (pos > aligned) {
                writeRange(buf, flushed, aligned, pos - aligned, WritePolicy.BUFFERED);
            }
            flushed += pos;
            pos = 0;
            crcPos = 0;
        } catch (Throwable t) {
            failure = t;
        } finally {
            closed = true;
            end = 0;
            pos = 0;
            crcPos = 0;
            if (inFlight != null) { // only if something failed before the wait above: wait now, before freeing
                try {
                    inFlight.join();
                } catch (Throwable t) {
                    failure = addTo(failure, t);
                }
                inFlight = null;
            }
            try {
                file.close();
            } catch (Throwable t) {
                failure = addTo(failure, t);
            }
            try {
                chunk.release();
            } catch (Throwable t) {
                failure = addTo(failure, t);
            }
            if (spare != null) {
                try {
                    spare.release();
                } catch (Throwable t) {
                    failure = addTo(failure, t);
                }
            }
            onClose.run();
        }
        if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IOException(failure);
        }
    }

    private static Throwable addTo(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
