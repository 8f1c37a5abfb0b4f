package io.bvecq.examples;

import io.bvecq.BufferPool;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.PoolChunk;
import io.bvecq.RollingBuffer;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * Job 4: a producer thread and a consumer thread on a {@link RollingBuffer}. The producer reads a source
 * into pool chunks and appends them; the consumer waits for data, checksums it in place, consumes it and
 * deletes the spent nodes, which gives their chunks back to the pool. A small pool is the back-pressure:
 * the producer's {@link BufferPool#takeBlocking()} waits until the consumer has given chunks back.
 */
public final class ProducerConsumer {
    private ProducerConsumer() {
    }

    /**
     * What the consumer saw.
     *
     * @param bytes the bytes consumed
     * @param crc32c their CRC32C
     */
    public record Result(long bytes, long crc32c) {
    }

    /**
     * Moves everything from a source through a rolling buffer to a checksumming consumer.
     *
     * @param source the bytes; read to its end on the producer thread
     * @param pool the pool the producer fills; its size bounds the bytes in flight
     * @return the consumer's count and checksum
     * @throws IOException from the source
     * @throws InterruptedException if the consumer was interrupted
     */
    // @start region="pump"
    public static Result pump(ReadableByteChannel source, BufferPool pool) throws IOException, InterruptedException {
        try (RollingBuffer rb = new RollingBuffer(8, Disposal.FREE)) {  // FREE: disposal returns the chunks
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> produce(source, pool, rb));
            CRC32C crc = new CRC32C();
            long total = 0;
            try (BvecqPos reader = rb.openReader()) {
                long n;
                while ((n = rb.awaitReadable(1)) > 0) {            // waits; -1 at the end of the stream
                    try (IoIter it = IoIter.bvecq(Direction.SOURCE, reader, n)) {
                        it.checksum(crc, 0, n);                    // in place, no copy
                    }
                    rb.consume(reader, n);                         // O(1) readable count drops by n
                    rb.deleteSpent(reader);                        // spent nodes go: their chunks return
                    total += n;
                }
            }
            joinProducer(producer);                                // rethrows the producer's failure
            return new Result(total, crc.getValue());
        }
    }

    /** The producer: one chunk per read, waiting for a free chunk when the pool is used up. */
    private static void produce(ReadableByteChannel source, BufferPool pool, RollingBuffer rb) {
        try {
            while (true) {
                PoolChunk chunk = pool.takeBlocking();             // back-pressure: waits for the consumer
                ByteBuffer bb = chunk.segment().asByteBuffer();
                int n = source.read(bb);
                if (n <= 0) {
                    chunk.release();
                    if (n < 0) {
                        break;
                    }
                    continue;
                }
                rb.append(chunk.segment(), 0, n, chunk);           // the buffer now owns the chunk's hold
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("producer interrupted", e);
        } finally {
            rb.finish();                                           // end of stream, after the last byte
        }
    }
    // @end

    private static void joinProducer(CompletableFuture<Void> producer) throws IOException {
        try {
            producer.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }
}
