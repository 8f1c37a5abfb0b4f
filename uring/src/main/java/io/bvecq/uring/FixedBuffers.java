package io.bvecq.uring;

import static io.bvecq.uring.IoUringAbi.IORING_REGISTER_BUFFERS;

import io.bvecq.io.IoErrnoException;
import io.bvecq.iter.Iovecs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The buffers registered with one ring ({@code IORING_REGISTER_BUFFERS}): a pool's slabs, registered once, and
 * the lookup that tells whether a region lies inside one of them, so that its SQE can be
 * {@code READ_FIXED}/{@code WRITE_FIXED} with that buffer's index.
 *
 * <p>Threads: used under the engine's lock.
 */
final class FixedBuffers {
    private final Ring ring;
    private final String path;
    /** Sorted by address: start, length and registration index; null while none are registered. */
    private long[] start;
    private long[] length;
    private int[] index;
    private boolean registered;

    FixedBuffers(Ring ring, String path) {
        this.ring = ring;
        this.path = path;
    }

    /**
     * Registers the slabs {@code regions} ({@code [address, length, ...]}); once per ring.
     *
     * @return whether they are registered; false for none, or after logging why the kernel refused
     * @throws IllegalStateException if called before on this ring
     */
    boolean register(long[] regions, long poolBytes, Faults faults) {
        if (registered) {
            throw new IllegalStateException("buffers already registered on " + path);
        }
        registered = true;
        if (regions.length == 0) {
            return false;
        }
        int n = regions.length / 2;
        int r = faults.register();
        if (r == 0) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment iov = a.allocate((long) n * Iovecs.ENTRY_BYTES, 8);
                for (int i = 0; i < 2 * n; i++) {
                    iov.setAtIndex(ValueLayout.JAVA_LONG, i, regions[i]);
                }
                r = UringSyscalls.register(ring.fd, IORING_REGISTER_BUFFERS, iov.address(), n);
            }
        }
        if (r < 0) {
            UringEngine.LOG.log(System.Logger.Level.WARNING, "bvecq uring: registering {0} pool slabs ({1} bytes) "
                    + "failed: io_uring_register(IORING_REGISTER_BUFFERS): {2} (errno {3}); requests on {4} go "
                    + "unregistered (ENOMEM usually means RLIMIT_MEMLOCK is too low)", n, poolBytes,
                    new IoErrnoException("io_uring_register", -r, path, 0, 0, 0).errnoName(), -r, path);
            return false;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compareUnsigned(regions[2 * x], regions[2 * y]));
        start = new long[n];
        length = new long[n];
        index = new int[n];
        for (int i = 0; i < n; i++) {
            start[i] = regions[2 * order[i]];
            length[i] = regions[2 * order[i] + 1];
            index[i] = order[i];
        }
        return true;
    }

    /** The registration index of the buffer holding {@code [address, address + len)}, or -1. */
    int indexOf(long address, long len) {
        if (start == null) {
            return -1;
        }
        int lo = 0;
        int hi = start.length - 1;
        while (lo <= hi) { // the last buffer starting at or before address
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(start[mid], address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (hi < 0) {
            return -1;
        }
        return Long.compareUnsigned(address + len, start[hi] + length[hi]) <= 0 ? index[hi] : -1;
    }
}
