package io.bvecq.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BvecqPos;
import io.bvecq.testing.LeakCheckHook;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.IllegalReferenceCountException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A view of a random range of a random chain (empty and one-byte slots, heap and native regions, many
 * nodes) has the chain's bytes, through every read path, holds exactly one chain reference while alive and
 * drops it exactly once.
 */
@AddLifecycleHook(LeakCheckHook.class)
class ChainViewsProperties {

    @Property(tries = 300)
    void viewOfARangeHasTheChainsBytes(@ForAll("lengths") List<Integer> lengths, @ForAll long seed) {
        Random rnd = new Random(seed);
        try (TestChain c = new TestChain(lengths, seed); BvecqPos pos = BvecqPos.at(c.head)) {
            int start = rnd.nextInt(c.model.length + 1);
            int len = rnd.nextInt(c.model.length - start + 1);
            pos.advance(start);
            int before = pos.node().refCount();
            ByteBuf view = ChainViews.view(pos, len);
            assertEquals(before + 1, pos.node().refCount(), "the view holds one reference on the start node");
            byte[] want = Arrays.copyOfRange(c.model, start, start + len);

            assertEquals(len, view.readableBytes());
            assertEquals(len, view.capacity());
            assertTrue(view.isReadOnly());
            assertArrayEquals(want, ByteBufUtil.getBytes(view), "bulk read");
            for (int k = 0; k < Math.min(len, 64); k++) {
                int i = rnd.nextInt(len);
                assertEquals(want[i], view.getByte(i), "getByte(" + i + ")");
            }
            if (len >= 8) {
                int i = rnd.nextInt(len - 7); // a long across component boundaries, big-endian
                assertEquals(ByteBuffer.wrap(want, i, 8).getLong(), view.getLong(i), "getLong(" + i + ")");
            }
            byte[] gathered = new byte[len];
            int at = 0;
            for (ByteBuffer b : view.nioBuffers()) {
                assertTrue(b.isReadOnly(), "nioBuffers are read-only");
                int r = b.remaining();
                b.get(gathered, at, r);
                at += r;
            }
            assertEquals(len, at);
            assertArrayEquals(want, gathered, "nioBuffers");

            assertTrue(view.release(), "the caller's count was the only one");
            assertEquals(before, pos.node().refCount(), "the view's reference went exactly once");
            assertThrows(IllegalReferenceCountException.class, () -> view.getByte(0));
            assertThrows(IllegalReferenceCountException.class, view::release);
            assertEquals(before, pos.node().refCount(), "an over-release of the view leaves the chain alone");
        }
    }

    @Property(tries = 200)
    void wholeChainViewOutlivesTheCallersReference(@ForAll("lengths") List<Integer> lengths, @ForAll long seed) {
        try (TestChain c = new TestChain(lengths, seed)) {
            ByteBuf view = ChainViews.view(c.head);
            c.releaseHead(); // only the view holds the chain now
            assertEquals(1, c.head.refCount());
            assertArrayEquals(c.model, ByteBufUtil.getBytes(view));
            ByteBuf slice = view.retainedSlice(); // shares the view's count
            view.release();
            assertEquals(1, c.head.refCount(), "a retained slice keeps the view, and so the chain");
            assertArrayEquals(c.model, ByteBufUtil.getBytes(slice));
            slice.release();
            assertTrue(c.head.isReleased(), "the last release of the view released the chain");
        }
    }

    @Provide
    Arbitrary<List<Integer>> lengths() {
        return TestChain.lengths(24);
    }
}
