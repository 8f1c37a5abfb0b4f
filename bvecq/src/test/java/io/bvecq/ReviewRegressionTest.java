package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Regressions for bugs found in review. */
class ReviewRegressionTest {
    @Test
    void fillEmptySlotRefusesASlotThatAlreadyNamesAnOwner() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Bvecq n = Bvecq.allocOne(2, Disposal.UNPIN);
        n.appendSlot(MemorySegment.NULL, 0, 0, (k, s, o, l) -> first.incrementAndGet());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> n.fillEmptySlot(0, m, 0, 64, (k, s, o, l) -> second.incrementAndGet()));
            assertTrue(e.getMessage().contains("slot: 0"), e.getMessage());
            n.release();
        }
        assertEquals(1, first.get(), "the first owner is disposed exactly once");
        assertEquals(0, second.get());
    }

    @Test
    void positionHotPathsAllocateNothing() throws ReflectiveOperationException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(8 * 4096);
            Bvecq n = Bvecq.allocOne(8, Disposal.NONE);
            for (int i = 0; i < 8; i++) {
                n.appendSlot(m, i * 4096L, 4096, null);
            }
            BvecqPos p = BvecqPos.at(n);
            BvecqPos q = new BvecqPos();
            // reflection: tests compile inside the io.bvecq module, which does not read java.management
            Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes");
            long sink = 0;
            for (int warm = 0; warm < 3; warm++) {
                long before = (long) allocated.invoke(mx);
                for (int i = 0; i < 20_000; i++) {
                    q.set(p);
                    q.advance(100);
                    sink += q.slice(5000, 3);
                    sink += q.remaining();
                    q.nudge();
                    q.advanceAtMost(1000);
                    q.step();
                }
                long bytes = (long) allocated.invoke(mx) - before;
                if (warm == 2) {
                    assertTrue(bytes < 4096, "allocated " + bytes + " bytes in 20,000 rounds (sink " + sink + ")");
                }
            }
            q.unset();
            p.unset();
            n.release();
        }
    }
}
