package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot paths (advance, revert, both copies, zero, limit, the measures, save/restore, extract into
 * a reused {@link Regions} and fillIovecs into a reused {@link Iovecs}) allocate nothing per call: after a warm-up, thousands of calls leave the
 * thread's allocation counter where it was, give or take a small slack for the counter itself. This
 * measures bytes, not time; the speed is the bench module's business.
 */
class AllocationFreeTest {
    private static final int ROUNDS = 20_000;

    @ParameterizedTest
    @EnumSource(IterType.class)
    void hotPathsAllocateNothingPerCall(IterType type) throws Exception {
        // reflection: the test runs inside the io.bvecq.iter module, which does not read java.management
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
        assumeTrue(sunBean.isInstance(mx));
        assumeTrue((Boolean) sunBean.getMethod("isThreadAllocatedMemoryEnabled").invoke(mx));
        Method allocatedBytes = sunBean.getMethod("getCurrentThreadAllocatedBytes");
        long[] lens = type == IterType.SEGMENT ? new long[] {20000} : new long[] {4096, 0, 1, 4096, 3000, 4096, 7, 4096};
        try (Layout l = Layout.simple(3, lens); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(20000);
            Direction dir = type == IterType.DISCARD ? Direction.DEST : Direction.SOURCE;
            try (IoIter src = l.make(type, dir, 0, l.total()); IoIter dst = l.make(type, Direction.DEST, 0, l.total())) {
                Regions regions = new Regions(4);
                Iovecs iov = new Iovecs(4);
                IterState state = new IterState();
                long sink = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    sink += round(src, dst, buf, regions, iov, state, type);
                }
                long before = (Long) allocatedBytes.invoke(mx);
                for (int i = 0; i < ROUNDS; i++) {
                    sink += round(src, dst, buf, regions, iov, state, type);
                }
                long allocated = (Long) allocatedBytes.invoke(mx) - before;
                assertTrue(allocated < 2048, type + ": " + allocated + " bytes allocated over " + ROUNDS
                        + " rounds (sink " + sink + ")");
            }
        }
    }

    private static long round(IoIter src, IoIter dst, MemorySegment buf, Regions regions, Iovecs iov, IterState state,
            IterType type) {
        long s = 0;
        src.save(state);
        src.advance(5000);
        src.revert(4000);
        if (src.direction() == Direction.SOURCE) {
            s += src.copyFromIter(buf, 0, 9000);
        }
        s += src.limit(100, 10000, 3);
        s += src.alignment() + src.gapAlignment() + src.npages(100) + src.singleSegCount();
        if (type != IterType.DISCARD) {
            s += src.extract(8000, 4, regions) + src.extractPages(8000, 4, regions);
        }
        if (src.allNative() && type != IterType.DISCARD) {
            s += src.fillIovecs(8000, iov);
        }
        src.restore(state);
        s += dst.copyToIter(buf, 0, 9000) + dst.zero(100);
        dst.revert(dst.consumed());
        return s;
    }
}
