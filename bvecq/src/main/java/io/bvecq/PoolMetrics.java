package io.bvecq;

/**
 * A snapshot of a {@link BufferPool}'s counters, as returned by {@link BufferPool#metrics()}. Immutable;
 * the counters are cumulative since the pool was created and never reset.
 *
 * @param chunksInUse the chunks held by someone when the snapshot was taken, {@code >= 0}
 * @param highWaterChunks the most chunks in use at once so far, {@code >= 0}: exact while one thread takes from
 *     the pool, sampled once several do (see {@link BufferPool#metrics()})
 * @param allocatedChunks the chunks carved from slabs so far (in use or free), {@code >= 0}
 * @param waits the takes ({@link BufferPool#take(long, java.util.concurrent.TimeUnit)},
 *     {@link BufferPool#takeBlocking()}) that found the pool exhausted and waited, {@code >= 0}
 * @param timeouts the timed takes that waited and returned {@code null}, {@code 0 <= timeouts <= waits}
 * @param failures the {@link BufferPool#take()} calls that threw {@link PoolExhaustedException}, {@code >= 0}
 * @param waitedNanos the total time takers spent waiting, in nanoseconds, {@code >= 0}
 */
public record PoolMetrics(long chunksInUse, long highWaterChunks, long allocatedChunks, long waits, long timeouts,
        long failures, long waitedNanos) {
}
