package io.bvecq.netfs;

import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting wrapper of any server: each read or write call asks a {@link Schedule} what to do (pass,
 * transfer only a part, transfer nothing, fail, delay), so tests drive short transfers, errors, latency and
 * out-of-order completion through the engine.
 */
final class FaultyServer implements NetfsServer {
    /** What one call does. */
    record Fault(Kind kind, long keep, int delayMicros) {
        static final Fault PASS = new Fault(Kind.PASS, 0, 0);

        static Fault shortBy(long keep) {
            return new Fault(Kind.SHORT, keep, 0);
        }

        static Fault error() {
            return new Fault(Kind.ERROR, 0, 0);
        }
    }

    /** OVERSHOOT: the transfer moves the iterator further than the bytes it reports, so the engine must revert it. */
    enum Kind { PASS, SHORT, OVERSHOOT, ERROR }

    /** Decides the fault of call number {@code call} (from 0) of a read ({@code write == false}) or write. */
    interface Schedule {
        Fault next(int call, boolean write, long position, long count);
    }

    /** A random schedule: with the given odds a call is short (by a random amount), fails, or is delayed. */
    static Schedule random(long seed, double shortOdds, double errorOdds, double delayOdds) {
        return new Schedule() {
            @Override
            public synchronized Fault next(int call, boolean write, long position, long count) {
                java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + call * 0xBF58476D1CE4E5B9L);
                double x = r.nextDouble();
                int delay = r.nextDouble() < delayOdds ? r.nextInt(300) : 0;
                if (x < errorOdds) {
                    return new Fault(Kind.ERROR, 0, delay);
                }
                if (x < errorOdds + shortOdds && count > 1) {
                    return new Fault(r.nextBoolean() ? Kind.SHORT : Kind.OVERSHOOT, 1 + (long) (r.nextDouble() * (count - 1)),
                            delay);
                }
                return new Fault(Kind.PASS, 0, delay);
            }
        };
    }

    private final NetfsServer inner;
    private final Schedule schedule;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger shorts = new AtomicInteger();
    private final Optional<WritePreparer> preparer;

    FaultyServer(NetfsServer inner, Schedule schedule) {
        this.inner = inner;
        this.schedule = schedule;
        this.preparer = inner.writePreparer();
    }

    @Override
    public Limits readLimits() {
        return inner.readLimits();
    }

    @Override
    public Limits writeLimits() {
        return inner.writeLimits();
    }

    @Override
    public long objectSize() throws IOException {
        return inner.objectSize();
    }

    @Override
    public long read(long position, IoIter dst) throws IOException {
        return call(false, position, dst);
    }

    @Override
    public long write(long position, IoIter src) throws IOException {
        return call(true, position, src);
    }

    private long call(boolean write, long position, IoIter it) throws IOException {
        Fault f = schedule.next(calls.getAndIncrement(), write, position, it.count());
        if (f.delayMicros() > 0) {
            try {
                Thread.sleep(0, 0);
                java.util.concurrent.locks.LockSupport.parkNanos(f.delayMicros() * 1000L);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        switch (f.kind()) {
            case ERROR -> {
                errors.incrementAndGet();
                throw new IOException("injected error at " + position);
            }
            case SHORT -> {
                shorts.incrementAndGet();
                long cut = it.truncate(Math.min(f.keep(), it.count()));
                try {
                    return write ? inner.write(position, it) : inner.read(position, it);
                } finally {
                    it.reexpand(it.count() + cut);
                }
            }
            case OVERSHOOT -> {
                shorts.incrementAndGet();
                long done = write ? inner.write(position, it) : inner.read(position, it);
                return Math.min(done, f.keep());
            }
            default -> {
                return write ? inner.write(position, it) : inner.read(position, it);
            }
        }
    }

    @Override
    public Optional<WritePreparer> writePreparer() {
        return preparer;
    }
}
