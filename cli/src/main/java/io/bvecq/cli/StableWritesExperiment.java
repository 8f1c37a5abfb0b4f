package io.bvecq.cli;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.extract.Bounce;
import io.bvecq.extract.Extractor;
import io.bvecq.io.BlastRadius;
import io.bvecq.io.SinkProfile;
import io.bvecq.io.WriteDecision;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteShape;
import io.bvecq.io.WriteStrategy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stable-writes hazard and its cure, measured: a mutator thread keeps rewriting the caller's memory
 * while writes of that memory go to a sink that reads the data twice (a checksum pass, then a transfer
 * pass, like a device with integrity checksums, RAID parity or compression). Each trial makes two writes
 * of the caller's memory, both from an {@link IoIter} over it:
 * <ol>
 *   <li>zero-copy: {@link Extractor} describes the caller's memory (the caller vouching for its lifetime);</li>
 *   <li>as a {@link WritePolicy} decides for this stable-writes sink ({@link BlastRadius#BAD_APP}): for
 *       {@link WritePolicy#AUTO} and {@link WritePolicy#BOUNCE} a {@link Bounce} copy with its fused checksum,
 *       for {@link WritePolicy#BUFFERED} the same copy (standing in for the page cache), for
 *       {@link WritePolicy#TRUSTED} zero-copy again.</li>
 * </ol>
 * It counts the writes whose checksum does not describe the data that landed. Expect mismatches for
 * zero-copy (how many depends on how often the mutator runs between the two passes, so on the machine's
 * load) and none for a copy: the copy is private, and its fused checksum is taken from the copy. A copied
 * write whose fused checksum disagrees with the sink's also counts as a mismatch.
 *
 * <p>Threads: {@link #run} starts and stops its own mutator thread; call it from one thread.
 */
public final class StableWritesExperiment {
    /** The buffer size the command and the tests use: 1 MiB. */
    public static final int DEFAULT_BUFFER = 1 << 20;
    private static final int MAX_SEGS = 64;
    private static final SinkProfile SINK = new SinkProfile(true, BlastRadius.BAD_APP, 512, 4096);

    private StableWritesExperiment() {
    }

    /**
     * What a run measured.
     *
     * @param trials the trials completed (each one zero-copy write and one write as the policy decided);
     *     fewer than asked if the time cap was reached
     * @param zeroCopyMismatches zero-copy writes whose two passes disagreed
     * @param policyMismatches writes made as the policy decided whose two passes, or fused and sink
     *     checksums, disagreed
     * @param policyDecision what the policy decided for the caller's memory on the experiment's
     *     stable-writes sink
     * @param mutatorSweeps how many times the mutator rewrote the whole buffer during the run
     * @param elapsed the run's wall time
     */
    public record Result(int trials, int zeroCopyMismatches, int policyMismatches, WriteDecision policyDecision,
            long mutatorSweeps, Duration elapsed) {
    }

    /**
     * Runs the experiment with {@link WritePolicy#AUTO}, which bounces on this sink.
     *
     * @param trials the trials wanted, {@code 1 <= trials}
     * @param bufferBytes the caller buffer's size, a multiple of 4096, {@code 4096 <= bufferBytes <= 2^30}
     * @param timeCap stop starting trials after this long (at least one trial always runs)
     * @param pool where copies come from; needs room for one buffer
     * @return the counts
     * @throws IllegalArgumentException if {@code trials} or {@code bufferBytes} is out of range, or
     *     {@code timeCap} is negative
     * @throws NullPointerException if {@code timeCap} or {@code pool} is null
     * @throws io.bvecq.PoolExhaustedException if the pool cannot hold a copy
     * @throws InterruptedException if interrupted while stopping the mutator
     */
    public static Result run(int trials, int bufferBytes, Duration timeCap, BufferPool pool) throws InterruptedException {
        return run(trials, bufferBytes, timeCap, pool, WritePolicy.AUTO);
    }

    /**
     * Runs the experiment with a chosen policy for the second write of each trial.
     *
     * @param trials the trials wanted, {@code 1 <= trials}
     * @param bufferBytes the caller buffer's size, a multiple of 4096, {@code 4096 <= bufferBytes <= 2^30}
     * @param timeCap stop starting trials after this long (at least one trial always runs)
     * @param pool where copies come from; needs room for one buffer
     * @param policy any policy but {@link WritePolicy#STRICT}, which refuses every write to this sink
     * @return the counts
     * @throws IllegalArgumentException if {@code trials} or {@code bufferBytes} is out of range,
     *     {@code timeCap} is negative, or the policy refuses the write
     * @throws NullPointerException if {@code timeCap}, {@code pool} or {@code policy} is null
     * @throws io.bvecq.PoolExhaustedException if the pool cannot hold a copy
     * @throws InterruptedException if interrupted while stopping the mutator
     */
    public static Result run(int trials, int bufferBytes, Duration timeCap, BufferPool pool, WritePolicy policy)
            throws InterruptedException {
        Objects.requireNonNull(timeCap, "timeCap");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(policy, "policy");
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
        long start = System.nanoTime();
        long deadline = start + timeCap.toNanos();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment caller = arena.allocate(bufferBytes, 4096);
            WriteDecision decision;
            try (IoIter it = IoIter.segment(Direction.SOURCE, caller)) {
                decision = policy.decide(SINK, WriteShape.callerMemory(0, it.count(), it.alignment()));
            }
            if (decision.isRefused()) {
                throw new IllegalArgumentException("policy: " + policy + " refuses the write (" + decision.text()
                        + "; expected: a policy that writes)");
            }
            ChecksummingSink device = new ChecksummingSink(arena.allocate(bufferBytes, 4096));
            Mutator mutator = new Mutator(caller);
            Thread t = Thread.ofPlatform().name("stable-writes-mutator").daemon().start(mutator);
            int done = 0;
            int zeroCopyBad = 0;
            int policyBad = 0;
            try {
                mutator.awaitFirstSweep();
                while (done < trials && (done == 0 || System.nanoTime() < deadline)) {
                    if (!writeZeroCopy(caller, device, pool)) {
                        zeroCopyBad++;
                    }
                    boolean ok = decision.strategy() == WriteStrategy.DIRECT
                            ? writeZeroCopy(caller, device, pool)
                            : writeCopy(caller, device, pool);
                    if (!ok) {
                        policyBad++;
                    }
                    done++;
                }
            } finally {
                mutator.stop = true;
                t.join();
            }
            return new Result(done, zeroCopyBad, policyBad, decision, mutator.sweeps.get(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The extraction describes the caller's memory, which keeps changing under the sink. */
    private static boolean writeZeroCopy(MemorySegment caller, ChecksummingSink device, BufferPool pool) {
        Bvecq zc;
        try (IoIter it = IoIter.segment(Direction.SOURCE, caller)) {
            zc = Extractor.extract(it, it.count(), MAX_SEGS, null, pool).head();
        }
        try {
            return device.write(zc);
        } finally {
            zc.release();
        }
    }

    /** A private copy with its fused checksum; the sink must agree with both of its passes. */
    private static boolean writeCopy(MemorySegment caller, ChecksummingSink device, BufferPool pool) {
        Bounce.Copy copy;
        try (IoIter it = IoIter.segment(Direction.SOURCE, caller)) {
            copy = Bounce.copy(it, it.count(), pool);
        }
        try {
            return device.write(copy.head()) && device.lastChecksum() == copy.crc32c();
        } finally {
            copy.head().release();
        }
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
