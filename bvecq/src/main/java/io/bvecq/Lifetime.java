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
 * <p>Layout: the middle class of the node, {@link BvecqSlots} &lt;- {@code Lifetime} &lt;- {@link Bvecq},
 * not an object beside it, so a walk's liveness check reads the node's own fields (no second object, no
 * dependent load per node entered, 32 bytes a node less). Its methods are named apart from {@code Bvecq}'s
 * public ones ({@code retainRef} behind {@code retain()} and so on).
 *
 * <p>Threads: {@link #retainRef()}, {@link #releaseRef()} and the liveness checks from any thread holding a
 * reference; {@link #attachSourceRef} by the producer only, before the node is shared.
 *
 * @implNote Port of the kernel's {@code bvecq_get()} / {@code bvecq_put()} and the disposal half of
 *     {@code bvecq_free()}.
 */
abstract sealed class Lifetime extends BvecqSlots permits Bvecq {
    private static final VarHandle REF_COUNT;

    static {
        try {
            REF_COUNT = MethodHandles.lookup().findVarHandle(Lifetime.class, "refCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through REF_COUNT
    private int refCount;
    private Bvecq[] sources;   // nodes kept alive while this one lives (extracts); released on disposal
    private int nrSources;
    private LeakDetector.Tracker tracker; // set once by the node's constructor, read by dispose()

    Lifetime(int maxSlots, Disposal disposal) {
        super(maxSlots, disposal);
        this.refCount = 1;
    }

    /** The next node, read with acquire and without a liveness check (the cascade runs at refCount 0). */
    abstract Bvecq nextAcquireUnchecked();

    /** On disposal: drops the links that would keep a spent prefix reachable. */
    abstract void unlinkPrevOnDisposal();

    /** Starts the leak tracker; called once by the node's constructor, after its identity is set. */
    final void startTracking() {
        this.tracker = LeakDetector.track((Bvecq) this);
    }

    final int refCountVolatile() {
        return (int) REF_COUNT.getVolatile(this);
    }

    /** A cheap liveness read for per-node checks: opaque is enough, the count only falls to 0 once. */
    final boolean isLiveOpaque() {
        return (int) REF_COUNT.getOpaque(this) > 0;
    }

    final int refCountOpaque() {
        return (int) REF_COUNT.getOpaque(this);
    }

    final void retainRef() {
        for (;;) {
            int c = (int) REF_COUNT.getVolatile(this);
            if (c <= 0) {
                throw new BvecqReleasedException(this + " used after release: retain() with refCount=" + c);
            }
            if (c == Integer.MAX_VALUE) {
                throw new IllegalStateException(this + ": refCount overflow (refCount=" + c + ")");
            }
            if (REF_COUNT.compareAndSet(this, c, c + 1)) {
                return;
            }
        }
    }

    /** Keeps {@code source} alive until this node is disposed; the caller checked the arguments. */
    final void attachSourceRef(Bvecq source) {
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
    final boolean releaseRef() {
        Lifetime n = this;
        boolean disposedThis = false;
        Throwable failure = null;
        while (n != null) {
            int c;
            for (;;) {
                c = (int) REF_COUNT.getVolatile(n);
                if (c <= 0) {
                    BvecqReleasedException e = n == this
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
                if (REF_COUNT.compareAndSet(n, c, c - 1)) {
                    break;
                }
            }
            if (c != 1) {
                break;
            }
            Lifetime next = n.nextAcquireUnchecked(); // n is at refCount 0 now
            failure = n.dispose(failure);
            disposedThis |= n == this;
            n = next;
        }
        rethrow(failure);
        return disposedThis;
    }

    /** Runs once, on the thread whose release took the count to 0. */
    private Throwable dispose(Throwable failure) {
        failure = disposeSlots(0, nrSlotsAcquireUnchecked(), failure);
        for (int i = 0; i < nrSources; i++) {
            try {
                sources[i].release();
            } catch (Throwable t) {
                failure = addFailure(failure, t);
            }
            sources[i] = null;
        }
        nrSources = 0;
        unlinkPrevOnDisposal();
        if (tracker != null) {
            tracker.close();
        }
        // keep the node reachable until its tracker is closed, so the leak detector never sees a disposed
        // node as leaked
        Reference.reachabilityFence(this);
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
