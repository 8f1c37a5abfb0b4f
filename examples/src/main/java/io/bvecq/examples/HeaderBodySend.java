package io.bvecq.examples;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.ChainBuffer;
import io.bvecq.RegionOwner;
import io.bvecq.iter.Channels;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A header plus a body in gathering writes to a non-blocking socket: the header is typed into a pooled
 * chunk, the body (caller memory, native) joins the same buffer without a copy, and
 * {@link Channels#write(java.nio.channels.GatheringByteChannel, BvecqPos, long)} writes both in calls of
 * at most {@link Channels#IOV_MAX} regions. When the socket is full a call returns what it wrote; the loop
 * waits for {@link SelectionKey#OP_WRITE} and carries on from the position the call left.
 *
 * <pre>
 *   int magic | long bodyLength | int crc32c(body) | body
 * </pre>
 * This is Netty's {@code addComponents(true, wrappedBuffer(header), body)} followed by a
 * {@code nioBuffers()} write loop, in one call.
 */
public final class HeaderBodySend {
    /** The first four bytes of the header. */
    public static final int MAGIC = 0x48444231;
    /** The header's length. */
    public static final int HEADER_BYTES = 16;

    private HeaderBodySend() {
    }

    /**
     * Sends a header and a body.
     *
     * @param ch a connected socket in non-blocking mode
     * @param body native memory, valid and unchanged until this method returns
     * @param pool where the header's chunk comes from
     * @return the write calls that came back short (the socket was full), so at least how often it waited
     * @throws IOException from the socket
     */
    // @start region="send"
    public static int send(SocketChannel ch, MemorySegment body, BufferPool pool) throws IOException {
        int waits = 0;
        try (ChainBuffer buf = new ChainBuffer(pool);
             Selector selector = Selector.open()) {
            int crc;
            try (IoIter b = IoIter.segment(Direction.SOURCE, body)) {
                crc = b.crc32c(0, body.byteSize());
            }
            buf.writeInt(MAGIC).writeLong(body.byteSize()).writeInt(crc);          // header: one small copy
            buf.writeOwned(body, 0, body.byteSize(), RegionOwner.callerKeepsAlive()); // body: zero-copy
            ch.register(selector, SelectionKey.OP_WRITE);
            Channels out = new Channels();
            long left = buf.size();
            try (Bvecq frame = buf.extract(left);
                 BvecqPos pos = BvecqPos.at(frame)) {
                while (true) {
                    left -= out.write(ch, pos, left);    // <= 1024 regions a call; pos moves by what was taken
                    if (left == 0) {
                        break;
                    }
                    waits++;
                    selector.select();                   // the socket is full: wait until it is writable
                    selector.selectedKeys().clear();
                }
            }
        }
        return waits;
    }
    // @end
}
