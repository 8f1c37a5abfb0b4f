package io.bvecq.uring;

import io.bvecq.iter.Iovecs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The engine's ops, kept for its whole life and reused: a table indexed by op id (the user data of the op's
 * SQE) and a free list of ids. The table grows by doubling when the free list runs dry, so a steady load
 * allocates nothing. The iovec arrays live in the engine's arena and are freed with it.
 *
 * <p>Threads: every method under the engine's lock, except {@link #get}, which the reaper also calls for ops
 * it owns (in the kernel's hands or completing); the table only grows under the lock, and an op's slot never
 * changes once it exists, so the reaper reads a table that holds every op it can be given.
 */
final class UringOps {
    private final Arena arena;
    private volatile UringOp[] ops = new UringOp[0];
    private int[] free = new int[0];
    private int nFree;

    UringOps(Arena arena) {
        this.arena = arena;
    }

    /** The op with this id. */
    UringOp get(int id) {
        return ops[id];
    }

    /** Takes a free op for {@code r}, growing the table if none is free. */
    UringOp take(UringRequest r) {
        if (nFree == 0) {
            UringOp[] t = ops;
            int old = t.length;
            int grown = Math.max(16, old * 2);
            t = Arrays.copyOf(t, grown);
            free = Arrays.copyOf(free, grown);
            for (int i = grown - 1; i >= old; i--) {
                t[i] = new UringOp(i);
                free[nFree++] = i;
            }
            ops = t; // volatile: the reaper sees the new ops before it can be given their ids
        }
        UringOp op = ops[free[--nFree]];
        op.req = r;
        return op;
    }

    /** Gives an op back to the free list, forgetting its request. */
    void release(UringOp op) {
        op.clear();
        free[nFree++] = op.id;
    }

    /**
     * Copies the iovecs described in {@code scratch} into the op's own iovec array (grown in the arena when too
     * small), for the kernel to read after the caller's scratch is reused.
     */
    void setIovecs(UringOp op, Iovecs scratch) {
        int n = scratch.size();
        long bytes = (long) n * Iovecs.ENTRY_BYTES;
        if (op.iov.byteSize() < bytes) {
            long cap = Math.max(64, Long.highestOneBit(bytes - 1) << 1);
            op.iov = arena.allocate(Math.min(cap, 1024L * Iovecs.ENTRY_BYTES), 8);
        }
        MemorySegment.copy(scratch.segment(), 0, op.iov, 0, bytes);
        op.iovCount = n;
        op.iovFirst = 0;
    }

    /** Gives back every op of a request: its parts and its unused writeback op. */
    void releaseParts(UringRequest r) {
        for (int i = 0; i < r.nParts; i++) {
            release(ops[r.parts[i]]);
        }
        if (r.writeback != null) {
            release(r.writeback);
        }
    }

    /** The bytes of a request done from its start: whole parts in order, then the first short part's bytes. */
    long prefix(UringRequest r) {
        long n = 0;
        for (int i = 0; i < r.nParts; i++) {
            UringOp op = ops[r.parts[i]];
            if (op.opcode != IoUringAbi.IORING_OP_READV && op.opcode != IoUringAbi.IORING_OP_WRITEV) {
                continue;
            }
            n += op.done;
            if (op.done < op.length) {
                break;
            }
        }
        return n;
    }
}
