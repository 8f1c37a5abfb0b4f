package io.bvecq.uring;

import static io.bvecq.uring.IoUringAbi.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.bvecq.io.IoErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance: its descriptor, the submission ring, the completion ring and the SQE array, all
 * mmapped from the kernel (one mapping for both rings where {@code IORING_FEAT_SINGLE_MMAP} says so).
 *
 * <pre>
 *   SQ ring: head (kernel moves) | tail (we move) | array[sqEntries] -&gt; index into SQEs
 *   SQEs:    [ sqe 0 | sqe 1 | ... ]  64 bytes each; we use sqe i for array slot i
 *   CQ ring: head (we move) | tail (kernel moves) | cqes[cqEntries]  16 bytes each
 * </pre>
 *
 * <h2>Memory ordering</h2>
 * The rings are shared with the kernel, which is the other party of every pair below. Each crossing goes
 * through one named helper; all other ring accesses are plain and belong to one side only.
 * <table class="striped">
 *   <caption>Which store pairs with which load</caption>
 *   <thead><tr><th>this side</th><th>kernel side</th><th>what it orders</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #sqTailRelease}: write the SQE, then the array slot, then release-store the SQ tail</td>
 *       <td>acquire-load of the SQ tail ({@code smp_load_acquire(&amp;rings->sq.tail)}) before reading the
 *       array slot and SQE</td><td>the kernel sees the whole SQE</td></tr>
 *   <tr><td>{@link #sqHeadAcquire}: acquire-load of the SQ head before reusing a slot</td>
 *       <td>release-store of the SQ head after it has read the SQEs ({@code smp_store_release})</td>
 *       <td>a slot is rewritten only after the kernel has read it</td></tr>
 *   <tr><td>{@link #cqTailAcquire}: acquire-load of the CQ tail, then read the CQEs up to it</td>
 *       <td>write the CQE, then release-store the CQ tail</td><td>we see every CQE the tail covers</td></tr>
 *   <tr><td>{@link #cqHeadRelease}: read the CQEs, then release-store the CQ head</td>
 *       <td>acquire-load of the CQ head before overwriting a CQE</td>
 *       <td>a CQE is overwritten only after we have read it</td></tr>
 *   <tr><td>{@link #sqFlagsAfterFence}: full fence between the SQ tail store and the SQ flags load</td>
 *       <td>the SQPOLL thread sets {@code IORING_SQ_NEED_WAKEUP}, full barrier, re-reads the tail</td>
 *       <td>with SQPOLL, either the poller sees the new tail or we see that it sleeps. This engine does not
 *       set up SQPOLL; the helper documents the rule for when it does</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Threads: the SQ side ({@link #prepare}, {@link #sqTailRelease}) is used under the engine's submission
 * lock; the CQ side ({@link #cqTailAcquire}, {@link #cqe}, {@link #cqHeadRelease}) only by the reaper.
 * {@link #close()} must run after both have stopped; it unmaps the rings and closes the descriptor.
 */
final class Ring implements AutoCloseable {
    private static final VarHandle INT = JAVA_INT.varHandle();

    final int fd;
    final int sqEntries;
    final int cqEntries;
    final int features;
    private final int sqMask;
    private final int cqMask;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqHeadOff;
    private final long sqTailOff;
    private final long sqFlagsOff;
    private final long sqArrayOff;
    private final long cqHeadOff;
    private final long cqTailOff;
    private final long cqesOff;
    private boolean closed;
    /** The descriptors registered with IORING_REGISTER_FILES, by index; empty if none. */
    private int[] registeredFds = new int[0];

    private Ring(int fd, int sqEntries, int cqEntries, int features, MemorySegment sqRing, MemorySegment cqRing,
            MemorySegment sqes, MemorySegment params) {
        this.fd = fd;
        this.sqEntries = sqEntries;
        this.cqEntries = cqEntries;
        this.features = features;
        this.sqRing = sqRing;
        this.cqRing = cqRing;
        this.sqes = sqes;
        this.sqHeadOff = params.get(JAVA_INT, P_SQ_OFF + SQ_OFF_HEAD);
        this.sqTailOff = params.get(JAVA_INT, P_SQ_OFF + SQ_OFF_TAIL);
        this.sqFlagsOff = params.get(JAVA_INT, P_SQ_OFF + SQ_OFF_FLAGS);
        this.sqArrayOff = params.get(JAVA_INT, P_SQ_OFF + SQ_OFF_ARRAY);
        this.sqMask = sqRing.get(JAVA_INT, params.get(JAVA_INT, P_SQ_OFF + SQ_OFF_RING_MASK));
        this.cqHeadOff = params.get(JAVA_INT, P_CQ_OFF + CQ_OFF_HEAD);
        this.cqTailOff = params.get(JAVA_INT, P_CQ_OFF + CQ_OFF_TAIL);
        this.cqesOff = params.get(JAVA_INT, P_CQ_OFF + CQ_OFF_CQES);
        this.cqMask = cqRing.get(JAVA_INT, params.get(JAVA_INT, P_CQ_OFF + CQ_OFF_RING_MASK));
    }

    /**
     * Sets up a ring of at least {@code entries} submission entries (the kernel rounds up to a power of two;
     * the completion ring is twice that) and maps it.
     *
     * @param entries {@code 1 <= entries <= 32768}
     * @return the ring
     * @throws IoErrnoException naming {@code io_uring_setup} or {@code mmap} and the errno, e.g. {@code ENOSYS}
     *     without io_uring, {@code EPERM} when {@code kernel.io_uring_disabled} or seccomp forbids it
     */
    static Ring setup(int entries) throws IoErrnoException {
        if (entries < 1 || entries > 32768) {
            throw new IllegalArgumentException("entries: " + entries + " (expected: 1 <= entries <= 32768)");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PARAMS_SIZE, 8);
            int fd = UringSyscalls.setup(entries, p);
            if (fd < 0) {
                throw new IoErrnoException("io_uring_setup", -fd, "io_uring", 0, 0, 0);
            }
            boolean success = false;
            MemorySegment sq = MemorySegment.NULL;
            MemorySegment cq = MemorySegment.NULL;
            MemorySegment sqes = MemorySegment.NULL;
            try {
                int sqEntries = p.get(JAVA_INT, P_SQ_ENTRIES);
                int cqEntries = p.get(JAVA_INT, P_CQ_ENTRIES);
                int features = p.get(JAVA_INT, P_FEATURES);
                long sqSize = p.get(JAVA_INT, P_SQ_OFF + SQ_OFF_ARRAY) + 4L * sqEntries;
                long cqSize = p.get(JAVA_INT, P_CQ_OFF + CQ_OFF_CQES) + (long) CQE_SIZE * cqEntries;
                boolean single = (features & IORING_FEAT_SINGLE_MMAP) != 0;
                if (single) {
                    sqSize = Math.max(sqSize, cqSize);
                }
                int[] err = new int[1];
                sq = map(sqSize, fd, IORING_OFF_SQ_RING, err);
                cq = single ? sq : map(cqSize, fd, IORING_OFF_CQ_RING, err);
                sqes = map((long) SQE_SIZE * sqEntries, fd, IORING_OFF_SQES, err);
                Ring r = new Ring(fd, sqEntries, cqEntries, features, sq, cq, sqes, p);
                success = true;
                return r;
            } finally {
                if (!success) {
                    if (sqes.address() != 0) {
                        UringSyscalls.munmap(sqes);
                    }
                    if (cq.address() != 0 && cq.address() != sq.address()) {
                        UringSyscalls.munmap(cq);
                    }
                    if (sq.address() != 0) {
                        UringSyscalls.munmap(sq);
                    }
                    UringSyscalls.close(fd);
                }
            }
        }
    }

    private static MemorySegment map(long len, int fd, long off, int[] err) throws IoErrnoException {
        MemorySegment m = UringSyscalls.mmap(len, fd, off, err);
        if (m.address() == 0) {
            throw new IoErrnoException("mmap", err[0], "io_uring", off, len, 0);
        }
        return m;
    }

    /**
     * Registers descriptors with the ring ({@code IORING_REGISTER_FILES}); afterwards {@link #prepare} sends SQEs
     * for them by index with {@code IOSQE_FIXED_FILE}. Call before any SQE is prepared, once.
     *
     * @param fds the descriptors, each {@code >= 0}
     * @return 0, or {@code -errno} if the kernel refused (nothing changes then)
     */
    int registerFiles(int... fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocate(4L * fds.length, 4);
            for (int i = 0; i < fds.length; i++) {
                arr.setAtIndex(JAVA_INT, i, fds[i]);
            }
            int r = UringSyscalls.register(fd, IORING_REGISTER_FILES, arr.address(), fds.length);
            if (r >= 0) {
                registeredFds = fds.clone();
                return 0;
            }
            return r;
        }
    }

    /** How many descriptors are registered. */
    int registeredFiles() {
        return registeredFds.length;
    }

    /** Whether the kernel keeps completions that do not fit in the CQ ring instead of dropping them. */
    boolean noDrop() {
        return (features & IORING_FEAT_NODROP) != 0;
    }

    /** Whether the two rings share one mapping. */
    boolean singleMmap() {
        return cqRing.address() == sqRing.address();
    }

    // ------------------------------------------------------------------------------------------------
    // Submission side (under the engine's lock)

    /**
     * Writes the SQE for ring position {@code tail} (plain stores; published by {@link #sqTailRelease}).
     * The array slot maps the position to the SQE of the same index.
     */
    void prepare(int tail, byte opcode, int fd, long off, long addr, int len, int opFlags, long userData,
            int bufIndex) {
        int idx = tail & sqMask;
        long b = (long) idx * SQE_SIZE;
        sqes.asSlice(b, SQE_SIZE).fill((byte) 0);
        sqes.set(JAVA_BYTE, b + SQE_OPCODE, opcode);
        for (int i = 0; i < registeredFds.length; i++) {
            if (registeredFds[i] == fd && fd >= 0) { // a registered file: its index, and no fget/fput per request
                fd = i;
                sqes.set(JAVA_BYTE, b + SQE_FLAGS, IOSQE_FIXED_FILE);
                break;
            }
        }
        sqes.set(JAVA_INT, b + SQE_FD, fd);
        sqes.set(JAVA_LONG, b + SQE_OFF, off);
        sqes.set(JAVA_LONG, b + SQE_ADDR, addr);
        sqes.set(JAVA_INT, b + SQE_LEN, len);
        sqes.set(JAVA_INT, b + SQE_OP_FLAGS, opFlags);
        sqes.set(JAVA_LONG, b + SQE_USER_DATA, userData);
        sqes.set(JAVA_SHORT, b + SQE_BUF_INDEX, (short) bufIndex);
        sqRing.setAtIndex(JAVA_INT, sqArrayOff / 4 + idx, idx);
    }

    /**
     * Publishes the SQEs up to {@code tail}.
     * release: SQE and array-slot writes before the tail; pairs with the kernel's acquire-load of the SQ tail
     * in {@code io_submit_sqes}.
     */
    void sqTailRelease(int tail) {
        INT.setRelease(sqRing, sqTailOff, tail);
    }

    /**
     * The kernel's SQ head: the positions before it have been consumed and may be reused.
     * acquire: pairs with the kernel's release-store of the SQ head after it has read the SQEs.
     */
    int sqHeadAcquire() {
        return (int) INT.getAcquire(sqRing, sqHeadOff);
    }

    /** The number of submission entries. */
    int sqCapacity() {
        return sqEntries;
    }

    /**
     * The SQ flags after a full fence that orders them after our tail store. Only needed with SQPOLL, where
     * {@code IORING_SQ_NEED_WAKEUP} tells that the poller sleeps; pairs with the poller setting the flag, full
     * barrier, re-reading the tail.
     */
    int sqFlagsAfterFence() {
        VarHandle.fullFence();
        return (int) INT.getVolatile(sqRing, sqFlagsOff);
    }

    // ------------------------------------------------------------------------------------------------
    // Completion side (reaper only)

    /**
     * The kernel's CQ tail: CQEs before it are written.
     * acquire: pairs with the kernel's release-store of the CQ tail after writing the CQE.
     */
    int cqTailAcquire() {
        return (int) INT.getAcquire(cqRing, cqTailOff);
    }

    /** Our CQ head (we are its only writer, so a plain load). */
    int cqHead() {
        return cqRing.get(JAVA_INT, cqHeadOff);
    }

    /** The user data of the CQE at position {@code head}. */
    long cqeUserData(int head) {
        return cqRing.get(JAVA_LONG, cqesOff + (long) (head & cqMask) * CQE_SIZE + CQE_USER_DATA);
    }

    /** The result of the CQE at position {@code head}. */
    int cqeRes(int head) {
        return cqRing.get(JAVA_INT, cqesOff + (long) (head & cqMask) * CQE_SIZE + CQE_RES);
    }

    /**
     * Hands the CQEs before {@code head} back to the kernel.
     * release: our CQE reads before the head store; pairs with the kernel's acquire-load of the CQ head before
     * it overwrites a CQE.
     */
    void cqHeadRelease(int head) {
        INT.setRelease(cqRing, cqHeadOff, head);
    }

    /** Unregisters the files, unmaps the rings and closes the descriptor; once. The kernel must be done with every request. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registeredFds.length > 0) {
            // now, not in the ring's teardown: the kernel frees a closed ring's resources in a worker after the
            // close returns (even after the process exits), and until then a registered file stays open, so
            // an unlinked file's space would not be freed when the caller believes it closed everything
            UringSyscalls.register(fd, IORING_UNREGISTER_FILES, 0, 0);
            registeredFds = new int[0];
        }
        UringSyscalls.munmap(sqes);
        if (!singleMmap()) {
            UringSyscalls.munmap(cqRing);
        }
        UringSyscalls.munmap(sqRing);
        UringSyscalls.close(fd);
    }

    @Override
    public String toString() {
        return "Ring[fd=" + fd + ", sqEntries=" + sqEntries + ", cqEntries=" + cqEntries + ", features=0x"
                + Integer.toHexString(features) + ", singleMmap=" + singleMmap() + "]";
    }
}
