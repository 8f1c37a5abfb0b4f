package io.bvecq;

import java.lang.foreign.MemorySegment;

/** Unsigned LEB128 decoding for {@link ChainBuffer}: find the last byte, then decode and check the range. */
final class Varint {
    /** The most bytes of an {@code int} varint. */
    static final int INT_BYTES = 5;
    /** The most bytes of a {@code long} varint. */
    static final int LONG_BYTES = 10;

    private Varint() {
    }

    /**
     * The length of the varint at {@code p}: the index of its first byte below 0x80, plus one; or -1 if none
     * of the {@code min(avail, maxBytes)} bytes ends it and fewer than {@code maxBytes} were there.
     *
     * @throws NumberFormatException if {@code maxBytes} bytes are there and none ends the varint
     */
    static int length(MemorySegment seg, long p, long avail, int maxBytes, String what) {
        int k = (int) Math.min(avail, maxBytes);
        for (int i = 0; i < k; i++) {
            if (seg.get(ChainBuffer.BYTE, p + i) >= 0) {
                return i + 1;
            }
        }
        if (k == maxBytes) {
            throw new NumberFormatException(what + ": no last byte in " + maxBytes
                    + " bytes (expected: a byte below 0x80 within " + maxBytes + " bytes)");
        }
        return -1;
    }

    /**
     * Decodes the {@code n}-byte varint at {@code p}.
     *
     * @throws NumberFormatException if the value needs more than {@code maxBytes == 5 ? 32 : 64} bits
     */
    static long decode(MemorySegment seg, long p, int n, int maxBytes, String what) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            long b = seg.get(ChainBuffer.BYTE, p + i) & 0x7f;
            v |= b << (7 * i);
        }
        if (n == maxBytes) {
            int top = seg.get(ChainBuffer.BYTE, p + n - 1);
            int maxTop = maxBytes == INT_BYTES ? 0x0f : 0x01;
            if (top > maxTop) {
                throw new NumberFormatException(what + ": last byte 0x" + Integer.toHexString(top) + " of " + n
                        + " (expected: <= 0x" + Integer.toHexString(maxTop) + ", the value must fit in "
                        + (maxBytes == INT_BYTES ? 32 : 64) + " bits)");
            }
        }
        return v;
    }
}
