package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class HeaderBodySendTest extends LeakFree {
    @Test
    void headerAndZeroCopyBodyArriveOnLoopback() throws Exception {
        byte[] bytes = new byte[16 << 20]; // far more than a socket buffer: the sender must wait
        new Random(8).nextBytes(bytes);
        try (BufferPool pool = BufferPool.create(); Arena arena = Arena.ofConfined(); Loopback link = new Loopback()) {
            MemorySegment body = arena.allocate(bytes.length, 4096);
            MemorySegment.copy(bytes, 0, body, ValueLayout.JAVA_BYTE, 0, bytes.length);
            link.client.configureBlocking(false);
            var received = link.receiveAll();

            int waits = HeaderBodySend.send(link.client, body, pool);
            link.client.shutdownOutput();
            byte[] got = received.get(60, TimeUnit.SECONDS);

            assertEquals(HeaderBodySend.HEADER_BYTES + bytes.length, got.length, "bytes received = bytes sent");
            ByteBuffer header = ByteBuffer.wrap(got, 0, HeaderBodySend.HEADER_BYTES);
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            assertEquals(HeaderBodySend.MAGIC, header.getInt());
            assertEquals(bytes.length, header.getLong());
            assertEquals((int) crc.getValue(), header.getInt());
            assertArrayEquals(bytes, Arrays.copyOfRange(got, HeaderBodySend.HEADER_BYTES, got.length));
            assertTrue(waits > 0, "a 16 MiB body fills the socket at least once");
            assertEquals(0, pool.outstandingChunks());
        }
    }
}
