package io.bvecq.examples;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.ChainBuffer;
import io.bvecq.iter.Channels;
import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Job 1: fill a message with typed writes and send it. The message is a small binary frame:
 *
 * <pre>
 *   int magic | long requestId | varint keyLength | key (UTF-8) | varint valueLength | value
 * </pre>
 * (big-endian, lengths as unsigned LEB128). {@link #decode} reads the same frame back.
 */
public final class SendMessage {
    /** The first four bytes of every frame. */
    public static final int MAGIC = 0x0B5EC0DE;

    private SendMessage() {
    }

    /**
     * A request: an id, a key and a value.
     *
     * @param requestId any value
     * @param key a string
     * @param value the bytes
     */
    public record Message(long requestId, String key, byte[] value) {
    }

    /**
     * Appends one frame to a buffer.
     *
     * @param buf the buffer written to
     * @param m the message
     */
    // @start region="encode"
    public static void encode(ChainBuffer buf, Message m) {
        byte[] key = m.key().getBytes(StandardCharsets.UTF_8);
        buf.writeInt(MAGIC)                       // big-endian; writeIntLe for little-endian
           .writeLong(m.requestId())
           .writeVarInt(key.length)               // unsigned LEB128
           .write(key)                            // small writes are copied into the current chunk
           .writeVarInt(m.value().length)
           .write(m.value());
    }
    // @end

    /**
     * Builds one frame in pooled memory and writes it to a channel.
     *
     * @param ch a blocking channel (a socket, a pipe, a file)
     * @param m the message
     * @param pool where the frame's memory comes from
     * @return the bytes written: the frame's length
     * @throws IOException from the channel
     */
    // @start region="send"
    public static long send(GatheringByteChannel ch, Message m, BufferPool pool) throws IOException {
        try (ChainBuffer buf = new ChainBuffer(pool)) {  // close() gives its chunks back
            encode(buf, m);
            try (Bvecq frame = buf.extract(buf.size())) { // the bytes as a chain, zero-copy, with its own refs
                return new Channels().write(ch, frame);   // gathering writes of <= 1024 regions, partial writes continued
            }
        }
    }
    // @end

    /**
     * Reads one frame from the front of a buffer.
     *
     * @param buf a buffer holding at least one whole frame
     * @return the message
     * @throws IOException if the frame does not start with {@link #MAGIC}
     */
    // @start region="decode"
    public static Message decode(ChainBuffer buf) throws IOException {
        int magic = buf.readInt();
        if (magic != MAGIC) {
            throw new IOException("magic: 0x" + Integer.toHexString(magic) + " (expected: 0x" + Integer.toHexString(MAGIC) + ")");
        }
        long id = buf.readLong();
        String key = buf.readUtf8(buf.readVarInt());
        byte[] value = new byte[buf.readVarInt()];
        buf.readFully(value);
        return new Message(id, key, value);
    }
    // @end
}
