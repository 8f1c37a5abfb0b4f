package io.bvecq.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ReadOnlyBufferException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** NettyBuffers: contents equal both ways, reference counts dropped exactly once, use after release throws. */
class NettyBuffersTest {
    /** An owner that counts its calls. */
    static final class Counting implements RegionOwner {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void dispose(Disposal kind, MemorySegment segment, long offset, long length) {
            calls.incrementAndGet();
        }
    }

    /** A chain of {@code slots} regions of 0..300 bytes over native memory (FREE kind, one owner), several nodes. */
    private static Bvecq chain(Arena arena, int slots, ByteArrayOutputStream expect, Counting owner, long seed) {
        Random rnd = new Random(seed);
        Bvecq head = Bvecq.allocOne(Disposal.FREE);
        Bvecq tail = head;
        for (int i = 0; i < slots; i++) {
            int len = rnd.nextInt(301);
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            MemorySegment seg = arena.allocate(len + 7);
            MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 3, len);
            tail = BvecqBuffers.appendRegion(tail, Disposal.FREE, seg, 3, len, owner);
            expect.write(b, 0, len);
        }
        return head;
    }

    @Test
    void aChainViewedAsAByteBufHasItsBytesWithoutCopyingAndIsReadOnly() {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        Counting owner = new Counting();
        try (Arena arena = Arena.ofConfined()) {
            Bvecq head = chain(arena, 100, expect, owner, 1); // 100 regions: several nodes
            ByteBuf view = NettyBuffers.asByteBuf(head);
            assertArrayEquals(expect.toByteArray(), ByteBufUtil.getBytes(view));
            assertEquals(0, view.readerIndex());
            assertTrue(view.isReadOnly());
            assertThrows(ReadOnlyBufferException.class, () -> view.setByte(0, 1));
            byte before = view.getByte(0);
            head.segment(0).set(ValueLayout.JAVA_BYTE, head.offset(0), (byte) (before + 1));
            assertEquals((byte) (before + 1), view.getByte(0), "zero-copy: the view sees the chain's memory");
            assertTrue(view.release());
            head.release();
            assertEquals(100, owner.calls.get(), "every region disposed once, after both references went");
        }
    }

    @Test
    void theViewHoldsOneChainReferenceAndDropsItExactlyOnceThenThrowsOnUse() {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        Counting owner = new Counting();
        try (Arena arena = Arena.ofConfined()) {
            Bvecq head = chain(arena, 10, expect, owner, 2);
            ByteBuf view = NettyBuffers.asByteBuf(head);
            assertEquals(2, head.refCount(), "the caller's and the view's");
            head.release(); // the caller lets go first: the view keeps the chain alive
            assertEquals(1, head.refCount());
            assertEquals(0, owner.calls.get());
            view.retain();
            assertFalse(view.release());
            assertEquals(0, owner.calls.get(), "still one Netty reference");
            assertArrayEquals(expect.toByteArray(), ByteBufUtil.getBytes(view));
            assertTrue(view.release());
            assertEquals(10, owner.calls.get(), "the chain disposed once, when the view's count reached 0");
            assertTrue(head.isReleased());
            assertThrows(IllegalReferenceCountException.class, () -> view.getByte(0));
            assertThrows(IllegalReferenceCountException.class, view::release);
            assertEquals(10, owner.calls.get(), "an over-release reaches Netty's check, not the chain");
        }
    }

    @Test
    void aReleasedChainCannotBeViewed() {
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        head.release();
        assertThrows(BvecqReleasedException.class, () -> NettyBuffers.asByteBuf(head));
    }

    @Test
    void anEmptyChainIsAnEmptyViewThatStillReleasesItsReference() {
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        ByteBuf view = NettyBuffers.asByteBuf(head);
        assertEquals(0, view.readableBytes());
        assertEquals(2, head.refCount());
        assertTrue(view.release());
        assertEquals(1, head.refCount());
        head.release();
    }

    @Test
    void aByteBufAppendedToAChainIsHeldUntilDisposalAndReleasedOncePerRegion() {
        PooledByteBufAllocator alloc = new PooledByteBufAllocator(true);
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        CompositeByteBuf buf = alloc.compositeDirectBuffer();
        buf.addComponent(true, alloc.directBuffer().writeBytes(data, 0, 4000));
        buf.addComponent(true, Unpooled.wrappedBuffer(data, 4000, 1000)); // a heap component too
        buf.addComponent(true, alloc.directBuffer().writeBytes(data, 5000, 5000));
        buf.skipBytes(10); // only the readable bytes go in
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        Bvecq tail = NettyBuffers.append(head, buf);
        assertEquals(3, buf.refCnt(), "one reference per region: the caller's plus two");
        assertEquals(10, buf.readerIndex(), "the buffer's indexes do not move");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int regions = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                byte[] b = n.segment(s).asSlice(n.offset(s), n.length(s)).toArray(ValueLayout.JAVA_BYTE);
                got.write(b, 0, b.length);
                regions++;
            }
        }
        assertEquals(3, regions);
        assertSame(Disposal.UNPIN, tail.disposal());
        byte[] want = new byte[data.length - 10];
        System.arraycopy(data, 10, want, 0, want.length);
        assertArrayEquals(want, got.toByteArray());
        head.release();
        assertEquals(0, buf.refCnt(), "released exactly as often as retained");
        assertThrows(IllegalReferenceCountException.class, () -> buf.getByte(0));
    }

    @Test
    void anEmptyByteBufIsReleasedAtOnceAndAReleasedOneIsRejected() {
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        ByteBuf empty = Unpooled.directBuffer(16);
        assertSame(head, NettyBuffers.append(head, empty));
        assertEquals(0, empty.refCnt());
        assertThrows(IllegalArgumentException.class, () -> NettyBuffers.append(head, empty));
        ByteBuf full = Unpooled.directBuffer(16).writeLong(1);
        Bvecq second = Bvecq.allocOne(Disposal.NONE);
        head.linkNext(second);
        assertThrows(IllegalArgumentException.class, () -> NettyBuffers.append(head, full), "not the tail");
        assertEquals(1, full.refCnt(), "a rejected append leaves the buffer alone");
        full.release();
        head.release();
    }
}
