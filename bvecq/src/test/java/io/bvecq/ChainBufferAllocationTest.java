package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The buffer's steady state allocates nothing: typed writes and reads of 1 MiB across 256 chunks, and a
 * 64 B round trip, taking and returning chunks as they go, leave the thread's allocation counter where it
 * was. The leak detector is off for the measurement: a sampled (or, in tests, paranoid) take allocates its
 * tracker by design. This measures bytes, not time.
 */
class ChainBufferAllocationTest {
    private static final int ROUNDS = 200;

    @Test
    void typedAndBulkRoundTripsAllocateNothingInSteadyState() throws Exception {
        // reflection: the test is compiled into the io.bvecq module, which does not read java.management
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
        assumeTrue(sunBean.isInstance(mx));
        assumeTrue((Boolean) sunBean.getMethod("isThreadAllocatedMemoryEnabled").invoke(mx));
        Method allocatedBytes = sunBean.getMethod("getCurrentThreadAllocatedBytes");
        LeakDetector.Level level = LeakDetector.level();
        LeakDetector.setLevel(LeakDetector.Level.DISABLED);
        try (BufferPool pool = BufferPool.create(BufferPool.PAGE_SIZE, 8 << 20, false);
                ChainBuffer b = new ChainBuffer(pool)) {
            byte[] bytes = new byte[1 << 20];
            long sink = 0;
            for (int i = 0; i < ROUNDS; i++) {
                sink += round(b, bytes);
            }
            long before = (Long) allocatedBytes.invoke(mx);
            for (int i = 0; i < ROUNDS; i++) {
                sink += round(b, bytes);
            }
            long allocated = (Long) allocatedBytes.invoke(mx) - before;
            assertTrue(allocated < 2048, allocated + " bytes allocated over " + ROUNDS + " rounds (sink " + sink + ")");
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
