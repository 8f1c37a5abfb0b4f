package io.bvecq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * The lifetime of one {@link Bvecq}: its reference count, the release cascade down the chain, disposal
 * (exactly once, on the thread whose release took the count to 0), the source nodes it keeps alive, and
 * its leak tracker. {@code Bvecq} is the slot queue; everything here is about when its memory goes away.
 *
 * <p>Threads: {@link #retain()}, {@link #release()} and the liveness checks from any thread holding a
 * reference; {@link #attachSource} by the producer only, before the node is shared.
 *
 * @implNote Port of the kernel's {@code bvecq_get()} / {@code bvecq_put()} and the disposal half of
 *     {@code bvecq_free()}.
 */
final class Lifetime {
    private static final VarHandle REF_COUNT;

    static {
        try {
            REF_COUNT = MethodHandles.lookup().findVarHandle(Lifetime.class, "refCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Bvecq node;
    @SuppressWarnings("unused") // accessed through REF_COUNT
    private int refCount;
    private Bvecq[] sources;   // nodes kept alive while this one lives (extracts); released on disposal
    private int nrSources;
    private final LeakDetector.Tracker tracker;

    Lifetime(Bvecq node) {
        this.node = node;
        this.refCount = 1;
        this.tracker = LeakDetector.track(node);
    }

    int refCount() {
        return (int) REF_COUNT.getVolatile(this);
    }

    /** A cheap liveness read for per-node checks: opaque is enough, the count only falls to 0 once. */
    boolean isLiveOpaque() {
        return (int) REF_COUNT.getOpaque(this) > 0;
    }

    int refCountOpaque() {
        return (int) REF_COUNT.getOpaque(this);
    }

    void retain() {
        for (;;) {
            int c = (int) REF_COUNT.getVolatile(this);
            if (c <= 0) {
                throw new BvecqReleasedException(node + " used after release: retain() with refCount=" + c);
            }
            if (c == Integer.MAX_VALUE) {
                throw new IllegalStateException(node + ": refCount overflow (refCount=" + c + ")");
            }
            if (REF_COUNT.compareAndSet(this, c, c + 1)) {
                return;
            }
        }
    }

    /** Keeps {@code source} alive until this node is disposed; the caller checked the arguments. */
    void attachSource(Bvecq source) {
        source.retain();
        if (sources == null) {
            sources = new Bvecq[4];
        } else if (nrSources == sources.length) {
            sources = Arrays.copyOf(sources, nrSources * 2);
        }
        sources[nrSources++] = source;
    }

    /**
     * Drops one reference; on the last, disposes of the node and carries on with the link's reference on
     * the next node, until a node someone else still references. Returns whether this node was disposed.
     */
    boolean release() {
        Bvecq n = node;
        boolean disposedThis = false;
        Throwable failure = null;
        while (n != null) {
            Lifetime life = n.life;
            int c;
            for (;;) {
                c = (int) REF_COUNT.getVolatile(life);
                if (c <= 0) {
                    BvecqReleasedException e = n == node
                            ? new BvecqReleasedException(n + " over-released: release() with refCount=" + c
                                    + " (expected: refCount >= 1)")
                            // a successor whose link reference is already gone: the chain was corrupted
                            : new BvecqReleasedException(n + " over-released through its link from a predecessor: refCount="
                                    + c + " (expected: refCount >= 1)");
                    if (failure != null) {
                        e.addSuppressed(failure); // a slot owner of a node disposed before failed too
                    }
                    throw e;
                }
                if (REF_COUNT.compareAndSet(life, c, c - 1)) {
                    break;
                }
            }
            if (c != 1) {
                break;
            }
            Bvecq next = n.nextAcquireUnchecked(); // n is at refCount 0 now
            failure = life.dispose(failure);
            disposedThis |= n == node;
            n = next;
        }
        rethrow(failure);
        return disposedThis;
    }

    /** Runs once, on the thread whose release took the count to 0. */
    private Throwable dispose(Throwable failure) {
        failure = node.disposeSlots(0, node.nrSlotsAcquireUnchecked(), failure);
        for (int i = 0; i < nrSources; i++) {
            try {
                sources[i].release();
            } catch (Throwable t) {
                failure = addFailure(failure, t);
            }
            sources[i] = null;
        }
        nrSources = 0;
        node.unlinkPrevOnDisposal();
        if (tracker != null) {
            tracker.close();
        }
        // keep the node reachable until its tracker is closed, so the leak detector never sees a disposed
        // node as leaked
        Reference.reachabilityFence(node);
        return failure;
    }

    static Throwable addFailure(Throwable first, Throwable t) {
        if (first == null) {
            return t;
        }
        if (first != t) {
            first.addSuppressed(t);
        }
        return first;
    }

    static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("slot disposal failed", failure);
        }
    }
}
