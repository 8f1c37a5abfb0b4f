package io.bvecq.uring;

import static io.bvecq.uring.IoUringAbi.*;

import io.bvecq.BufferPool;
import io.bvecq.BvecqPos;
import io.bvecq.io.FileCapabilities;
import io.bvecq.io.IoErrnoException;
import io.bvecq.io.IoFile;
import io.bvecq.io.SinkProfile;
import io.bvecq.io.WriteDecision;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteRefusedException;
import io.bvecq.io.WriteResult;
import io.bvecq.io.WriteStrategy;
import io.bvecq.io.internal.IoFileAccess;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.Iovecs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The io_uring engine of {@link AsyncFile}: one ring per file, requests split into SQEs of at most
 * {@code IOV_MAX} iovecs, one reaper thread that reaps completions, continues short transfers, resubmits
 * {@code EINTR}/{@code EAGAIN}/{@code ECANCELED} and completes each request once.
 *
 * <pre>
 *   caller: split the iterator into ops (iovecs copied into op memory) --lock--&gt; pending --&gt; SQ ring --enter--&gt;
 *   kernel ... CQ ring --&gt; reaper: op done? short? retry? --&gt; request's last op --&gt; settle, release, report
 * </pre>
 *
 * <h2>Flow control</h2>
 * At most {@code cqEntries} SQEs are in the kernel's hands at once (counted until their CQE is handed back),
 * so the CQ ring never overflows; more wait in {@code pending} and go as completions free room. Submitting
 * never blocks: a caller's ops are queued and the ring is fed from the queue by whoever holds the lock (the
 * caller, or the reaper after a pass). One {@code io_uring_enter} submits everything queued, unless a
 * {@link AsyncFile.Batch} holds submissions back.
 *
 * <h2>Memory safety</h2>
 * An op's iovec array, a request's bounce chunks and its iterator (with the chain reference it holds) are let
 * go only after the request's last CQE. {@link #close()} stops new requests, waits until nothing is in the
 * kernel's hands, then stops the reaper, unmaps the ring and frees the iovec memory.
 *
 * <p>Allocation: with the callback form and native memory, a request in steady state allocates nothing: ops
 * and requests are reused, the iovec scratch is per thread, reaping reads the CQ ring in place.
 */
final class UringEngine implements AsyncFile {
    static final System.Logger LOG = System.getLogger("io.bvecq.uring");
    private static final ThreadLocal<Iovecs> SCRATCH = ThreadLocal.withInitial(() -> new Iovecs(1024));
    private static final long WAKE = -1L;
    private static final int SYNC_RANGE_FLAGS = 1 | 2 | 4; // WAIT_BEFORE | WRITE | WAIT_AFTER
    private static final int RWF_DONTCACHE = 0x80;

    private final IoFile file;
    private final String path;
    private final int fd;
    private final int fdDirect;
    private final FileCapabilities caps;
    private final SinkProfile sink; // made once: a write's decision allocates no profile
    private final Ring ring;
    private final Faults faults;
    private final Arena arena = Arena.ofShared();
    private final Thread reaper;
    private final Batch batch = this::unplug;

    // Guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<UringOp> pending = new ArrayDeque<>();
    private final UringOps ops = new UringOps(arena);
    private final ArrayDeque<UringRequest> freeRequests = new ArrayDeque<>();
    private int sqTail;
    private int inflight;
    private final FixedBuffers fixed;
    private long fixedSqes;
    private int plugDepth;
    private int requestsOpen;
    private boolean closing;
    private boolean reaperDone;

    // Reaper only
    private final ArrayDeque<UringOp> again = new ArrayDeque<>();
    private long reaperSqes; // SQEs submitted by the reaper's waiting enter; tests read it after a completion
    private final ArrayDeque<UringRequest> finished = new ArrayDeque<>();

    private UringEngine(IoFile file, Ring ring, Faults faults) {
        this.file = file;
        this.path = file.path();
        this.fd = IoFileAccess.get().fd(file);
        this.fdDirect = IoFileAccess.get().fdDirect(file);
        this.caps = file.capabilities();
        this.sink = caps.sinkProfile();
        this.ring = ring;
        this.faults = faults;
        this.fixed = new FixedBuffers(ring, path);
        this.reaper = new Thread(this::reapLoop, "bvecq-uring-reaper-" + ring.fd);
        this.reaper.setDaemon(true);
    }

