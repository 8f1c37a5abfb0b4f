package io.bvecq.extract;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stable-writes hazard and its cure, measured: a mutator thread keeps rewriting the caller's memory
 * while writes of that memory go to a sink that reads the data twice (a checksum pass, then a transfer
 * pass, like a device with integrity checksums, RAID parity or compression). Each trial makes one
 * zero-copy write (the chain describes the caller's memory) and one write as {@link WritePolicy#AUTO}
 * decides it for a stable-writes sink (a {@link Bounce} copy with its fused checksum), and counts the
 * writes whose checksum does not describe the data that landed.
 *
 * <p>Expect mismatches for zero-copy (how many depends on how often the mutator runs between the two
 * passes, so on the machine's load) and none for the bounce: the copy is private, and its fused checksum
 * is taken from the copy. A bounced write whose fused checksum disagrees with the sink's also counts as a
 * mismatch.
 *
 * <p>Threads: {@link #run} starts and stops its own mutator thread; call it from one thread.
 */
public final class StableWritesExperiment {
    /** The buffer size the command and the tests use: 1 MiB. */
    public static final int DEFAULT_BUFFER = 1 << 20;
    private static final int SLOT = 64 << 10;

    private StableWritesExperiment() {
    }

    /**
     * What a run measured.
     *
     * @param trials the trials completed (each one zero-copy and one bounced write); fewer than asked if the
     *     time cap was reached
     * @param zeroCopyMismatches zero-copy writes whose two passes disagreed
     * @param bounceMismatches bounced writes whose two passes, or fused and sink checksums, disagreed
     * @param bounceDecision the decision {@link WritePolicy#AUTO} made for the caller's memory on the
     *     stable-writes sink of the experiment
     * @param mutatorSweeps how many times the mutator rewrote the whole buffer during the run
     * @param elapsed the run's wall time
     */
    public record Result(int trials, int zeroCopyMismatches, int bounceMismatches, WriteDecision bounceDecision,
            long mutatorSweeps, Duration elapsed) {
    }

    /**
     * Runs the experiment.
     *
     * @param trials the trials wanted, {@code 1 <= trials}
     * @param bufferBytes the caller buffer's size, a multiple of 4096, {@code 4096 <= bufferBytes <= 2^30}
     * @param timeCap stop starting trials after this long (at least one trial always runs)
     * @param pool where bounce copies come from; needs room for one buffer
     * @return the counts
     * @throws IllegalArgumentException if {@code trials} or {@code bufferBytes} is out of range, or
     *     {@code timeCap} is negative
     * @throws NullPointerException if {@code timeCap} or {@code pool} is null
     * @throws io.bvecq.PoolExhaustedException if the pool cannot hold a bounce copy
     * @throws InterruptedException if interrupted while stopping the mutator
     */
    public static Result run(int trials, int bufferBytes, Duration timeCap, BufferPool pool) throws InterruptedException {
        Objects.requireNonNull(timeCap, "timeCap");
        Objects.requireNonNull(pool, "pool");
        if (trials < 1) {
            throw new IllegalArgumentException("trials: " + trials + " (expected: trials >= 1)");
        }
        if (bufferBytes < 4096 || bufferBytes > (1 << 30) || bufferBytes % 4096 != 0) {
            throw new IllegalArgumentException("bufferBytes: " + bufferBytes
                    + " (expected: a multiple of 4096, 4096 <= bufferBytes <= " + (1 << 30) + ")");
        }
        if (timeCap.isNegative()) {
            throw new IllegalArgumentException("timeCap: " + timeCap + " (expected: >= 0)");
        }
        SinkProfile sink = new SinkProfile(true, BlastRadius.BAD_APP, 512, 4096);
        long start = System.nanoTime();
        long deadline = start + timeCap.toNanos();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment caller = arena.allocate(bufferBytes, 4096);
            ChecksummingSink device = new ChecksummingSink(arena.allocate(bufferBytes, 4096));
            Mutator mutator = new Mutator(caller);
            Thread t = Thread.ofPlatform().name("stable-writes-mutator").daemon().start(mutator);
            int done = 0;
            int zeroCopyBad = 0;
            int bounceBad = 0;
            WriteDecision decision = null;
            try {
                mutator.awaitFirstSweep();
                while (done < trials && (done == 0 || System.nanoTime() < deadline)) {
                    // zero-copy: the chain describes the caller's memory, which keeps changing
                    Bvecq zc = callerChain(caller);
                    try {
                        if (!device.write(zc)) {
                            zeroCopyBad++;
                        }
                        // what AUTO does with the same memory on a stable-writes sink
                        decision = WritePolicy.AUTO.decide(sink, WriteShape.callerMemory(0, bufferBytes,
                                caller.address() | SLOT));
                        if (decision.strategy() == WriteStrategy.BOUNCE) {
                            BvecqPos pos = BvecqPos.at(zc);
                            Bounce.Copy copy;
                            try {
                                copy = Bounce.copy(pos, bufferBytes, pool);
                            } finally {
                                pos.unset();
                            }
                            try {
                                if (!device.write(copy.head()) || device.lastChecksum() != copy.crc32c()) {
                                    bounceBad++;
                                }
                            } finally {
                                copy.head().release();
                            }
                        } else if (!device.write(zc)) {
                            bounceBad++; // AUTO chose zero-copy: count it against the cure
                        }
                    } finally {
                        zc.release();
                    }
                    done++;
                }
            } finally {
                mutator.stop = true;
                t.join();
            }
            return new Result(done, zeroCopyBad, bounceBad, decision, mutator.sweeps.get(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A NONE chain over the caller's memory in 64 KiB slots: zero-copy, the caller vouches for lifetime. */
    private static Bvecq callerChain(MemorySegment caller) {
        int slots = (int) (caller.byteSize() / SLOT) + 1;
        Bvecq head = Bvecq.allocOne(Math.min(slots, Bvecq.MAX_SLOTS), Disposal.NONE);
        for (long off = 0; off < caller.byteSize(); off += SLOT) {
            head.appendSlot(caller, off, Math.min(SLOT, caller.byteSize() - off), null);
        }
        return head;
    }

    /** Rewrites the whole buffer with a running counter, sweep after sweep, until stopped. */
    private static final class Mutator implements Runnable {
        private final MemorySegment memory;
        final AtomicLong sweeps = new AtomicLong();
        volatile boolean stop;

        Mutator(MemorySegment memory) {
            this.memory = memory;
        }

        @Override
        public void run() {
            long v = 1;
            long size = memory.byteSize();
            while (!stop) {
                for (long off = 0; off < size; off += 8) {
                    memory.set(ValueLayout.JAVA_LONG_UNALIGNED, off, v++);
                }
                sweeps.incrementAndGet(); // volatile write: the sweep's stores are visible to awaitFirstSweep()
            }
        }

        void awaitFirstSweep() {
            while (sweeps.get() == 0 && !stop) {
                Thread.onSpinWait();
            }
        }
    }
}
