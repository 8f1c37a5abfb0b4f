package io.bvecq.netfs;

import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A server over a byte[] model of the object. Thread-safe; no faults of its own (wrap it in {@link FaultyServer}). */
class ModelServer implements NetfsServer {
    private byte[] data;
    private long size;
    final Limits rl;
    final Limits wl;
    final WritePreparer preparer;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    ModelServer(byte[] initial, Limits rl, Limits wl, WritePreparer preparer) {
        this.data = initial.clone();
        this.size = initial.length;
        this.rl = rl;
        this.wl = wl;
        this.preparer = preparer;
    }

    synchronized byte[] content() {
        return Arrays.copyOf(data, (int) size);
    }

    @Override
    public Limits readLimits() {
        return rl;
    }

    @Override
    public Limits writeLimits() {
        return wl;
    }

    @Override
    public synchronized long objectSize() {
        return size;
    }

    @Override
    public long read(long position, IoIter dst) throws IOException {
        reads.incrementAndGet();
        byte[] snap;
        long sz;
        synchronized (this) {
            snap = data;
            sz = size;
        }
        long n = Math.max(0, Math.min(dst.count(), sz - position));
        if (n > 0) {
            dst.copyToIter(MemorySegment.ofArray(snap), position, n);
        }
        return n;
    }

    @Override
    public long write(long position, IoIter src) throws IOException {
        writes.incrementAndGet();
        long n = src.count();
        byte[] buf = new byte[(int) n];
        src.copyFromIter(MemorySegment.ofArray(buf), 0, n);
        synchronized (this) {
            long end = position + n;
            if (end > data.length) {
                data = Arrays.copyOf(data, (int) Math.max(end, data.length * 2L));
            }
            System.arraycopy(buf, 0, data, (int) position, (int) n);
            size = Math.max(size, end);
        }
        return n;
    }

    @Override
    public Optional<WritePreparer> writePreparer() {
        return Optional.ofNullable(preparer);
    }
}
