package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.RollingBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channels: gathering writes in IOV_MAX calls with partial writes, scattering reads into pooled chunks. */
class ChannelsTest {
    /** A gathering channel that takes at most {@code perCall} bytes a call and records the most buffers it was given. */
    static final class FakeChannel implements GatheringByteChannel {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final int perCall;
        long budget; // bytes it takes before it returns 0 (a full non-blocking socket), or fails
        final boolean failWhenSpent;
        int maxBuffers;
        int calls;

        FakeChannel(int perCall, long budget, boolean failWhenSpent) {
            this.perCall = perCall;
            this.budget = budget;
            this.failWhenSpent = failWhenSpent;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            calls++;
            maxBuffers = Math.max(maxBuffers, length);
            if (length > Channels.IOV_MAX) {
                throw new IOException("EINVAL: " + length + " buffers (expected: at most IOV_MAX)");
            }
            long n = 0;
            for (int i = offset; i < offset + length && n < perCall && budget > 0; i++) {
                ByteBuffer b = srcs[i];
                while (b.hasRemaining() && n < perCall && budget > 0) {
                    got.write(b.get());
                    n++;
                    budget--;
                }
            }
            if (n == 0 && budget == 0 && failWhenSpent) {
                throw new IOException("EPIPE: the peer went away");
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A chain of {@code slots} regions of 0..6 bytes over one heap array; returns the head, fills {@code expect}. */
    private static Bvecq chain(int slots, ByteArrayOutputStream expect, long seed) {
        Random rnd = new Random(seed);
        byte[] data = new byte[slots * 6];
        rnd.nextBytes(data);
        MemorySegment seg = MemorySegment.ofArray(data);
        Bvecq head = Bvecq.allocOne(Bvecq.DEFAULT_SLOTS, Disposal.NONE);
        Bvecq tail = head;
        int at = 0;
        for (int i = 0; i < slots; i++) {
            int len = rnd.nextInt(7);
            tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, seg, at, len, null);
            expect.write(data, at, len);
            at += len;
        }
        return head;
    }

    @Test
    void writeOfMoreThanIovMaxRegionsPassesAtMostIovMaxBuffersPerCallAndContinuesPartialWrites() throws IOException {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        try (Bvecq head = chain(5000, expect, 1)) {
            FakeChannel ch = new FakeChannel(777, Long.MAX_VALUE, false);
            long n = new Channels().write(ch, head);
            assertEquals(expect.size(), n);
            assertArrayEquals(expect.toByteArray(), ch.got.toByteArray());
            assertTrue(ch.maxBuffers <= Channels.IOV_MAX, "max buffers per call " + ch.maxBuffers);
            assertTrue(ch.maxBuffers > 1000, "calls carry close to IOV_MAX regions: " + ch.maxBuffers);
            assertTrue(ch.calls >= expect.size() / 777, "partial writes were continued: " + ch.calls + " calls");
        }
    }

    @Test
    void writingAgainReusesViewsWithTheRightBytesAndNoTwoBuffersOfACallAreOneObject() throws IOException {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        try (Bvecq head = chain(3000, expect, 5)) { // every region in one segment: each place is a hit
            Channels c = new Channels();
            for (int round = 0; round < 3; round++) {
                FakeChannel fake = new FakeChannel(1000, Long.MAX_VALUE, false);
                GatheringByteChannel ch = new GatheringByteChannel() {
                    @Override
                    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
                        java.util.Set<ByteBuffer> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                        for (int i = offset; i < offset + length; i++) {
                            assertTrue(seen.add(srcs[i]), "buffer " + i + " is also an earlier place's");
                        }
                        return fake.write(srcs, offset, length);
                    }

                    @Override
                    public long write(ByteBuffer[] srcs) throws IOException {
                        return write(srcs, 0, srcs.length);
                    }

                    @Override
                    public int write(ByteBuffer src) throws IOException {
                        return (int) write(new ByteBuffer[] {src}, 0, 1);
                    }

                    @Override
                    public boolean isOpen() {
                        return true;
                    }

                    @Override
                    public void close() {
                    }
                };
                assertEquals(expect.size(), c.write(ch, head));
                assertArrayEquals(expect.toByteArray(), fake.got.toByteArray(), "round " + round);
            }
        }
    }

