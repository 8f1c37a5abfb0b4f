package io.bvecq.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback form allocates (almost) nothing per request in steady state, on the submitting thread and on the
 * reaper. Measured with the JVM's per-thread allocation counter; the bound (24 B on average) leaves room for the lock-queue
 * node a contended {@code ReentrantLock} allocates, not for any per-request object (a request costs well over
 * 64 bytes).
 */
class CallbackAllocationTest {
    @TempDir
    Path dir;

    @Test
    void steadyStateCallbackReadsAllocateNothingPerRequest() throws Exception {
        Path p = dir.resolve("alloc");
        Files.write(p, new byte[1 << 20]);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ArrayBlockingQueue<Integer> free = new ArrayBlockingQueue<>(16); // iterators not in flight, by index
        for (int i = 0; i < 16; i++) {
            free.add(i); // boxes of 0..15 are cached: the attachment allocates nothing
        }
        AtomicLong done = new AtomicLong();
        Completion<Integer> h = new Completion<>() {
            @Override
            public void completed(long result, Integer slot) {
                done.addAndGet(result);
                free.add(slot);
            }

            @Override
            public void failed(IOException error, Integer slot) {
                free.add(slot);
            }
        };
        try (AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 32); Arena a = Arena.ofShared()) {
            MemorySegment mem = a.allocate(16 * 4096L, 4096);
            IoIter[] its = new IoIter[16];
            for (int i = 0; i < 16; i++) {
                its[i] = IoIter.segment(Direction.DEST, mem, i * 4096L, 4096);
            }
            Thread reaper = ((UringEngine) f).reaperThread();
            int rounds = 10_000;
            long me0 = 0;
            long re0 = 0;
            for (int i = 0; i < 2 * rounds; i++) {
                if (i == rounds) { // warmed up: measure the second half
                    me0 = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
                    re0 = mx.getThreadAllocatedBytes(reaper.threadId());
                }
                Integer slot;
                while ((slot = free.poll()) == null) { // poll, not take: a blocked take allocates a wait node
                    Thread.onSpinWait();
                }
                IoIter it = its[slot];
                it.revert(it.consumed());
                f.read(((i * 7L) & 255) * 4096, it, slot, h);
            }
            long me = mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - me0;
            long re = mx.getThreadAllocatedBytes(reaper.threadId()) - re0;
            for (int i = 0; i < 16; i++) {
                assertTrue(free.poll(30, TimeUnit.SECONDS) != null);
            }
            assertEquals(2L * rounds * 4096, done.get());
            System.out.println("allocated per request: submitter " + (double) me / rounds + " B, reaper "
                    + (double) re / rounds + " B");
            assertTrue(me / rounds < 24, "submitting thread allocated " + me + " bytes over " + rounds + " requests");
            assertTrue(re / rounds < 24, "reaper allocated " + re + " bytes over " + rounds + " requests");
        }
    }
}
