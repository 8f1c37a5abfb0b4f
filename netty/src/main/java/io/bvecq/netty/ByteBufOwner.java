package io.bvecq.netty;

import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;

/**
 * The owner of the zero-copy slots made from one {@link ByteBuf} by {@link ByteBufChains}: every such slot
 * holds one Netty reference, and its disposal (called exactly once per slot by the node) drops it.
 */
final class ByteBufOwner implements RegionOwner {
    private final ByteBuf buf;

    ByteBufOwner(ByteBuf buf) {
        this.buf = buf;
    }

    @Override
    public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
        buf.release(); // this slot's reference, taken with retain() when the slot was appended
    }

    @Override
    public String toString() {
        return "ByteBufOwner[" + buf + "]";
    }
}
