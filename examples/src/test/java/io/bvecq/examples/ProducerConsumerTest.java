package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.PoolMetrics;
import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ProducerConsumerTest extends LeakFree {
    @Test
    void everyByteArrivesOnceInOrderThroughASmallPool() throws Exception {
        byte[] data = new byte[(8 << 20) + 123];
        new Random(4).nextBytes(data);
        CRC32C want = new CRC32C();
        want.update(data);
        int chunks = 32; // 128 KiB in flight at most
        try (BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, (long) chunks * BufferPool.PAGE_SIZE, false)) {
            ProducerConsumer.Result r = ProducerConsumer.pump(Channels.newChannel(new ByteArrayInputStream(data)), pool);

            assertEquals(data.length, r.bytes());
            assertEquals(want.getValue(), r.crc32c(), "the consumer saw the producer's bytes, in order");
            PoolMetrics m = pool.metrics();
            assertTrue(m.highWaterChunks() <= chunks, "the pool bounds the bytes in flight: " + m);
            assertEquals(0, pool.outstandingChunks(), "every chunk came back");
        }
    }
}
