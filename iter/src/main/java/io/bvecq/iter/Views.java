package io.bvecq.iter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.Checksum;

/** Per-piece helpers shared by the iterator types: zeroing, checksum feeding and buffer views. */
final class Views {
    /** The largest piece one ByteBuffer view covers. */
    static final long MAX_VIEW = 1L << 30;
    private static final long ZEROS_SIZE = 64 * 1024;
    /** Read-only zeros to copy from, so that zeroing a piece needs no slice. */
    private static final MemorySegment ZEROS = Arena.global().allocate(ZEROS_SIZE, 8).asReadOnly();

    private Views() {
    }

    static void zero(MemorySegment seg, long off, long len) {
        while (len > 0) {
            long t = Math.min(len, ZEROS_SIZE);
            MemorySegment.copy(ZEROS, 0, seg, off, t);
            off += t;
            len -= t;
        }
    }

    static void update(Checksum sum, MemorySegment seg, long off, long len) {
        Object base = seg.isNative() ? null : seg.heapBase().orElse(null);
        if (base instanceof byte[] array) {
            // for a byte[] heap segment the address is the offset into the array
            long at = seg.address() + off;
            while (len > 0) {
                int t = (int) Math.min(len, MAX_VIEW);
                sum.update(array, (int) at, t);
                at += t;
                len -= t;
            }
            return;
        }
        while (len > 0) {
            long t = Math.min(len, MAX_VIEW);
            sum.update(seg.asSlice(off, t).asByteBuffer());
            off += t;
            len -= t;
        }
    }

    static int pieces(long len) {
        return (int) ((len + MAX_VIEW - 1) / MAX_VIEW);
    }

    static int fill(ByteBuffer[] out, int i, MemorySegment seg, long off, long len, boolean readOnly) {
        while (len > 0) {
            long t = Math.min(len, MAX_VIEW);
            ByteBuffer b = seg.asSlice(off, t).asByteBuffer();
            out[i++] = readOnly && !b.isReadOnly() ? b.asReadOnlyBuffer() : b;
            off += t;
            len -= t;
        }
        return i;
    }
}
