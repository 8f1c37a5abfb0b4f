package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The rolling buffer's flow: the O(1) readable count, waiting for data, end of stream. */
class RollingBufferFlowTest {
    private static final MemorySegment BYTES = MemorySegment.ofArray(new byte[4096]);

    @Test
    void readableCountMatchesAWalkOfTheChain() {
        Random rnd = new Random(12);
        try (RollingBuffer buf = new RollingBuffer(3, Disposal.NONE); BvecqPos reader = buf.openReader()) {
            for (int i = 0; i < 500; i++) {
                if (rnd.nextBoolean()) {
                    buf.append(BYTES, 0, rnd.nextInt(5), null); // empty slots included
                } else {
                    long n = rnd.nextLong(buf.readable() + 1);
                    buf.consume(reader, n);
                    buf.deleteSpent(reader);
                }
                assertEquals(reader.remaining(), buf.readable(), "step " + i);
            }
            assertEquals(buf.appended() - buf.readable(), reader.logicalOffset(), "consumed = bytes the reader passed");
        }
    }

    @Test
    void consumeRejectsMoreThanReadableAndChangesNothing() {
        try (RollingBuffer buf = new RollingBuffer(2, Disposal.NONE); BvecqPos reader = buf.openReader()) {
            buf.append(BYTES, 0, 10, null);
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> buf.consume(reader, 11));
            assertTrue(e.getMessage().contains("n: 11") && e.getMessage().contains("10"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> buf.consume(reader, -1));
            assertEquals(10, buf.readable());
            assertEquals(0, reader.logicalOffset());
            buf.consume(reader, 10);
            assertEquals(0, buf.readable());
        }
    }

    @Test
    void endOfStreamComesAfterTheLastByte() throws InterruptedException {
        try (RollingBuffer buf = new RollingBuffer(2, Disposal.NONE); BvecqPos reader = buf.openReader()) {
            buf.append(BYTES, 0, 7, null);
            buf.finish();
            buf.finish(); // twice: nothing
            assertTrue(buf.isFinished());
            assertFalse(buf.isEndOfStream(), "7 bytes are still readable");
            assertEquals(7, buf.awaitReadable(100), "fewer than wanted, but the stream ended: what is left");
            assertEquals(7, buf.awaitReadable(1, 0, TimeUnit.SECONDS));
            buf.consume(reader, 7);
            assertTrue(buf.isEndOfStream());
            assertEquals(-1, buf.awaitReadable(1));
            assertEquals(-1, buf.awaitReadable(1, 1, TimeUnit.SECONDS));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> buf.append(BYTES, 0, 1, null));
            assertTrue(e.getMessage().contains("finish"), e.getMessage());
            assertEquals(7, buf.appended());
        }
    }

    @Test
    void timedWaitReturnsWhatIsReadableOnTimeout() throws InterruptedException {
        try (RollingBuffer buf = new RollingBuffer(2, Disposal.NONE)) {
            long t0 = System.nanoTime();
            assertEquals(0, buf.awaitReadable(1, 30, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(25));
            buf.append(BYTES, 0, 3, null);
            assertEquals(3, buf.awaitReadable(5, 10, TimeUnit.MILLISECONDS), "fewer than wanted after the timeout");
            assertEquals(3, buf.awaitReadable(3, 0, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void anAppendWakesAWaitingConsumer() throws Exception {
        try (RollingBuffer buf = new RollingBuffer(2, Disposal.NONE)) {
            Waiters.Started consumer = Waiters.startWaiting(() -> buf.awaitReadable(6));
            buf.append(BYTES, 0, 4, null);
            Thread.sleep(20);
            assertFalse(consumer.result().isDone(), "4 of 6 bytes: still waiting");
            buf.append(BYTES, 0, 4, null);
            assertEquals(8L, consumer.get());
        }
    }

    @Test
    void finishWakesAWaitingConsumerWithEndOfStream() throws Exception {
        try (RollingBuffer buf = new RollingBuffer(2, Disposal.NONE)) {
            Waiters.Started consumer = Waiters.startWaiting(() -> buf.awaitReadable(1, 30, TimeUnit.SECONDS));
            buf.finish();
            assertEquals(-1L, consumer.get());
        }
    }

    @Test
    void aWaitingConsumerIsInterruptible() throws Exception {
        try (RollingBuffer buf = new RollingBuffer(2, Disposal.NONE)) {
            Waiters.Started consumer = Waiters.startWaiting(() -> buf.awaitReadable(1));
            consumer.thread().interrupt();
            Throwable thrown = consumer.failure();
            assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
        }
    }

    @Test
    void closeWakesAWaitingConsumerWithTheReleasedException() throws Exception {
        RollingBuffer buf = new RollingBuffer(2, Disposal.NONE);
        Waiters.Started consumer = Waiters.startWaiting(() -> buf.awaitReadable(1));
        buf.close();
        Throwable thrown = consumer.failure();
        assertTrue(thrown instanceof BvecqReleasedException, String.valueOf(thrown));
    }

    @Test
    void badArgumentsAreRejected() {
        try (RollingBuffer buf = new RollingBuffer(2, Disposal.NONE)) {
            assertThrows(IllegalArgumentException.class, () -> buf.awaitReadable(0));
            assertThrows(IllegalArgumentException.class, () -> buf.awaitReadable(1, -1, TimeUnit.SECONDS));
            assertThrows(NullPointerException.class, () -> buf.awaitReadable(1, 1, null));
            assertThrows(NullPointerException.class, () -> buf.consume(null, 0));
        }
    }

    @Test
    void aProducerAndAConsumerThreadMoveEveryByteInOrder() throws Exception {
        int total = 200_000;
        MemorySegment data = MemorySegment.ofArray(new byte[total]);
        for (int i = 0; i < total; i++) {
            data.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31));
        }
        try (RollingBuffer buf = new RollingBuffer(4, Disposal.NONE)) {
            Thread producer = Thread.ofPlatform().start(() -> {
                Random rnd = new Random(5);
                int at = 0;
                while (at < total) {
                    int n = Math.min(total - at, rnd.nextInt(300));
                    buf.append(data, at, n, null);
                    at += n;
                }
                buf.finish();
            });
            byte[] out = new byte[total];
            int got = 0;
            try (BvecqPos reader = buf.openReader()) {
                MemorySegment dst = MemorySegment.ofArray(out);
                for (;;) {
                    long r = buf.awaitReadable(1);
                    if (r < 0) {
                        break;
                    }
                    // copy r bytes slot by slot from the reader's place
                    long left = r;
                    BvecqPos p = new BvecqPos();
                    p.set(reader);
                    while (left > 0) {
                        p.nudge();
                        long len = Math.min(left, p.node().length(p.slot()) - p.offset());
                        MemorySegment.copy(p.node().segment(p.slot()), p.node().offset(p.slot()) + p.offset(), dst, got, len);
                        p.advance(len);
                        got += (int) len;
                        left -= len;
                    }
                    p.close();
                    buf.consume(reader, r);
                    buf.deleteSpent(reader);
                }
            }
            producer.join();
            assertEquals(total, got);
            assertTrue(java.util.Arrays.equals(data.toArray(ValueLayout.JAVA_BYTE), out));
        }
    }
}
