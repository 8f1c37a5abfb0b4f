package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bvecq.BufferPool;
import io.bvecq.ChainBuffer;
import io.bvecq.examples.SendMessage.Message;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SendMessageTest extends LeakFree {
    @Test
    void messageSentOnLoopbackArrivesWhole() throws Exception {
        byte[] value = new byte[300_000]; // spans many chunks
        new Random(1).nextBytes(value);
        Message m = new Message(42L, "clé/κλειδί", value);
        try (BufferPool pool = BufferPool.create(); Loopback link = new Loopback()) {
            var received = link.receiveAll();
            long sent = SendMessage.send(link.client, m, pool);
            link.client.shutdownOutput();
            byte[] got = received.get(30, TimeUnit.SECONDS);

            assertEquals(sent, got.length, "bytes received = bytes sent");
            assertArrayEquals(reference(m), got, "the frame as DataOutputStream would write it");
            try (ChainBuffer in = new ChainBuffer(pool)) {
                in.write(got);
                Message back = SendMessage.decode(in);
                assertEquals(m.requestId(), back.requestId());
                assertEquals(m.key(), back.key());
                assertArrayEquals(m.value(), back.value());
                assertEquals(0, in.size());
            }
            assertEquals(0, pool.outstandingChunks(), "every chunk went back to the pool");
        }
    }

    @Test
    void decodeRejectsAWrongMagic() throws IOException {
        try (ChainBuffer in = new ChainBuffer()) {
            in.writeInt(0x12345678).writeLong(1);
            IOException e = assertThrows(IOException.class, () -> SendMessage.decode(in));
            assertEquals("magic: 0x12345678 (expected: 0xb5ec0de)", e.getMessage());
        }
    }

    /** The same frame built with the JDK's streams (varints by hand: lengths here are below 2^21). */
    private static byte[] reference(Message m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] key = m.key().getBytes(StandardCharsets.UTF_8);
        out.writeInt(SendMessage.MAGIC);
        out.writeLong(m.requestId());
        varint(out, key.length);
        out.write(key);
        varint(out, m.value().length);
        out.write(m.value());
        return bytes.toByteArray();
    }

    private static void varint(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }
}