    @Test
    void aChannelThatTakesNothingEndsTheWriteWithThePositionJustPastWhatWasWritten() throws IOException {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        try (Bvecq head = chain(3000, expect, 2); BvecqPos pos = BvecqPos.at(head)) {
            Channels channels = new Channels();
            FakeChannel ch = new FakeChannel(1000, 4321, false);
            long total = expect.size();
            long n = channels.write(ch, pos, total);
            assertEquals(4321, n, "what the channel took before it was full");
            assertEquals(4321, pos.logicalOffset());
            assertEquals(total - 4321, pos.remaining());
            ch.budget = Long.MAX_VALUE; // writable again
            long rest = channels.write(ch, pos, pos.remaining());
            assertEquals(total - 4321, rest);
            assertArrayEquals(expect.toByteArray(), ch.got.toByteArray());
        }
    }

    @Test
    void anIoExceptionLeavesTheIteratorPastTheBytesWritten() {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        try (Bvecq head = chain(3000, expect, 3); BvecqPos pos = BvecqPos.at(head);
                IoIter it = IoIter.bvecq(Direction.SOURCE, pos)) {
            FakeChannel ch = new FakeChannel(500, 2500, true);
            IOException e = assertThrows(IOException.class, () -> new Channels().write(ch, it));
            assertTrue(e.getMessage().contains("EPIPE"), e.getMessage());
            assertEquals(2500, it.consumed());
            assertEquals(expect.size() - 2500, it.count());
        }
    }

    @Test
    void writeOfMoreThanRemainingIsRejectedAndWritesNothing() {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        try (Bvecq head = chain(10, expect, 4); BvecqPos pos = BvecqPos.at(head)) {
            FakeChannel ch = new FakeChannel(100, Long.MAX_VALUE, false);
            assertThrows(IndexOutOfBoundsException.class, () -> new Channels().write(ch, pos, expect.size() + 1));
            assertEquals(0, ch.calls);
            assertEquals(0, pos.logicalOffset());
        }
    }

    @Test
    void fileRoundTripThroughGatheringWriteAndScatteringRead(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        Path file = dir.resolve("chain.bin");
        Channels channels = new Channels();
        try (Bvecq head = chain(4000, expect, 5);
                FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertEquals(expect.size(), channels.write(fc, head));
        }
        assertArrayEquals(expect.toByteArray(), Files.readAllBytes(file));
        try (BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, 1 << 20, false);
                FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            try (Bvecq head = Bvecq.allocOne(4, Disposal.FREE)) {
                Bvecq tail = head;
                long total = 0;
                for (long r; (r = channels.read(fc, tail, pool, 3)) >= 0; tail = BvecqBuffers.tail(tail)) {
                    total += r;
                }
                assertEquals(expect.size(), total);
                assertEquals(expect.size(), BvecqBuffers.totalBytes(head));
                byte[] back = new byte[expect.size()];
                try (BvecqPos p = BvecqPos.at(head); IoIter it = IoIter.bvecq(Direction.SOURCE, p)) {
                    it.copyFromIter(MemorySegment.ofArray(back), 0, back.length);
                }
                assertArrayEquals(expect.toByteArray(), back);
                assertTrue(pool.outstandingChunks() >= expect.size() / BufferPool.PAGE_SIZE);
            }
            assertEquals(0, pool.outstandingChunks(), "the chain's disposal returned every chunk; none leaked at EOF");
        }
    }

