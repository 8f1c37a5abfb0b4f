package io.bvecq.netty;

import io.bvecq.Bvecq;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/**
 * The composite behind {@link NettyBuffers#asByteBuf}: one wrapped component per region of a chain, and the
 * chain reference it was given, dropped when Netty deallocates the composite (its reference count reached 0,
 * which Netty reports exactly once).
 */
final class ChainByteBuf extends CompositeByteBuf {
    private final Bvecq head;

    /** Takes over {@code head}'s reference; the components view the chain's memory. */
    ChainByteBuf(Bvecq head, List<ByteBuf> components) {
        // at least as many components as given: Netty never consolidates (copies) them
        super(UnpooledByteBufAllocator.DEFAULT, true, Math.max(2, components.size()), components);
        this.head = head;
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate(); // releases the wrapped components; they free nothing (the memory is the chain's)
        } finally {
            head.release(); // the view's one reference on the chain, dropped once
        }
    }
}
