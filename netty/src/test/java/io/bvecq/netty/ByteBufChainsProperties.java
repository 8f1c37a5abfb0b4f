package io.bvecq.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import io.bvecq.testing.LeakCheckHook;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A composite ByteBuf of random pieces (direct and heap, empty and one-byte, across chunk sizes) put into
 * a chain has the ByteBuf's readable bytes, viewed back as a ByteBuf too; it keeps one ByteBuf reference per
 * direct piece, and after the chain's release every reference and every pool chunk is back.
 */
@AddLifecycleHook(LeakCheckHook.class)
class ByteBufChainsProperties {

    @Property(tries = 200)
    void aByteBufInAChainHasItsBytes(@ForAll("lengths") List<Integer> lengths, @ForAll long seed,
            @ForAll boolean append) {
        Random rnd = new Random(seed);
        CompositeByteBuf comp = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        List<ByteBuf> parts = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int direct = 0;
        for (int len : lengths) {
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            all.writeBytes(b);
            boolean d = rnd.nextBoolean();
            ByteBuf part = (d ? Unpooled.directBuffer(len + 1) : Unpooled.buffer(len + 1)).writeBytes(b);
            parts.add(part);
            comp.addComponent(true, part);
        }
        byte[] bytes = all.toByteArray();
        int skip = rnd.nextInt(bytes.length + 1);
        comp.readerIndex(skip);
        byte[] want = Arrays.copyOfRange(bytes, skip, bytes.length);
        for (java.nio.ByteBuffer p : comp.nioBuffers()) {
            direct += p.hasRemaining() && p.isDirect() ? 1 : 0;
        }
        try (BufferPool pool = BufferPool.create()) {
            Bvecq head;
            if (append) {
                head = Bvecq.allocOne(2, Disposal.NONE);
                ByteBufChains.append(head, comp, pool);
            } else {
                head = ByteBufChains.wrap(comp, pool);
            }
            assertEquals(want.length, BvecqBuffers.totalBytes(head));
            assertEquals(direct, comp.refCnt(), "one ByteBuf reference per zero-copy slot");
            assertArrayEquals(want, TestChain.bytes(head, want.length));
            ByteBuf view = ChainViews.view(head);
            head.release();
            assertArrayEquals(want, ByteBufUtil.getBytes(view), "viewed back as a ByteBuf");
            view.release();
            assertEquals(0, comp.refCnt());
            for (ByteBuf p : parts) {
                assertEquals(0, p.refCnt());
            }
            assertEquals(0, pool.outstandingChunks());
        }
    }

    @Provide
    Arbitrary<List<Integer>> lengths() {
        return TestChain.lengths(12);
    }
}