    /**
     * Starts an engine on an open file: sets up the ring and the reaper. On failure the file stays open.
     *
     * @throws IoErrnoException naming {@code io_uring_setup} or {@code mmap} where io_uring is unavailable
     */
    static UringEngine start(IoFile file, int entries, Faults faults) throws IoErrnoException {
        Ring ring = Ring.setup(entries);
        int fd = IoFileAccess.get().fd(file);
        int fdDirect = IoFileAccess.get().fdDirect(file);
        int r = fdDirect >= 0 ? ring.registerFiles(fd, fdDirect) : ring.registerFiles(fd);
        if (r < 0) { // registered files save an fget/fput per request; without them requests name the descriptors
            LOG.log(System.Logger.Level.INFO, "bvecq uring: io_uring_register(IORING_REGISTER_FILES) failed with errno "
                    + -r + " on " + file.path() + "; requests use plain descriptors");
        }
        UringEngine e = new UringEngine(file, ring, Objects.requireNonNull(faults, "faults"));
        e.reaper.start();
        return e;
    }

    @Override
    public Engine engine() {
        return Engine.URING;
    }

    @Override
    public String engineReason() {
        return "io_uring";
    }

    @Override
    public IoFile file() {
        return file;
    }

    /** The reaper thread, for tests. */
    Thread reaperThread() {
        return reaper;
    }

    /** The ring, for tests and diagnostics. */
    Ring ring() {
        return ring;
    }

    @Override
    public String toString() {
        return "UringEngine[" + path + ", " + ring + "]";
    }

    // ------------------------------------------------------------------------------------------------
    // Requests

    @Override
    public CompletableFuture<Long> read(long fileOffset, IoIter dst) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        UringRequest r = startRead(fileOffset, dst);
        r.readFuture = f;
        launch(r);
        return f;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> void read(long fileOffset, IoIter dst, A attachment, Completion<? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        UringRequest r = startRead(fileOffset, dst);
        r.handler = (Completion<Object>) handler;
        r.attachment = attachment;
        launch(r);
    }