    @Test
    void readIntoARollingBufferOfKindNoneIsRejectedBeforeReading() throws IOException {
        try (BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, 1 << 20, false);
                RollingBuffer buf = new RollingBuffer(4, Disposal.NONE)) {
            ScatteringByteChannel ch = new ScatteringByteChannel() {
                @Override
                public long read(ByteBuffer[] dsts, int offset, int length) {
                    throw new AssertionError("read before the checks");
                }

                @Override
                public long read(ByteBuffer[] dsts) {
                    throw new AssertionError();
                }

                @Override
                public int read(ByteBuffer dst) {
                    throw new AssertionError();
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
            assertThrows(IllegalArgumentException.class, () -> new Channels().read(ch, buf, pool, 1));
            try (RollingBuffer free = new RollingBuffer(4, Disposal.FREE)) {
                assertThrows(IllegalArgumentException.class, () -> new Channels().read(ch, free, pool, 0));
                assertThrows(IllegalArgumentException.class, () -> new Channels().read(ch, free, pool, Channels.IOV_MAX + 1));
            }
            assertEquals(0, pool.outstandingChunks());
        }
    }

    @Test
    void nonBlockingSocketOnLoopbackGetsEveryByteThroughPartialWrites() throws Exception {
        int size = 8 << 20;
        byte[] data = new byte[size];
        new Random(6).nextBytes(data);
        MemorySegment seg = MemorySegment.ofArray(data);
        try (ServerSocketChannel server = ServerSocketChannel.open();
                BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, 64 << 20, false)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CountDownLatch firstShortWrite = new CountDownLatch(1); // the reader starts only once the socket was full
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel peer = server.accept(); RollingBuffer buf = new RollingBuffer(16, Disposal.FREE);
                        BvecqPos reader = buf.openReader()) {
                    firstShortWrite.await(30, TimeUnit.SECONDS);
                    Channels in = new Channels();
                    byte[] out = new byte[size];
                    int got = 0;
                    for (long r; (r = in.read(peer, buf, pool, 8)) >= 0;) {
                        if (r == 0) {
                            continue;
                        }
                        try (IoIter it = IoIter.bvecq(Direction.SOURCE, reader, r)) {
                            it.copyFromIter(MemorySegment.ofArray(out), got, r);
                        }
                        got += (int) r;
                        buf.consume(reader, r);
                        buf.deleteSpent(reader);
                    }
                    buf.finish();
                    return java.util.Arrays.copyOf(out, got);
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            int shortWrites = 0;
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                client.configureBlocking(false);
                Bvecq head = Bvecq.allocOne(Bvecq.DEFAULT_SLOTS, Disposal.NONE);
                Bvecq tail = head;
                for (int at = 0; at < size; at += 4096) {
                    tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, seg, at, 4096, null);
                }
                Channels out = new Channels();
                try (BvecqPos pos = BvecqPos.at(head)) {
                    head.release(); // the position keeps the chain alive
                    long left = size;
                    while (left > 0) {
                        long w = out.write(client, pos, left);
                        if (w < left) {
                            shortWrites++;
                            firstShortWrite.countDown();
                            Thread.onSpinWait();
                        }
                        left -= w;
                    }
                    firstShortWrite.countDown(); // never short: let the reader go, the assertion below fails
                }
            }
            byte[] back = received.get(60, TimeUnit.SECONDS);
            assertArrayEquals(data, back);
            assertTrue(shortWrites > 0, "a non-blocking socket returned a partial write at least once");
            assertEquals(0, pool.outstandingChunks());
        }
    }

    @Test
    void readAtEndOfStreamReturnsMinusOneAndKeepsNoChunk(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        try (BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, 1 << 20, false);
                FileChannel fc = FileChannel.open(empty, StandardOpenOption.READ);
                RollingBuffer buf = new RollingBuffer(4, Disposal.FREE)) {
            assertEquals(-1, new Channels().read(fc, buf, pool, 4));
            assertEquals(0, buf.readable());
            assertEquals(0, pool.outstandingChunks());

        }
    }
}
