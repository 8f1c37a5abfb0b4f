package io.bvecq;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Reports nodes that became unreachable while still holding references: chains somebody forgot to
 * release, whose memory would otherwise never return to its pool or owner. Pool chunks are tracked the
 * same way from {@link BufferPool#take()} to their last release: a chunk that becomes unreachable while
 * taken is reported like a leaked chain. A pool {@linkplain BufferPool#close() closed} with chunks
 * outstanding is reported too, at the next poll.
 *
 * <p>Tracking a chunk allocates only the first time that chunk's take is sampled: the chunk keeps its
 * tracker for its life, armed while a sampled take holds it and disarmed by its last release. So a pool
 * whose chunks have all been sampled once takes and returns them without allocating, at any level but
 * {@link Level#PARANOID} (which records a stack trace at every take). Such a kept tracker costs about as
 * much memory as the chunk's own bookkeeping object, and goes when the chunk does.
 *
 * <p>Levels, chosen with the system property {@code io.bvecq.leakDetection} ({@code disabled},
 * {@code sampled}, {@code paranoid}) or {@link #setLevel}:
 * <ul>
 *   <li>{@link Level#SAMPLED} (default): about one node in {@code io.bvecq.leakDetection.interval}
 *       (default 128) is tracked; cheap enough for production.</li>
 *   <li>{@link Level#PARANOID}: every node is tracked and its allocation site recorded. The project's tests
 *       run this way, and a leak fails the test.</li>
 *   <li>{@link Level#DISABLED}: nothing is tracked.</li>
 * </ul>
 * A tracked node that is disposed is forgotten before it can become unreachable, so a release racing
 * the garbage collector never produces a false report. Reports go to the {@linkplain #setListener listener}
 * (by default a {@link System.Logger} warning) when the detector next polls: on every tracked allocation,
 * and on {@link #poll()}.
 *
 * <p>Threads: every method may be called from any thread.
 */
public final class LeakDetector {
    /** How much the detector tracks. */
    public enum Level {
        /** Track nothing. */
        DISABLED,
        /** Track a sample of nodes. */
        SAMPLED,
        /** Track every node and record where it was allocated. */
        PARANOID
    }

    /**
     * One leaked node.
     *
     * @param resource what leaked: a node ({@code Bvecq#<id>} with its kind and capacity), a chunk
     *     ({@code PoolChunk#<index>} with its size), or a pool closed with chunks outstanding
     * @param allocationSite where it was allocated, or {@code null} unless the level was {@link Level#PARANOID}
     */
    public record Leak(String resource, Throwable allocationSite) {
        /**
         * Describes the leak in one line.
         *
         * @return {@code "LEAK: Bvecq#12 (FREE, 32 slots) was garbage-collected without release()"}, or
         *     {@code "LEAK: BufferPool[...] closed with 2 chunk(s) outstanding"}
         */
        @Override
        public String toString() {
            return "LEAK: " + resource + (resource.startsWith("BufferPool") ? "" : " was garbage-collected without release()");
        }
    }

    private static final System.Logger LOG = System.getLogger(LeakDetector.class.getName());
    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    private static final Set<Tracker> LIVE = ConcurrentHashMap.newKeySet();
    private static final Queue<Leak> PENDING = new ConcurrentLinkedQueue<>(); // reported, not yet delivered
    private static final Consumer<Leak> LOGGING = leak -> LOG.log(System.Logger.Level.WARNING, leak.toString(),
            leak.allocationSite());
    private static volatile Level level = parseLevel(System.getProperty("io.bvecq.leakDetection", "sampled"));
    private static final int INTERVAL = Math.max(1, Integer.getInteger("io.bvecq.leakDetection.interval", 128));
    private static volatile Consumer<Leak> listener = LOGGING;

    private LeakDetector() {
    }

    private static Level parseLevel(String s) {
        try {
            return Level.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "io.bvecq.leakDetection=" + s
                    + " is not one of disabled, sampled, paranoid; using sampled");
            return Level.SAMPLED;
        }
    }

    /**
     * The current level.
     *
     * @return the level
     */
    public static Level level() {
        return level;
    }

    /**
     * Changes the level for nodes allocated from now on.
     *
     * @param newLevel the level
     * @throws NullPointerException if {@code newLevel} is null
     */
    public static void setLevel(Level newLevel) {
        level = Objects.requireNonNull(newLevel, "newLevel");
    }

    /**
     * Replaces the listener that receives leak reports.
     *
     * @param newListener the listener; {@code null} restores the logging default
     * @return the previous listener
     */
    public static Consumer<Leak> setListener(Consumer<Leak> newListener) {
        Consumer<Leak> old = listener;
        listener = newListener == null ? LOGGING : newListener;
        return old;
    }

    /**
     * Reports every tracked node that the garbage collector has found unreachable since the last poll.
     *
     * @return the number of leaks reported by this call
     */
    public static int poll() {
        int n = 0;
        for (Leak l = PENDING.poll(); l != null; l = PENDING.poll()) {
            listener.accept(l);
            n++;
        }
        for (;;) {
            Reference<?> r = QUEUE.poll();
            if (r == null) {
                return n;
            }
            n += report(r);
        }
    }

    /**
     * Reports one reference taken from the queue if it is still tracked and armed (a node never disposed, a
     * chunk taken and never released); returns 1 if it was. A chunk's disarmed tracker is only forgotten.
     */
    private static int report(Reference<?> r) {
        Tracker t = (Tracker) r;
        if (LIVE.remove(t) && t.armed) {
            listener.accept(new Leak(t.resource, t.site()));
            return 1;
        }
        return 0;
    }

    /**
     * Runs the garbage collector and reports what it finds, waiting up to {@code maxWaitMillis} for the
     * collector to hand over unreachable nodes: until a canary object collected in the same cycle has come
     * through and the queue then stays quiet for 10 ms. With 0 it only polls once after one collection. The leaks found go to the caller only, not to the listener.
     * For tests and diagnostics, not for hot paths.
     *
     * @param maxWaitMillis how long to wait, {@code >= 0}
     * @return the leaks found by this call
     * @throws IllegalArgumentException if {@code maxWaitMillis < 0}
     */
    public static List<Leak> collectNow(long maxWaitMillis) {
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("maxWaitMillis: " + maxWaitMillis + " (expected: >= 0)");
        }
        // other threads' tracked allocations poll too, and report into this list while it is installed
        List<Leak> found = Collections.synchronizedList(new ArrayList<>());
        Consumer<Leak> old = setListener(found::add);
        // The collector hands unreachable references to a background thread, which enqueues them a little
        // later; an empty queue right after System.gc() proves nothing. A canary, unreachable from the
        // start, is discovered in the same collection as the leaked nodes: once it is enqueued, the batch it
        // came with is being enqueued too, and the queue is drained until it stays quiet.
        ReferenceQueue<Object> canaryQueue = new ReferenceQueue<>();
        PhantomReference<Object> canary = new PhantomReference<>(new Object(), canaryQueue);
        try {
            long deadline = System.nanoTime() + maxWaitMillis * 1_000_000L;
            boolean canarySeen = false;
            do {
                System.gc();
                poll();
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                canarySeen = canaryQueue.remove(Math.min(left, 20)) != null;
            } while (!canarySeen);
            while (canarySeen) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                Reference<?> r = left <= 0 ? QUEUE.poll() : QUEUE.remove(Math.min(left, 10));
                if (r == null) {
                    break; // quiet for 10 ms, or out of time
                }
                report(r);
            }
            poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            setListener(old);
            Reference.reachabilityFence(canary);
        }
        synchronized (found) {
            return new ArrayList<>(found);
        }
    }

    /**
     * The number of nodes and taken chunks currently tracked and not yet disposed, released or reported.
     * It walks every tracker: for tests and diagnostics, not for hot paths.
     *
     * @return the count
     */
    public static int tracked() {
        int n = 0;
        for (Tracker t : LIVE) {
            if (t.armed) {
                n++;
            }
        }
        return n;
    }

    static Tracker track(Bvecq node) {
        return sampled() ? track(node, "Bvecq#" + node.id() + " (" + node.disposal() + ", " + node.maxSlots() + " slots)") : null;
    }

    /**
     * Called on every take of a pool chunk: if this take is sampled, arms the chunk's tracker until the
     * chunk's last release ({@link Tracker#disarm}), making the tracker first if the chunk has none yet.
     *
     * @param chunk the chunk just taken
     * @param current the chunk's tracker, or {@code null} if none was made yet
     * @param resource the chunk's name in a report
     * @return the chunk's tracker from now on (still {@code null} if none was made)
     */
    static Tracker trackTake(PoolChunk chunk, Tracker current, String resource) {
        if (!sampled()) {
            return current;
        }
        poll();
        Tracker t = current;
        if (t == null) {
            t = new Tracker(chunk, resource); // kept in LIVE, armed or not, until the chunk is unreachable
            LIVE.add(t);
        }
        t.arm(level == Level.PARANOID ? new Throwable("taken here") : null);
        return t;
    }

    /** Reports a pool closed with chunks outstanding, for delivery at the next poll. */
    static void reportClosedWithOutstanding(BufferPool pool, long chunks) {
        Level l = level;
        if (l != Level.DISABLED) {
            PENDING.add(new Leak(pool + " closed with " + chunks + " chunk(s) outstanding",
                    l == Level.PARANOID ? new Throwable("closed here") : null));
        }
    }

    private static boolean sampled() {
        Level l = level;
        if (l == Level.DISABLED) {
            return false;
        }
        return l == Level.PARANOID || ThreadLocalRandom.current().nextInt(INTERVAL) == 0;
    }

    private static Tracker track(Object referent, String resource) {
        poll();
        Tracker t = new Tracker(referent, resource);
        t.arm(level == Level.PARANOID ? new Throwable("allocated here") : null);
        LIVE.add(t);
        return t;
    }

    /**
     * Follows one node from its allocation, closed on disposal; or one pool chunk for its whole life, armed
     * by each sampled take and disarmed by the release that follows it.
     */
    static final class Tracker extends PhantomReference<Object> {
        final String resource;
        // where the armed node or take was made (paranoid only); written before armed is set, read after
        private Throwable site;
        // reported if the referent becomes unreachable while set; a chunk's tracker is armed and disarmed by
        // its holders, one after another (the chunk's hold count orders them), and read by any poller
        volatile boolean armed;

        Tracker(Object referent, String resource) {
            super(referent, QUEUE);
            this.resource = resource;
        }

        Throwable site() {
            return site;
        }

        void arm(Throwable where) {
            site = where;
            armed = true;
        }

        /** A chunk's last release: no longer a leak candidate, until a sampled take arms it again. */
        void disarm() {
            if (armed) {
                armed = false;
                site = null;
            }
        }

        /** A node's disposal: forgotten for good. */
        void close() {
            armed = false;
            LIVE.remove(this);
            clear();
        }
    }
}
