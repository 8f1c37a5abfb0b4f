package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The buffer's steady state allocates nothing: typed writes and reads of 1 MiB across 256 chunks, and a
 * 64 B round trip, taking and returning chunks as they go, leave the thread's allocation counter where it
 * was; with the leak detector off, and at its default (sampled), once every chunk has its tracker (a chunk
 * makes its tracker the first time a take of it is sampled, and keeps it). A paranoid round first gives
 * every chunk the buffer will use its tracker. This measures bytes, not time.
 */
class ChainBufferAllocationTest {
    private static final int ROUNDS = 200;

    @ParameterizedTest
    @EnumSource(value = LeakDetector.Level.class, names = {"DISABLED", "SAMPLED"})
    void typedAndBulkRoundTripsAllocateNothingInSteadyState(LeakDetector.Level measured) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemoryEnabled());
        LeakDetector.Level level = LeakDetector.level();
        try (BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, 8 << 20, false);
                ChainBuffer b = new ChainBuffer(pool)) {
            byte[] bytes = new byte[1 << 20];
            LeakDetector.setLevel(LeakDetector.Level.PARANOID);
            long sink = round(b, bytes); // every chunk used from now on is taken, and tracked, once
            LeakDetector.setLevel(measured);
            for (int i = 0; i < ROUNDS; i++) {
                sink += round(b, bytes);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < ROUNDS; i++) {
                sink += round(b, bytes);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 2048, allocated + " bytes allocated over " + ROUNDS + " rounds at " + measured
                    + " (sink " + sink + ")");
        } finally {
            LeakDetector.setLevel(level);
        }
    }

    private static long round(ChainBuffer b, byte[] bytes) {
        long s = 0;
        for (int i = 0; i < (1 << 17); i++) {
            b.writeLong(i);
        }
        for (int i = 0; i < (1 << 17); i++) {
            s += b.readLong();
        }
        for (int i = 0; i < (1 << 18); i++) {
            b.writeIntLe(i);
        }
        for (int i = 0; i < (1 << 18); i++) {
            s += b.readIntLe();
        }
        for (int off = 0; off < bytes.length; off += 64) {
            b.write(bytes, off, 64);
        }
        b.readFully(bytes);
        return s;
    }
}