    @Override
    public CompletableFuture<WriteResult> write(long fileOffset, IoIter src, WritePolicy policy) {
        CompletableFuture<WriteResult> f = new CompletableFuture<>();
        UringRequest r = startWrite(fileOffset, src, false, policy);
        r.writeFuture = f;
        launch(r);
        return f;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> void write(long fileOffset, IoIter src, WritePolicy policy, A attachment,
            Completion<? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        UringRequest r = startWrite(fileOffset, src, false, policy);
        r.handler = (Completion<Object>) handler;
        r.attachment = attachment;
        launch(r);
    }

    @Override
    public CompletableFuture<WriteResult> write(long fileOffset, BvecqPos from, long length, WritePolicy policy) {
        IoIter it = AsyncFiles.chainIter(fileOffset, from, length, policy);
        CompletableFuture<WriteResult> f = new CompletableFuture<>();
        UringRequest r;
        try {
            r = startWrite(fileOffset, it, true, policy);
        } catch (RuntimeException e) {
            it.close();
            throw e;
        }
        r.writeFuture = f;
        launch(r);
        return f;
    }

    @Override
    public CompletableFuture<Void> sync(boolean metadata) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        UringRequest r = startSync(metadata);
        r.syncFuture = f;
        launch(r);
        return f;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> void sync(boolean metadata, A attachment, Completion<? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        UringRequest r = startSync(metadata);
        r.handler = (Completion<Object>) handler;
        r.attachment = attachment;
        launch(r);
    }

    @Override
    public boolean registerBuffers(BufferPool pool) {
        Objects.requireNonNull(pool, "pool");
        long[] regions = pool.slabRegions();
        lock.lock();
        try {
            return fixed.register(regions, pool.allocatedBytes(), faults);
        } finally {
            lock.unlock();
        }
    }

    /** SQEs the reaper submitted with its waiting enter, for tests (seen once a later completion is seen). */
    long reaperSqes() {
        return reaperSqes;
    }

    /** How many SQEs went out as READ_FIXED/WRITE_FIXED, for tests. */
    long fixedSqes() {
        lock.lock();
        try {
            return fixedSqes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Batch batch() {
        lock.lock();
        try {
            plugDepth++;
        } finally {
            lock.unlock();
        }
        return batch;
    }

    private void unplug() {
        lock.lock();
        try {
            if (plugDepth == 0) {
                throw new IllegalStateException("batch closed more often than opened (plugDepth=0)");
            }
            plugDepth--;
            submitLocked();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Building requests (caller's thread)

    private UringRequest startRead(long fileOffset, IoIter dst) {
        AsyncFiles.checkIter(dst, Direction.DEST, "dst");
        AsyncFiles.checkOffset(fileOffset, dst.count());
        UringRequest r = newRequest(UringRequest.READ, fileOffset, dst.count());
        r.iter = dst;
        return r;
    }

    private UringRequest startWrite(long fileOffset, IoIter src, boolean owns, WritePolicy policy) {
        AsyncFiles.checkIter(src, Direction.SOURCE, "src");
        Objects.requireNonNull(policy, "policy");
        AsyncFiles.checkOffset(fileOffset, src.count());
        long a = src.alignment();
        long memAlignment = src.allNative() ? a : a | 1;
        WriteDecision d = policy.decideCallerMemory(sink, fileOffset, src.count(), memAlignment);
        UringRequest r = newRequest(UringRequest.WRITE, fileOffset, src.count());
        r.iter = src;
        r.ownsIter = owns;
        r.decision = d;
        return r;
    }

    private UringRequest startSync(boolean metadata) {
        UringRequest r = newRequest(UringRequest.SYNC, 0, 0);
        r.crc = metadata ? 0 : IORING_FSYNC_DATASYNC; // the fsync flags, kept in an unused field of a sync
        return r;
    }

    private UringRequest newRequest(int kind, long fileOffset, long length) {
        UringRequest r;
        lock.lock();
        try {
            r = freeRequests.pollFirst();
        } finally {
            lock.unlock();
        }
        if (r == null) {
            r = new UringRequest();
        }
        r.kind = kind;
        r.path = path;
        r.fileOffset = fileOffset;
        r.length = length;
        return r;
    }

    /** Splits the request into ops and queues them; failures before submission complete the request at once. */
    private void launch(UringRequest r) {
        IOException early = null;
        try {
            if (r.kind == UringRequest.WRITE && r.decision.isRefused()) {
                early = new WriteRefusedException(r.decision);
            } else if (r.kind == UringRequest.WRITE && r.decision.isFallback()) {
                IoFileAccess.get().noteFallback(file, r.decision);
            }
        } catch (RuntimeException e) {
            recycle(r);
            throw e;
        }
        if (early == null && r.kind != UringRequest.SYNC && r.length == 0) {
            finishNow(r, 0, null);
            return;
        }
        if (early != null) {
            finishNow(r, 0, early);
            return;
        }
        boolean queued = false;
        lock.lock();
        try {
            if (closing) {
                early = new IOException("file closed: " + path);
            } else {
                try {
                    split(r);
                    requestsOpen++;
                    queued = true;
                    submitLocked();
                } catch (RuntimeException e) {
                    if (!queued) {
                        unsplitLocked(r);
                    }
                    throw e;
                }
            }
        } finally {
            lock.unlock();
        }
        if (early != null) {
            finishNow(r, 0, early);
        }
    }

    /** Completes a request that never reached the kernel: releases what it holds, reports, recycles it. */
    private void finishNow(UringRequest r, long result, IOException error) {
        Windows.releaseResources(r, error);
        r.report(result, error);
        recycle(r);
    }

    private void recycle(UringRequest r) {
        r.clear();
        lock.lock();
        try {
            freeRequests.addLast(r);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: turns a request into ops on {@code pending}. On failure, nothing is queued. */
    private void split(UringRequest r) {
        if (r.kind == UringRequest.SYNC) {
            UringOp op = ops.take(r);
            op.opcode = IORING_OP_FSYNC;
            op.fd = fd;
            op.opFlags = (int) r.crc;
            r.crc = -1;
            op.length = 0;
            r.addPart(op);
            r.ledger.begin(1);
            pending.addLast(op);
            return;
        }
        boolean write = r.kind == UringRequest.WRITE;
        IoIter it = r.iter;
        boolean direct;
        int rwFlags = 0;
        if (write) {
            WriteStrategy s = r.decision.strategy();
            direct = s == WriteStrategy.DIRECT || s == WriteStrategy.BOUNCE;
            if (s == WriteStrategy.BOUNCE || !it.allNative()) {
                it = Windows.bounceIn(r, s == WriteStrategy.BOUNCE);
            }
            if (!direct) {
                rwFlags = caps.dontcache() ? RWF_DONTCACHE : 0;
            }
        } else {
            if (!it.allNative()) {
                it = Windows.windowsFor(r);
                r.copyBack = true;
            }
            direct = caps.directIo() && fdDirect >= 0
                    && ((r.fileOffset | r.length) & (caps.dioOffsetAlign() - 1)) == 0
                    && (it.alignment() & (caps.dioMemAlign() - 1)) == 0;
        }
        long align = direct ? Math.max(1, Math.max(caps.dioOffsetAlign(), caps.dioMemAlign())) : 1;
        Iovecs scratch = SCRATCH.get();
        long at = 0;
        try {
            while (at < r.length) {
                long want = r.length - at;
                long n = it.fillIovecs(want, scratch);
                if (n < want && direct) {
                    long whole = n & -align;
                    if (whole == 0) {
                        direct = false; // not one aligned unit fits in IOV_MAX pieces: the rest goes buffered
                        align = 1;
                    } else if (whole != n) {
                        n = it.fillIovecs(whole, scratch);
                    }
                }
                if (n <= 0) {
                    throw new IllegalStateException("iterator described no bytes: " + it + " at " + at);
                }
                UringOp op = ops.take(r);
                op.opcode = write ? IORING_OP_WRITEV : IORING_OP_READV;
                op.direct = direct;
                op.fd = direct ? fdDirect : fd;
                op.opFlags = direct ? 0 : rwFlags;
                op.fileOffset = r.fileOffset + at;
                op.partStart = at;
                op.length = n;
                ops.setIovecs(op, scratch);
                if (scratch.size() == 1) {
                    op.fixedIndex = fixed.indexOf(scratch.address(0), n);
                }
                r.addPart(op);
                it.advance(n);
                at += n;
            }
        } finally {
            if (at > 0) {
                it.revert(at);
            }
        }
        if (write && !direct) {
            UringOp wb = ops.take(r);
            wb.opcode = IORING_OP_SYNC_FILE_RANGE;
            wb.fd = fd;
            wb.opFlags = SYNC_RANGE_FLAGS;
            wb.fileOffset = r.fileOffset;
            wb.length = 0;
            r.writeback = wb;
        }
        r.ledger.begin(r.nParts);
        for (int i = 0; i < r.nParts; i++) {
            pending.addLast(ops.get(r.parts[i]));
        }
    }

    /** Under the lock: gives back the ops of a request that failed while being split (none was queued). */
    private void unsplitLocked(UringRequest r) {
        ops.releaseParts(r);
        Windows.releaseResources(r, null);
        r.clear();
        freeRequests.addLast(r);
    }

    // ------------------------------------------------------------------------------------------------
    // Submission (under the lock)

    /**
     * Moves pending ops into the SQ ring while there is room, then (unless batched) enters the kernel once. It
     * enters on the reaper thread too: a completion handler's next request goes to the device at once. Holding
     * it for the reaper's next wait saved a system call per request, but a batch the size of the whole queue
     * then reached the block layer under one plug, and the device waited for the last of it (4 KiB random reads
     * at queue depth 8 went from about 80,000 to about 114,000 IOPS when the hold was removed).
     */
    private void submitLocked() {
        while (true) {
            int added = 0;
            while (!pending.isEmpty() && inflight < ring.cqEntries && sqTail - ring.sqHeadAcquire() < ring.sqEntries) {
                writeSqe(pending.pollFirst(), sqTail);
                sqTail++;
                inflight++;
                added++;
            }
            if (added > 0) {
                ring.sqTailRelease(sqTail);
            }
            if (plugDepth > 0) {
                return; // batched: the batch's close submits
            }
            int unsubmitted = sqTail - ring.sqHeadAcquire();
            if (unsubmitted == 0) {
                return;
            }
            int r = UringSyscalls.enter(ring.fd, unsubmitted, 0, 0);
            if (r < 0) {
                if (r == -EINTR || r == -EAGAIN || r == -EBUSY) {
                    return; // the reaper submits them on its next pass
                }
                throw new IllegalStateException("io_uring_enter: errno " + -r + " on " + ring);
            }
            if (pending.isEmpty() || inflight >= ring.cqEntries) {
                return;
            }
        }
    }

    private void writeSqe(UringOp op, int tail) {
        long len = op.length - op.done;
        int plan = faults.plan(op.opcode, op.fileOffset, len);
        if (plan < 0) {
            op.fake = plan;
            ring.prepare(tail, IORING_OP_NOP, -1, 0, 0, 0, 0, op.id, 0);
            return;
        }
        op.shortCap = plan;
        switch (op.opcode) {
            case IORING_OP_FSYNC -> ring.prepare(tail, IORING_OP_FSYNC, op.fd, 0, 0, 0, op.opFlags, op.id, 0);
            case IORING_OP_SYNC_FILE_RANGE -> {
                UringRequest r = op.req;
                int n = r.length > 0xFFFF_FFFFL ? 0 : (int) r.length; // 0: to the end of the file
                ring.prepare(tail, IORING_OP_SYNC_FILE_RANGE, op.fd, r.fileOffset, 0, n, op.opFlags, op.id, 0);
            }
            default -> {
                if (op.prepareTransfer(ring, tail)) {
                    fixedSqes++;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reaping (reaper thread)

    private void reapLoop() {
        try {
            while (true) {
                int head = ring.cqHead();
                int tail = ring.cqTailAcquire();
                int reaped = tail - head;
                for (; head != tail; head++) {
                    long ud = ring.cqeUserData(head);
                    if (ud != WAKE) {
                        onCqe(ops.get((int) ud), ring.cqeRes(head));
                    }
                }
                if (reaped > 0) {
                    ring.cqHeadRelease(tail);
                }
                int toSubmit;
                lock.lock();
                try {
                    inflight -= reaped;
                    while (!again.isEmpty()) {
                        pending.addLast(again.pollFirst());
                    }
                    for (int k = finished.size(); k > 0; k--) { // rotate, not iterate: an iterator is an allocation
                        UringRequest r = finished.pollFirst();
                        finished.addLast(r);
                        ops.releaseParts(r);
                        requestsOpen--;
                    }
                    if (!pending.isEmpty() || sqTail != ring.sqHeadAcquire()) {
                        submitLocked();
                    }
                    if (closing && inflight == 0 && pending.isEmpty() && finished.isEmpty()) {
                        reaperDone = true;
                        return;
                    }
                    toSubmit = plugDepth > 0 ? 0 : sqTail - ring.sqHeadAcquire();
                } finally {
                    lock.unlock();
                }
                if (!finished.isEmpty()) {
                    for (int k = finished.size(); k > 0; k--) {
                        UringRequest r = finished.pollFirst();
                        complete(r);
                        finished.addLast(r);
                    }
                    lock.lock();
                    try {
                        UringRequest r;
                        while ((r = finished.pollFirst()) != null) {
                            freeRequests.addLast(r);
                        }
                    } finally {
                        lock.unlock();
                    }
                    continue;
                }
                if (reaped == 0) {
                    int r = UringSyscalls.enter(ring.fd, toSubmit, 1, IORING_ENTER_GETEVENTS);
                    reaperSqes += Math.max(r, 0);
                    if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) {
                        LOG.log(System.Logger.Level.ERROR, "bvecq uring: io_uring_enter failed, errno " + -r);
                        LockSupport.parkNanos(1_000_000L);
                    }
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "bvecq uring: reaper died on " + ring, t);
            lock.lock();
            try {
                reaperDone = true;
            } finally {
                lock.unlock();
            }
        }
    }

    /** One completion of one op: continue, retry, or count the part done. */
    private void onCqe(UringOp op, int res) {
        UringRequest r = op.req;
        if (op.fake != 0) {
            res = op.fake;
            op.fake = 0;
        } else if (op.shortCap > 0 && res > op.shortCap) {
            res = (int) op.shortCap;
        }
        if (res == -EINTR || res == -EAGAIN || res == -ECANCELED) {
            if (op.retries++ < IoFile.MAX_RETRIES) {
                again.addLast(op);
                return;
            }
            r.fail(opName(op.sqeOpcode()), -res);
            partDone(r);
            return;
        }
        if (res < 0) {
            r.fail(opName(op.sqeOpcode()), -res);
            partDone(r);
            return;
        }
        if (op.opcode == IORING_OP_FSYNC || op.opcode == IORING_OP_SYNC_FILE_RANGE) {
            partDone(r);
            return;
        }
        if (res == 0) {
            if (op.opcode == IORING_OP_READV) {
                partDone(r); // end of file
            } else if (op.retries++ < IoFile.MAX_RETRIES) {
                again.addLast(op);
            } else {
                r.fail(opName(op.sqeOpcode()), 0);
                partDone(r);
            }
            return;
        }
        op.retries = 0;
        op.done += res;
        if (op.done >= op.length) {
            partDone(r);
            return;
        }
        // short transfer: continue from where it stopped; a direct one that stopped off the alignment goes buffered
        op.consume(res);
        op.fileOffset += res;
        long align = Math.max(1, Math.max(caps.dioOffsetAlign(), caps.dioMemAlign()));
        if (op.direct && (op.done & (align - 1)) != 0) {
            op.direct = false;
            op.fd = fd;
            op.opFlags = caps.dontcache() ? RWF_DONTCACHE : 0;
        }
        again.addLast(op);
    }

    private void partDone(UringRequest r) {
        if (r.writeback != null && r.errOp == null && r.ledger.outstanding() == 1) {
            // every part reached the page cache: now write the range back, so its errors come to this request
            UringOp wb = r.writeback;
            r.writeback = null;
            r.addPart(wb);
            r.ledger.add(1);
            again.addLast(wb);
            r.ledger.partDone();
            return;
        }
        if (!r.ledger.partDone()) {
            return;
        }
        r.done = ops.prefix(r); // now: the ops go back to the free list before complete() runs
        finished.addLast(r);
    }

    /** Settles, releases and reports a finished request (reaper, outside the lock). */
    private void complete(UringRequest r) {
        IOException error = null;
        long done = r.done;
        if (r.errOp != null) {
            long bytes = r.kind == UringRequest.WRITE && r.errOp.equals(opName(IORING_OP_SYNC_FILE_RANGE)) ? r.length
                    : done;
            error = new IoErrnoException(r.errOp, r.errno, r.path, r.fileOffset, r.length, bytes);
            done = bytes;
        }
        Windows.settle(r, done, error);
        Windows.releaseResources(r, error);
        r.report(done, error);
        r.clear(); // the reaper puts it back on the free list with the others of its pass
    }

    // ------------------------------------------------------------------------------------------------
    // Closing

    /**
     * Stops new requests, waits until every request has completed and nothing is in the kernel's hands, stops
     * the reaper, unmaps the ring, frees the iovec memory and closes the file. Must not be called from a
     * completion handler (it would wait for itself).
     */
    @Override
    public void close() throws IOException {
        if (Thread.currentThread() == reaper) {
            throw new IllegalStateException("AsyncFile.close() called from a completion handler of " + path);
        }
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            plugDepth = 0;
            // a NOP to wake the reaper from its wait; it counts as in flight until reaped. With the SQ full there
            // are SQEs in flight already, whose completions wake it.
            if (!reaperDone && sqTail - ring.sqHeadAcquire() < ring.sqEntries) {
                ring.prepare(sqTail, IORING_OP_NOP, -1, 0, 0, 0, 0, WAKE, 0);
                sqTail++;
                inflight++;
                ring.sqTailRelease(sqTail);
            }
            submitLocked();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                reaper.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        lock.lock();
        try {
            if (inflight != 0) {
                // the reaper died with requests in the kernel's hands: the memory must outlive them, so leak it
                LOG.log(System.Logger.Level.ERROR, "bvecq uring: closing " + path + " with " + inflight
                        + " SQEs in flight after the reaper died; their memory is left mapped");
                file.close();
                return;
            }
        } finally {
            lock.unlock();
        }
        ring.close();
        arena.close();
        file.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Requests accepted and not yet completed, for tests. */
    int requestsOpen() {
        lock.lock();
        try {
            return requestsOpen;
        } finally {
            lock.unlock();
        }
    }
}
