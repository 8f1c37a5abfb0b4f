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

    /**
     * Feeds a piece to a checksum in place: a writable byte[] heap segment through its array, a native
     * segment through a ByteBuffer view; any other heap segment (read-only, or backed by another array
     * type, which no ByteBuffer can view) through a temporary buffer.
     */
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
        if (!seg.isNative()) {
            byte[] tmp = new byte[(int) Math.min(len, 8192)];
            while (len > 0) {
                int t = (int) Math.min(len, tmp.length);
                MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, off, tmp, 0, t);
                sum.update(tmp, 0, t);
                off += t;
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

    /** Rejects a heap segment backed by an array other than byte[]: no ByteBuffer can view it. */
    static void checkViewable(MemorySegment seg) {
        if (!seg.isNative() && seg.heapBase().map(b -> !(b instanceof byte[])).orElse(false)) {
            throw new UnsupportedOperationException("segment " + seg + " is backed by a "
                    + seg.heapBase().get().getClass().getSimpleName() + " (expected: native memory or a byte[] for a ByteBuffer view)");
        }
    }

    static int pieces(long len) {
        return (int) ((len + MAX_VIEW - 1) / MAX_VIEW);
    }

    /** Views a piece as buffers of at most {@link #MAX_VIEW} bytes; the caller checked the segment can be viewed. */
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

    /** Does {@code mode} on one piece of the iterator's memory; {@code otherOff} is where it starts in {@code other}. */
    static void act(int mode, MemorySegment seg, long off, long len, MemorySegment other, long otherOff) {
        switch (mode) {
            case IoIter.OUT -> MemorySegment.copy(seg, off, other, otherOff, len);
            case IoIter.IN -> MemorySegment.copy(other, otherOff, seg, off, len);
            case IoIter.ZERO -> zero(seg, off, len);
            default -> {
            }
        }
    }
}
