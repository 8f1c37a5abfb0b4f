package io.bvecq.uring;

import io.bvecq.iter.Iovecs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One SQE's worth of a request: a part of at most {@code IOV_MAX} iovecs at a file offset, or a sync. The
 * engine keeps its ops for its whole life and reuses them; an op's user data in the ring is its {@link #id}.
 *
 * <p>Ownership: the iovec array is native memory of the engine's arena, written only while the op is not in
 * the kernel's hands (before submission, and by the reaper between a short completion and its resubmission),
 * and freed only when the engine closes, after every request has completed.
 *
 * <p>Threads: prepared by the submitting thread under the engine's lock; after submission used only by the
 * reaper until its request completes.
 */
final class UringOp {
    final int id;
    UringRequest req;
    byte opcode;
    int fd;
    int opFlags;
    boolean direct;
    /** File offset of the next byte to transfer. */
    long fileOffset;
    /** Bytes of the request before this part. */
    long partStart;
    /** Bytes in this part. */
    long length;
    /** Bytes of this part done. */
    long done;
    int retries;
    /** The registered buffer holding this part's one iovec, or -1: then the SQE is READ_FIXED/WRITE_FIXED. */
    int fixedIndex = -1;
    /** Injected result in place of the kernel's, or 0. */
    int fake;
    /** Injected cap on the bytes reported done, or 0. */
    long shortCap;

    MemorySegment iov = MemorySegment.NULL;
    int iovCount;
    int iovFirst;

    UringOp(int id) {
        this.id = id;
    }

    /** Skips {@code n} bytes at the front of the remaining iovecs, after a short transfer of {@code n}. */
    void consume(long n) {
        while (n > 0) {
            long base = 16L * iovFirst;
            long len = iov.get(ValueLayout.JAVA_LONG, base + 8);
            if (n >= len) {
                n -= len;
                iovFirst++;
            } else {
                iov.set(ValueLayout.JAVA_LONG, base, iov.get(ValueLayout.JAVA_LONG, base) + n);
                iov.set(ValueLayout.JAVA_LONG, base + 8, len - n);
                n = 0;
            }
        }
    }

    /** The io_uring opcode the part goes out with: the FIXED form when its memory is in a registered buffer. */
    byte sqeOpcode() {
        if (fixedIndex < 0) {
            return opcode;
        }
        return opcode == IoUringAbi.IORING_OP_READV ? IoUringAbi.IORING_OP_READ_FIXED : IoUringAbi.IORING_OP_WRITE_FIXED;
    }

    /**
     * Writes this READV/WRITEV part's SQE at {@code tail}: the remaining iovecs, or, when its one iovec lies in
     * a registered buffer, the READ_FIXED/WRITE_FIXED form with that buffer's address and index.
     *
     * @return whether the SQE is a FIXED one
     */
    boolean prepareTransfer(Ring ring, int tail) {
        long at = (long) iovFirst * Iovecs.ENTRY_BYTES;
        if (fixedIndex >= 0) {
            long addr = iov.get(ValueLayout.JAVA_LONG, at);
            int n = (int) iov.get(ValueLayout.JAVA_LONG, at + 8);
            ring.prepare(tail, sqeOpcode(), fd, fileOffset, addr, n, opFlags, id, fixedIndex);
            return true;
        }
        ring.prepare(tail, opcode, fd, fileOffset, iov.address() + at, iovCount - iovFirst, opFlags, id, 0);
        return false;
    }

    /** Forgets the request; the op goes back to the free list. */
    void clear() {
        req = null;
        done = 0;
        retries = 0;
        fake = 0;
        shortCap = 0;
        fixedIndex = -1;
        iovCount = 0;
        iovFirst = 0;
    }
}
