package io.bvecq.netty;

import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;

/**
 * The owner of the regions {@link NettyBuffers#append} made from one {@code ByteBuf}: each region holds one
 * of the buffer's references, and the region's disposal releases it.
 */
final class ByteBufOwner implements RegionOwner {
    private final ByteBuf buf;

    ByteBufOwner(ByteBuf buf) {
        this.buf = buf;
    }

    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        buf.release();
    }

    @Override
    public String toString() {
        return "ByteBufOwner[" + buf + "]";
    }
}
