package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteReason;
import io.bvecq.io.WriteStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stable-writes experiment of {@code bvq demo}: zero-copy tears, the shipped bounce ({@code Bounce.copyInto}) does not. */
class StableWritesTortureTest {
    @Test
    void zeroCopyTearsAndBounceDoesNot() throws Exception {
        try (BufferPool pool = BufferPool.create(1 << 16, 4 << 20, false)) {
            StableWritesExperiment.Result r = StableWritesExperiment.run(300, StableWritesExperiment.DEFAULT_BUFFER,
                    Duration.ofSeconds(20), pool);
            System.out.println("stable-writes torture: " + r);
            assertTrue(r.trials() >= 1);
            assertTrue(r.mutatorSweeps() > 0, "the mutator ran");
            // the test is only worth something if it can see the hazard
            assertTrue(r.zeroCopyMismatches() >= 1, "zero-copy must show at least one torn write: " + r);
            assertEquals(0, r.policyMismatches(), "a bounced write is never torn: " + r);
            assertEquals(WriteStrategy.BOUNCE, r.policyDecision().strategy());
            assertEquals(WriteReason.STABLE_WRITES, r.policyDecision().reason());
            assertEquals(0, pool.outstandingChunks(), "every bounce copy was released");
        }
    }

    @Test
    void explicitBounceAndBufferedAreNeverTorn() throws Exception {
        try (BufferPool pool = BufferPool.create(1 << 16, 4 << 20, false)) {
            for (WritePolicy p : new WritePolicy[] {WritePolicy.BOUNCE, WritePolicy.BUFFERED}) {
                StableWritesExperiment.Result r = StableWritesExperiment.run(100, StableWritesExperiment.DEFAULT_BUFFER,
                        Duration.ofSeconds(10), pool, p);
                System.out.println("stable-writes torture, " + p + ": " + r);
                assertEquals(0, r.policyMismatches(), p + ": " + r);
                assertTrue(r.zeroCopyMismatches() >= 1, "the same run shows the hazard: " + r);
            }
        }
    }

    /** The control: a policy that goes zero-copy on this sink must show the hazard in its own column. */
    @Test
    void trustedZeroCopyIsTornToo() throws Exception {
        try (BufferPool pool = BufferPool.create(1 << 16, 4 << 20, false)) {
            StableWritesExperiment.Result r = StableWritesExperiment.run(300, StableWritesExperiment.DEFAULT_BUFFER,
                    Duration.ofSeconds(20), pool, WritePolicy.TRUSTED);
            System.out.println("stable-writes torture, TRUSTED: " + r);
            assertEquals(WriteStrategy.DIRECT, r.policyDecision().strategy());
            assertTrue(r.policyMismatches() >= 1, "zero-copy under TRUSTED tears as well: " + r);
        }
    }

    @Test
    void strictRefusesTheExperiment() {
        try (BufferPool pool = BufferPool.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StableWritesExperiment.run(1, 4096, Duration.ZERO, pool, WritePolicy.STRICT));
            assertTrue(e.getMessage().startsWith("policy: STRICT refuses the write"), e.getMessage());
        }
    }

    @Test
    void badArgumentsAreRejected() {
        try (BufferPool pool = BufferPool.create()) {
            assertEquals("trials: 0 (expected: trials >= 1)", assertThrows(IllegalArgumentException.class,
                    () -> StableWritesExperiment.run(0, 4096, Duration.ZERO, pool)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> StableWritesExperiment.run(1, 4097, Duration.ZERO, pool)).getMessage().startsWith("bufferBytes: 4097"));
            assertThrows(IllegalArgumentException.class, () -> StableWritesExperiment.run(1, 4096, Duration.ofSeconds(-1), pool));
            assertThrows(NullPointerException.class, () -> StableWritesExperiment.run(1, 4096, null, pool));
        }
    }
}
