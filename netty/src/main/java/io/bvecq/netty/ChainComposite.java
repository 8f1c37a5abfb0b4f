package io.bvecq.netty;

import io.bvecq.Bvecq;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;

/**
 * The composite behind a {@link ChainViews} view: its components are read-only wrappers of the chain's
 * regions, and it holds one reference on the node where the range starts. Netty calls {@link #deallocate()}
 * exactly once, when the reference count falls to 0; that is where the chain reference goes.
 */
final class ChainComposite extends CompositeByteBuf {
    private final Bvecq node; // the view's own reference, taken by ChainViews.view

    /**
     * @param node the node the view holds a reference on (the reference passes to this object)
     * @param direct whether every component is direct memory
     * @param components the components, in order, {@code components[0..n-1]} non-empty
     * @param n how many of {@code components} to use
     */
    ChainComposite(Bvecq node, boolean direct, ByteBuf[] components, int n) {
        // maxNumComponents = n: Netty consolidates (copies) only when a composite grows past it, and this one
        // never grows (the caller sees it read-only)
        super(UnpooledByteBufAllocator.DEFAULT, direct, Math.max(1, n));
        if (n > 0) { // Netty's own constructor with components asserts at least one
            addComponents(true, Arrays.copyOf(components, n));
        }
        this.node = node;
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate(); // releases the wrappers; they own no memory
        } finally {
            node.release(); // exactly once: Netty deallocates once, at refCnt 0
        }
    }

    @Override
    public String toString() {
        return "ChainViews.view(" + node + ", " + capacity() + " bytes)";
    }
}
