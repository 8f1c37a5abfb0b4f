package io.bvecq.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.bvecq.PoolExhaustedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ByteBufChains: direct memory referenced with its count held, heap memory copied, failures change nothing. */
class ByteBufChainsTest {
    private static final int CHUNK = BufferPool.DEFAULT_CHUNK_SIZE;

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void directMemoryIsReferencedAndReleasedWithTheChain() {
        byte[] data = random(1000, 1);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2000).writeBytes(data);
        buf.readerIndex(10);
        Bvecq chain = ByteBufChains.wrap(buf, null);
        assertEquals(Disposal.UNPIN, chain.disposal());
        assertEquals(1, chain.nrSlotsAcquire());
        assertEquals(buf.memoryAddress() + 10, chain.segment(0).address(), "the ByteBuf's own memory, not a copy");
        assertEquals(1, buf.refCnt(), "the caller's reference became the slot's");
        assertEquals(10, buf.readerIndex(), "indexes are not changed");
        assertArrayEquals(Arrays.copyOfRange(data, 10, 1000), TestChain.bytes(chain, 990));
        assertTrue(chain.release());
        assertEquals(0, buf.refCnt(), "the chain's disposal released the ByteBuf exactly once");
    }

    @Test
    void heapMemoryIsCopiedIntoChunksAndReleasedAtOnce() {
        byte[] data = random(2 * CHUNK + 5, 2);
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try (BufferPool pool = BufferPool.create()) {
            Bvecq chain = ByteBufChains.wrap(buf, pool);
            assertEquals(0, buf.refCnt(), "copied: the reference is released before the call returns");
            assertEquals(Disposal.FREE, chain.disposal());
            assertEquals(3, pool.outstandingChunks());
            assertTrue(chain.segment(0).isNative());
            assertArrayEquals(data, TestChain.bytes(chain, data.length));
            chain.release();
            assertEquals(0, pool.outstandingChunks());
        }
    }

    @Test
    void aCompositeOfMixedPiecesKeepsOneReferencePerZeroCopySlot() {
        byte[] a = random(300, 3);
        byte[] b = random(CHUNK + 1, 4);
        byte[] c = random(1, 5);
        CompositeByteBuf comp = Unpooled.compositeBuffer();
        ByteBuf da = Unpooled.directBuffer(300).writeBytes(a);
        ByteBuf hb = Unpooled.buffer(b.length).writeBytes(b);
        ByteBuf empty = Unpooled.directBuffer(8);
        ByteBuf dc = Unpooled.directBuffer(1).writeBytes(c);
        comp.addComponents(true, da, hb, empty, dc);
        comp.readerIndex(7);
        byte[] want = new byte[a.length + b.length + c.length - 7];
        ByteBuffer.wrap(want).put(a, 7, a.length - 7).put(b).put(c);
        try (BufferPool pool = BufferPool.create(); Bvecq tail = Bvecq.allocOne(4, Disposal.NONE)) {
            tail.setFpos(4096);
            Bvecq last = ByteBufChains.append(tail, comp, pool);
            assertNotSame(tail, last);
            assertEquals(3, BvecqBuffers.nodeCount(tail) - 1, "UNPIN, FREE, UNPIN: one node per run of a kind");
            assertEquals(2, comp.refCnt(), "two direct pieces, two slot references");
            assertEquals(4096, tail.nextAcquire().fpos(), "the new nodes follow on from the tail");
            assertEquals(4096 + a.length - 7 + b.length, last.fpos());
            assertArrayEquals(want, TestChain.bytes(tail, want.length));
        }
        assertEquals(0, comp.refCnt(), "released exactly once per slot, down to 0");
        assertEquals(0, da.refCnt());
        assertEquals(0, dc.refCnt());
    }

    @Test
    void theChainKeepsTheByteBufAliveUnderAView() {
        byte[] data = random(500, 6);
        ByteBuf buf = Unpooled.directBuffer(500).writeBytes(data);
        Bvecq chain = ByteBufChains.wrap(buf, null);
        ByteBuf view = ChainViews.view(chain);
        chain.release();
        assertEquals(1, buf.refCnt(), "the view holds the chain, which holds the ByteBuf");
        assertArrayEquals(data, ByteBufUtil.getBytes(view));
        view.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void aReadOnlyByteBufGivesReadOnlySlots() {
        ByteBuf buf = Unpooled.directBuffer(16).writeBytes(random(16, 7)).asReadOnly();
        Bvecq chain = ByteBufChains.wrap(buf, null);
        assertTrue(chain.segment(0).isReadOnly());
        chain.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void anEmptyByteBufIsReleasedAndAddsNothing() {
        ByteBuf buf = Unpooled.directBuffer(16);
        try (Bvecq tail = Bvecq.allocOne(1, Disposal.NONE)) {
            assertSame(tail, ByteBufChains.append(tail, buf, null));
            assertNull(tail.nextAcquire());
            assertEquals(0, buf.refCnt());
        }
        ByteBuf buf2 = Unpooled.buffer(16);
        try (Bvecq empty = ByteBufChains.wrap(buf2, null)) {
            assertEquals(0, empty.bytes());
            assertEquals(0, buf2.refCnt());
        }
    }

    @Test
    void anExhaustedPoolChangesNothing() {
        ByteBuf direct = Unpooled.directBuffer(100).writeBytes(random(100, 8));
        ByteBuf heap = Unpooled.wrappedBuffer(random(3 * CHUNK, 9));
        CompositeByteBuf comp = Unpooled.compositeBuffer().addComponents(true, direct, heap);
        try (BufferPool pool = BufferPool.create(CHUNK, 2L * CHUNK, false);
                Bvecq tail = Bvecq.allocOne(1, Disposal.NONE)) {
            assertThrows(PoolExhaustedException.class, () -> ByteBufChains.append(tail, comp, pool));
            assertNull(tail.nextAcquire(), "nothing appended");
            assertEquals(1, comp.refCnt(), "the reference is still the caller's");
            assertEquals(0, pool.outstandingChunks(), "the chunks went back");
        }
        comp.release();
    }

    @Test
    void badInputIsRejectedAndChangesNothing() {
        ByteBuf heap = Unpooled.wrappedBuffer(new byte[10]);
        ByteBuf direct = Unpooled.directBuffer(10).writeZero(10);
        try (Bvecq tail = Bvecq.allocOne(1, Disposal.NONE); Bvecq next = Bvecq.allocOne(1, Disposal.NONE)) {
            NullPointerException npe = assertThrows(NullPointerException.class, () -> ByteBufChains.append(tail, heap, null));
            assertTrue(npe.getMessage().startsWith("pool: null"), npe.getMessage());
            assertEquals(1, heap.refCnt());
            tail.linkNext(next.retain());
            assertThrows(IllegalArgumentException.class, () -> ByteBufChains.append(tail, direct, null));
            assertEquals(1, direct.refCnt());
            assertThrows(NullPointerException.class, () -> ByteBufChains.wrap(null, null));
        }
        Bvecq released = Bvecq.allocOne(1, Disposal.NONE);
        released.release();
        assertThrows(BvecqReleasedException.class, () -> ByteBufChains.append(released, direct, null));
        assertEquals(1, direct.refCnt());
        heap.release();
        direct.release();
        assertThrows(IllegalReferenceCountException.class, () -> ByteBufChains.wrap(direct, null));
    }
}
