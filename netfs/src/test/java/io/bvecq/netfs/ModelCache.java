package io.bvecq.netfs;

import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A cache over a byte[] model with a block bitmap; can fail reads or writes on demand. */
final class ModelCache implements NetfsCache {
    final int block;
    private byte[] data = new byte[0];
    private final BitSet blocks = new BitSet();
    private long objectSize;
    volatile boolean failReads;
    volatile boolean failWrites;
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger invalidations = new AtomicInteger();
    final AtomicInteger collects = new AtomicInteger();

    ModelCache(int block, long objectSize) {
        this.block = block;
        this.objectSize = objectSize;
    }

    /** Pre-loads blocks {@code [from, to)} (block numbers) from the model's bytes. */
    synchronized void preload(byte[] model, int fromBlock, int toBlock) {
        ensure((long) toBlock * block);
        for (int b = fromBlock; b < toBlock; b++) {
            long s = (long) b * block;
            if (s >= model.length) {
                break;
            }
            int n = (int) Math.min(block, model.length - s);
            System.arraycopy(model, (int) s, data, (int) s, n);
            Arrays.fill(data, (int) s + n, (int) s + block, (byte) 0);
            blocks.set(b);
        }
    }

    synchronized boolean holds(int blockNo) {
        return blocks.get(blockNo);
    }

    synchronized byte[] bytes(long pos, int len) {
        return Arrays.copyOfRange(data, (int) pos, (int) pos + len);
    }

    private void ensure(long end) {
        if (end > data.length) {
            data = Arrays.copyOf(data, (int) end);
        }
    }

    @Override
    public int blockSize() {
        return block;
    }

    @Override
    public Limits readLimits() {
        return new Limits(1 << 20, 64);
    }

    @Override
    public synchronized long objectSize() {
        return objectSize;
    }

    @Override
    public synchronized List<CacheExtent> queryOccupancy(long start, long end) {
        queries.incrementAndGet();
        List<CacheExtent> out = new ArrayList<>();
        long limit = Math.min(end, objectSize);
        int b = (int) (start / block);
        while (out.size() < 2) {
            b = blocks.nextSetBit(b);
            if (b < 0 || (long) b * block >= limit) {
                break;
            }
            int e = blocks.nextClearBit(b);
            long s = Math.max((long) b * block, start);
            long en = Math.min((long) e * block, limit);
            if (en > s) {
                out.add(new CacheExtent(s, en - s, true));
            }
            b = e;
        }
        return out;
    }

    @Override
    public long read(long position, IoIter dst) throws IOException {
        if (failReads) {
            throw new IOException("injected cache read error");
        }
        byte[] snap;
        synchronized (this) {
            snap = data.clone();
        }
        long n = Math.min(dst.count(), snap.length - position);
        dst.copyToIter(MemorySegment.ofArray(snap), position, n);
        return n;
    }

    @Override
    public void write(long position, IoIter src, long dataEnd) throws IOException {
        if (position % block != 0 || src.count() % block != 0) {
            throw new IllegalArgumentException("unaligned cache write " + position + "+" + src.count());
        }
        if (failWrites) {
            throw new IOException("injected cache write error");
        }
        long n = src.count();
        byte[] buf = new byte[(int) n];
        src.copyFromIter(MemorySegment.ofArray(buf), 0, n);
        synchronized (this) {
            ensure(position + n);
            System.arraycopy(buf, 0, data, (int) position, (int) n);
            blocks.set((int) (position / block), (int) ((position + n) / block));
        }
    }

    @Override
    public synchronized void collectWrite(long start, long length, long newObjectSize) {
        collects.incrementAndGet();
        objectSize = newObjectSize;
    }

    @Override
    public synchronized void invalidate() {
        invalidations.incrementAndGet();
        blocks.clear();
        data = new byte[0];
    }
}
