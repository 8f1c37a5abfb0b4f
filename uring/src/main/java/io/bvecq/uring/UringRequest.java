package io.bvecq.uring;

import io.bvecq.PoolChunk;
import io.bvecq.io.WriteDecision;
import io.bvecq.io.WriteResult;
import io.bvecq.iter.IoIter;
import io.bvecq.uring.internal.PartLedger;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's request, split into {@link UringOp parts}; reused by the engine. It completes once, when
 * its {@link #ledger} counts the last part done: the reaper then settles the iterator, releases what the request holds (bounce
 * chunks, its own iterator and with it a chain reference) and only then reports to the caller.
 *
 * <p>Threads: filled by the submitting thread under the engine's lock before any part reaches the kernel;
 * afterwards used only by the reaper until it completes.
 */
final class UringRequest {
    static final int READ = 0;
    static final int WRITE = 1;
    static final int SYNC = 2;

    int kind;
    String path;
    long fileOffset;
    long length;

    IoIter iter;
    boolean ownsIter;
    /** The iterator's bytes are moved through {@link #chunks}: copied back into it after a read. */
    boolean copyBack;
    PoolChunk[] chunks = new PoolChunk[2];
    int nChunks;

    int[] parts = new int[2];
    int nParts;
    /** Counts the parts in flight down to the one completion that finishes the request. */
    final PartLedger ledger = new PartLedger();
    /** The op that writes the range back after a buffered write ({@code sync_file_range}), or null. */
    UringOp writeback;

    /** The first failure: errno (positive, or 0 for no progress) and call; {@code errOp == null} if none. */
    String errOp;
    int errno;

    WriteDecision decision;
    long crc = -1;
    /** The bytes done from the range's start, set when the last part completes. */
    long done;

    CompletableFuture<Long> readFuture;
    CompletableFuture<WriteResult> writeFuture;
    CompletableFuture<Void> syncFuture;
    Completion<Object> handler;
    Object attachment;

    void addPart(UringOp op) {
        if (nParts == parts.length) {
            parts = Arrays.copyOf(parts, nParts * 2);
        }
        parts[nParts++] = op.id;
    }

    void addChunk(PoolChunk c) {
        if (nChunks == chunks.length) {
            chunks = Arrays.copyOf(chunks, nChunks * 2);
        }
        chunks[nChunks++] = c;
    }

    /** Records a failure; the first one is reported. */
    void fail(String op, int e) {
        if (errOp == null) {
            errOp = op;
            errno = e;
        }
    }

    /** Reports the outcome to the caller: exactly one of the future forms or the handler. */
    @SuppressWarnings("unchecked")
    void report(long result, IOException error) {
        if (handler != null) {
            try {
                if (error == null) {
                    handler.completed(result, attachment);
                } else {
                    handler.failed(error, attachment);
                }
            } catch (RuntimeException | Error e) {
                UringEngine.LOG.log(System.Logger.Level.WARNING, "bvecq uring: completion handler threw", e);
            }
        } else if (readFuture != null) {
            if (error == null) {
                readFuture.complete(result);
            } else {
                readFuture.completeExceptionally(error);
            }
        } else if (writeFuture != null) {
            if (error == null) {
                writeFuture.complete(new WriteResult(result, decision, crc));
            } else {
                writeFuture.completeExceptionally(error);
            }
        } else if (syncFuture != null) {
            if (error == null) {
                syncFuture.complete(null);
            } else {
                syncFuture.completeExceptionally(error);
            }
        }
    }

    /** Forgets everything; the request goes back to the engine's free list. */
    void clear() {
        path = null;
        iter = null;
        ownsIter = false;
        copyBack = false;
        Arrays.fill(chunks, 0, nChunks, null);
        nChunks = 0;
        nParts = 0;
        writeback = null;
        errOp = null;
        errno = 0;
        decision = null;
        crc = -1;
        done = 0;
        readFuture = null;
        writeFuture = null;
        syncFuture = null;
        handler = null;
        attachment = null;
    }
}
