package io.bvecq.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.bvecq.LeakDetector;
import io.bvecq.iter.Channels;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChainViews: read-only, bad input, gathering writes, pooled chains and leaks. */
class ChainViewsTest {

    @Test
    void everyWriteThroughTheViewIsRefused() {
        try (TestChain c = new TestChain(List.of(5, 0, 1, 7), 1)) {
            ByteBuf view = ChainViews.view(c.head);
            try {
                assertThrows(ReadOnlyBufferException.class, () -> view.setByte(0, 1));
                assertThrows(ReadOnlyBufferException.class, () -> view.setLong(1, 1));
                assertThrows(ReadOnlyBufferException.class, () -> view.setBytes(0, new byte[2]));
                assertThrows(ReadOnlyBufferException.class, () -> view.writeByte(1));
                assertThrows(ReadOnlyBufferException.class, () -> view.writeBytes(new byte[3]));
                assertThrows(ReadOnlyBufferException.class, () -> view.capacity(100));
                assertThrows(ReadOnlyBufferException.class, view::discardReadBytes);
                assertFalse(view.isWritable());
                for (ByteBuffer b : view.nioBuffers()) {
                    assertThrows(ReadOnlyBufferException.class, () -> b.put(0, (byte) 1));
                }
                assertArrayEquals(c.model, ByteBufUtil.getBytes(view), "nothing was written");
            } finally {
                view.release();
            }
        }
    }

    @Test
    void badRangesAreRejectedAndTakeNothing() {
        try (TestChain c = new TestChain(List.of(3, 4), 2); BvecqPos unset = new BvecqPos()) {
            assertThrows(IllegalArgumentException.class, () -> ChainViews.view(c.head, 0, 0, -1));
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                    () -> ChainViews.view(c.head, 0, 0, Integer.MAX_VALUE + 1L));
            assertTrue(big.getMessage().contains("length: 2147483648"), big.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> ChainViews.view(c.head, 0, 0, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> ChainViews.view(c.head, 5, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> ChainViews.view(c.head, 0, 4, 1));
            assertThrows(IllegalArgumentException.class, () -> ChainViews.view(unset, 1));
            assertThrows(NullPointerException.class, () -> ChainViews.view((Bvecq) null));
            assertEquals(1, c.head.refCount(), "no rejected call kept a reference");
        }
    }

    @Test
    void aReleasedChainCannotBeViewed() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        n.release();
        assertThrows(BvecqReleasedException.class, () -> ChainViews.view(n));
    }

    @Test
    void anEmptyRangeIsAnEmptyView() {
        try (TestChain c = new TestChain(List.of(0, 0), 3)) {
            ByteBuf view = ChainViews.view(c.head);
            assertEquals(0, view.readableBytes());
            long bytes = 0;
            for (ByteBuffer b : view.nioBuffers()) { // Netty gives one empty buffer for an empty composite
                bytes += b.remaining();
            }
            assertEquals(0, bytes);
            assertEquals(2, c.head.refCount());
            assertTrue(view.release());
            assertEquals(1, c.head.refCount());
        }
    }

    @Test
    void gatheringWriteOfTheViewEqualsTheChain(@TempDir Path dir) throws IOException {
        long size = 2 << 20; // more chunks than the first node takes (256)
        try (BufferPool pool = BufferPool.create(); Bvecq head = BvecqBuffers.allocBuffer(pool, size, 2)) {
            byte[] data = new byte[(int) size];
            new Random(7).nextBytes(data);
            try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, size)) {
                it.copyToIter(MemorySegment.ofArray(data), 0, size);
            }
            assertTrue(BvecqBuffers.nodeCount(head) > 1, "a multi-node chain");
            Path viaView = dir.resolve("view");
            Path viaChannels = dir.resolve("channels");
            ByteBuf view = ChainViews.view(head);
            try (FileChannel out = FileChannel.open(viaView, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer[] bufs = view.nioBuffers();
                assertEquals(size / BufferPool.DEFAULT_CHUNK_SIZE, bufs.length, "one buffer per chunk, none for empty slots");
                long left = 0;
                for (ByteBuffer b : bufs) {
                    left += b.remaining();
                }
                assertEquals(size, left);
                while (left > 0) { // a FileChannel writes everything it can; stop if it ever writes nothing
                    long w = out.write(bufs);
                    assertTrue(w > 0, "a gathering write to a file made no progress");
                    left -= w;
                }
            } finally {
                view.release();
            }
            try (FileChannel out = FileChannel.open(viaChannels, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                new Channels().write(out, head);
            }
            assertArrayEquals(data, Files.readAllBytes(viaView));
            assertArrayEquals(Files.readAllBytes(viaChannels), Files.readAllBytes(viaView));
            assertEquals(1, head.refCount());
        }
    }

    @Test
    void pooledChunksStayOutOfThePoolUntilTheViewIsReleased() {
        try (BufferPool pool = BufferPool.create()) {
            Bvecq head = BvecqBuffers.allocBuffer(pool, 3 * BufferPool.DEFAULT_CHUNK_SIZE, 0);
            ByteBuf view = ChainViews.view(head);
            head.release();
            assertEquals(3, pool.outstandingChunks(), "the view holds the chain, so its chunks");
            view.getLong(2 * BufferPool.DEFAULT_CHUNK_SIZE + 100); // still readable memory
            view.release();
            assertEquals(0, pool.outstandingChunks(), "the view's release gave the chunks back");
        }
    }

    @Test
    void aViewDroppedWithoutReleaseIsReportedAsALeak() {
        LeakDetector.collectNow(0); // earlier tests' leftovers
        makeAndDropAView();
        List<LeakDetector.Leak> leaks = LeakDetector.collectNow(2000);
        assertEquals(1, leaks.size(), "the chain node the view held: " + leaks);
    }

    private static void makeAndDropAView() {
        Bvecq n = Bvecq.allocOne(1, Disposal.NONE);
        n.appendSlot(MemorySegment.ofArray(new byte[16]), 0, 16, null);
        ChainViews.view(n).getByte(3);
        n.release(); // the view's reference is the last, and nobody releases the view
    }
}
