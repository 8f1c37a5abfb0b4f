package io.bvecq.netfs;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import io.bvecq.RegionOwner;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Chains with random slot layouts over arena memory, and a release listener that counts. */
final class TestChains {
    private TestChains() {
    }

    /** One file range of a chain. */
    record Range(long fpos, long length) {
    }

    /**
     * A chain over {@code ranges} (ascending): random slot lengths (1 byte to 3 pages, some empty slots), random
     * node sizes; each range after the first starts a discontiguous node. Memory is garbage-filled.
     */
    static Bvecq chain(Arena arena, List<Range> ranges, Random r) {
        Bvecq head = null;
        Bvecq tail = null;
        for (Range range : ranges) {
            boolean first = true;
            long left = range.length();
            while (left > 0 || first) {
                if (tail == null || tail.isFull() || first) {
                    Bvecq n = Bvecq.allocOne(1 + r.nextInt(8), Disposal.NONE);
                    n.setFpos(range.fpos() + (range.length() - left));
                    if (tail == null) {
                        head = n;
                    } else {
                        n.setDiscontig(first);
                        tail.linkNext(n);
                    }
                    tail = n;
                    first = false;
                }
                if (r.nextInt(10) == 0) {
                    tail.appendSlot(MemorySegment.NULL, 0, 0, null);
                    continue;
                }
                long len = Math.min(left, r.nextInt(4) == 0 ? 1 + r.nextInt(16) : 1 + r.nextInt(3 * 4096));
                if (len == 0) {
                    break;
                }
                MemorySegment seg = arena.allocate(len + 64, 8);
                seg.fill((byte) 0x5a);
                tail.appendSlot(seg, 32, len, null);
                left -= len;
            }
        }
        return head;
    }

    /** The bytes of a chain, in chain order. */
    static byte[] bytes(Bvecq head) {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                long len = n.length(s);
                if (len > 0) {
                    byte[] b = n.segment(s).asSlice(n.offset(s), len).toArray(ValueLayout.JAVA_BYTE);
                    parts.add(b);
                    total += b.length;
                }
            }
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] b : parts) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    /** Fills a chain's slots with a model's bytes at their file positions. */
    static void fill(Bvecq head, byte[] model) {
        long fpos = head.fpos();
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            if (n.discontig()) {
                fpos = n.fpos();
            }
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                long len = n.length(s);
                for (long i = 0; i < len; i++) {
                    n.segment(s).set(ValueLayout.JAVA_BYTE, n.offset(s) + i, model[(int) (fpos + i)]);
                }
                fpos += len;
            }
        }
    }

    /** The expected bytes of a read of the ranges: the model, zeroes past its end. */
    static byte[] expected(byte[] model, List<Range> ranges) {
        long total = ranges.stream().mapToLong(Range::length).sum();
        byte[] out = new byte[(int) total];
        int at = 0;
        for (Range rg : ranges) {
            for (long i = 0; i < rg.length(); i++) {
                long p = rg.fpos() + i;
                out[at++] = p < model.length ? model[(int) p] : 0;
            }
        }
        return out;
    }

    /** Counts releases per region start; fails on a second release of the same region. */
    static final class Releases implements RegionRelease {
        final Map<Long, Integer> byPos = new ConcurrentHashMap<>();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger notOk = new AtomicInteger();
        volatile long bytes;
        volatile boolean sawNotOkBeforeOk;
        private boolean seenNotOk;
        private long lastEnd = -1;
        volatile String orderError;

        @Override
        public synchronized void release(RegionOwner owner, long position, long length, boolean isOk) {
            Integer was = byPos.put(position, byPos.getOrDefault(position, 0) + 1);
            if (was != null) {
                throw new AssertionError("region at " + position + " released twice");
            }
            if (position < lastEnd) {
                orderError = "region at " + position + " released after one ending at " + lastEnd;
            }
            lastEnd = position + length;
            bytes += length;
            if (isOk) {
                ok.incrementAndGet();
                if (seenNotOk) {
                    sawNotOkBeforeOk = true;
                }
            } else {
                notOk.incrementAndGet();
                seenNotOk = true;
            }
        }
    }

    /** Counts the slots with bytes of a chain. */
    static int slotsWithBytes(Bvecq head) {
        int c = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                if (n.length(s) > 0) {
                    c++;
                }
            }
        }
        return c;
    }
}
