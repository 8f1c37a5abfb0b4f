package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The reading half of a {@link ChainBuffer}: typed values in both byte orders, varints, bytes into arrays,
 * segments and buffers, UTF-8 strings, {@code skip}, {@code peek}, and copies that do not consume. Each
 * fast path loads from the cached reader piece; the slow paths in {@link ChainBufferCore} straddle pieces.
 * Public only so that the typed methods inline into callers' loops (see {@link ChainBufferCore}); use
 * {@link ChainBuffer}, whose doc is the contract.
 */
public abstract sealed class ChainBufferReads extends ChainBufferWrites permits ChainBuffer {
    ChainBufferReads(BufferPool pool, int pieceBytes) {
        super(pool, pieceBytes);
    }

    /**
     * Reads one byte.
     *
     * @return the byte
     * @throws IndexOutOfBoundsException if the buffer is empty (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public byte readByte() {
        int p = rpos;
        if (p < readEnd()) {
            byte b = rbuf.get(p);
            rpos = p + 1;
            return b;
        }
        return (byte) readSlow(1, "readByte");
    }

    /**
     * Reads a {@code short}, big-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 2 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public short readShort() {
        int p = rpos;
        if (p + 2 <= readEnd()) {
            short v = rbuf.getShort(p);
            rpos = p + 2;
            return v;
        }
        return (short) readSlow(2, "readShort");
    }

    /**
     * Reads a {@code short}, little-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 2 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public short readShortLe() {
        int p = rpos;
        if (p + 2 <= readEnd()) {
            short v = Short.reverseBytes(rbuf.getShort(p));
            rpos = p + 2;
            return v;
        }
        return Short.reverseBytes((short) readSlow(2, "readShortLe"));
    }

    /**
     * Reads an {@code int}, big-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int readInt() {
        int p = rpos;
        if (p + 4 <= readEnd()) {
            int v = rbuf.getInt(p);
            rpos = p + 4;
            return v;
        }
        return (int) readSlow(4, "readInt");
    }

    /**
     * Reads an {@code int}, little-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int readIntLe() {
        int p = rpos;
        if (p + 4 <= readEnd()) {
            int v = Integer.reverseBytes(rbuf.getInt(p));
            rpos = p + 4;
            return v;
        }
        return Integer.reverseBytes((int) readSlow(4, "readIntLe"));
    }

    /**
     * Reads a {@code long}, big-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long readLong() {
        int p = rpos;
        if (p + 8 <= readEnd()) {
            long v = rbuf.getLong(p);
            rpos = p + 8;
            return v;
        }
        return readSlow(8, "readLong");
    }

    /**
     * Reads a {@code long}, little-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long readLongLe() {
        int p = rpos;
        if (p + 8 <= readEnd()) {
            long v = Long.reverseBytes(rbuf.getLong(p));
            rpos = p + 8;
            return v;
        }
        return Long.reverseBytes(readSlow(8, "readLongLe"));
    }

    /**
     * Reads a {@code float} from its raw bits, big-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    /**
     * Reads a {@code float} from its raw bits, little-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public float readFloatLe() {
        return Float.intBitsToFloat(readIntLe());
    }

    /**
     * Reads a {@code double} from its raw bits, big-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * Reads a {@code double} from its raw bits, little-endian.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public double readDoubleLe() {
        return Double.longBitsToDouble(readLongLe());
    }

    /**
     * Reads an unsigned LEB128 varint of at most 5 bytes whose value fits in 32 bits (see {@link ChainBuffer#writeVarInt}).
     *
     * @return the value; one above {@link Integer#MAX_VALUE} comes back negative (it is unsigned)
     * @throws NumberFormatException if the varint is longer than 5 bytes or its value needs more than 32 bits
     *     (nothing changed)
     * @throws IndexOutOfBoundsException if the varint's last byte is not readable yet (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int readVarInt() {
        return (int) readVar(Varint.INT_BYTES, "readVarInt");
    }

    /**
     * Reads an unsigned LEB128 varint of at most 10 bytes whose value fits in 64 bits.
     *
     * @return the value, unsigned
     * @throws NumberFormatException if the varint is longer than 10 bytes or its value needs more than 64 bits
     *     (nothing changed)
     * @throws IndexOutOfBoundsException if the varint's last byte is not readable yet (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long readVarLong() {
        return readVar(Varint.LONG_BYTES, "readVarLong");
    }

    long readVar(int maxBytes, String what) {
        int p = rpos;
        int n = Varint.length(rseg, p, readEnd() - p, maxBytes, what);
        if (n > 0) { // its last byte lies in this piece
            long v = Varint.decode(rseg, p, n, maxBytes, what);
            rpos = p + n;
            return v;
        }
        checkOpen(what);
        int k = (int) Math.min(avail(), maxBytes);
        copyTo(0, scratchSeg, 0, k); // the varint straddles pieces: decode a copy, then skip it
        n = Varint.length(scratchSeg, 0, k, maxBytes, what);
        if (n < 0) {
            throw new IndexOutOfBoundsException(what + ": the varint runs past the readable bytes (size=" + avail()
                    + ", expected: a last byte below 0x80 within " + maxBytes + " bytes)");
        }
        long v = Varint.decode(scratchSeg, 0, n, maxBytes, what);
        skip(n);
        return v;
    }

    /**
     * Reads exactly {@code dst.length} bytes into {@code dst}.
     *
     * @param dst the destination
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if fewer than {@code dst.length} bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void readFully(byte[] dst) {
        readFully(dst, 0, Objects.requireNonNull(dst, "dst").length);
    }

    /**
     * Reads exactly {@code length} bytes into {@code dst[offset .. offset+length)}.
     *
     * @param dst the destination
     * @param offset where the first byte goes, {@code 0 <= offset <= dst.length}
     * @param length the count, {@code 0 <= length <= dst.length - offset}
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if the range is outside {@code dst} or fewer than {@code length} bytes
     *     are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void readFully(byte[] dst, int offset, int length) {
        Objects.requireNonNull(dst, "dst");
        checkRange("dst", offset, length, dst.length);
        checkOpen("readFully");
        int p = rpos;
        if (length <= readEnd() - p && length > 0) {
            MemorySegment.copy(rseg, BYTE, p, dst, offset, length);
            rpos = p + length;
            return;
        }
        require(length, "readFully");
        int done = 0; // across pieces: no heap segment is made for the array
        while (done < length) {
            if (rpos == readEnd()) {
                nextReadable();
            }
            int t = Math.min(readEnd() - rpos, length - done);
            MemorySegment.copy(rseg, BYTE, rpos, dst, offset + done, t);
            rpos += t;
            done += t;
        }
        releaseIfSpent();
    }

    /**
     * Reads exactly {@code length} bytes into {@code dst} from {@code offset}.
     *
     * @param dst the destination, writable
     * @param offset where the first byte goes, {@code 0 <= offset <= dst.byteSize()}
     * @param length the count, {@code 0 <= length <= dst.byteSize() - offset}
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if the range is outside {@code dst} or fewer than {@code length} bytes
     *     are readable (nothing changed)
     * @throws IllegalArgumentException if {@code dst} is read-only (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void readFully(MemorySegment dst, long offset, long length) {
        Objects.requireNonNull(dst, "dst");
        checkRange("dst", offset, length, dst.byteSize());
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst: " + dst + " (expected: a writable segment)");
        }
        require(length, "readFully");
        copyOut(dst, offset, length);
    }

    /**
     * Reads {@code min(dst.remaining(), size())} bytes into {@code dst}, moving its position.
     *
     * @param dst the destination, writable
     * @return the bytes read, {@code >= 0}
     * @throws NullPointerException if {@code dst} is null
     * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        checkOpen("read");
        if (dst.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        int n = (int) Math.min(dst.remaining(), avail());
        copyOut(MemorySegment.ofBuffer(dst), 0, n);
        dst.position(dst.position() + n);
        return n;
    }

    /**
     * Reads all readable bytes as one UTF-8 string.
     *
     * @return the string; malformed input becomes U+FFFD, as {@link String#String(byte[], java.nio.charset.Charset)}
     * @throws IndexOutOfBoundsException if more than {@code Integer.MAX_VALUE - 8} bytes are readable (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public String readUtf8() {
        return readUtf8(size());
    }

    /**
     * Reads {@code byteCount} bytes as a UTF-8 string. A character cut by the end of the range decodes as
     * U+FFFD.
     *
     * @param byteCount the bytes, {@code 0 <= byteCount <= min(size(), Integer.MAX_VALUE - 8)}
     * @return the string
     * @throws IllegalArgumentException if {@code byteCount} is negative or above {@code Integer.MAX_VALUE - 8}
     * @throws IndexOutOfBoundsException if {@code byteCount > size()} (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public String readUtf8(long byteCount) {
        checkCount("byteCount", byteCount);
        require(byteCount, "readUtf8");
        byte[] b = new byte[(int) byteCount];
        readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Discards {@code n} readable bytes, giving back the pieces read to their end.
     *
     * @param n the bytes, {@code n >= 0}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IndexOutOfBoundsException if {@code n > size()} (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        require(n, "skip");
        copyOut(null, 0, n);
    }

    /**
     * Reads the next byte without consuming it.
     *
     * @return the byte
     * @throws IndexOutOfBoundsException if the buffer is empty
     * @throws BvecqReleasedException if the buffer was closed
     */
    public byte peekByte() {
        int p = rpos;
        return p < readEnd() ? rbuf.get(p) : (byte) peek(1, "peekByte");
    }

    /**
     * Reads the next {@code int}, big-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int peekInt() {
        int p = rpos;
        return p + 4 <= readEnd() ? rbuf.getInt(p) : (int) peek(4, "peekInt");
    }

    /**
     * Reads the next {@code int}, little-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int peekIntLe() {
        int p = rpos;
        return Integer.reverseBytes(p + 4 <= readEnd() ? rbuf.getInt(p) : (int) peek(4, "peekIntLe"));
    }

    /**
     * Reads the next {@code long}, big-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long peekLong() {
        int p = rpos;
        return p + 8 <= readEnd() ? rbuf.getLong(p) : peek(8, "peekLong");
    }

    /**
     * Reads the next {@code long}, little-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long peekLongLe() {
        int p = rpos;
        return Long.reverseBytes(p + 8 <= readEnd() ? rbuf.getLong(p) : peek(8, "peekLongLe"));
    }

    long peek(int n, String what) {
        require(n, what);
        copyTo(0, scratchSeg, 0, n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (scratch[i] & 0xff);
        }
        return v;
    }

    /**
     * Copies every readable byte into a new array, without consuming them.
     *
     * @return the bytes
     * @throws IndexOutOfBoundsException if more than {@code Integer.MAX_VALUE - 8} bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public byte[] toByteArray() {
        checkOpen("toByteArray");
        long size = avail();
        checkCount("size", size);
        byte[] b = new byte[(int) size];
        copyTo(0, MemorySegment.ofArray(b), 0, b.length);
        return b;
    }

    /**
     * Describes the first readable bytes for debugging, without consuming them: 16 bytes a line, the
     * offset, the bytes in hex and the printable ASCII ones.
     *
     * <pre>
     * ChainBuffer[size=20]
     * 00000000  48 65 6c 6c 6f 00 00 00  2a 00 00 00 00 00 00 00  |Hello...*.......|
     * 00000010  01 02 03 04                                       |....|
     * </pre>
     *
     * @param maxBytes the most bytes shown, {@code 0 <= maxBytes <= 65536}; a line says how many more there are
     * @return the dump
     * @throws IllegalArgumentException if {@code maxBytes} is out of range
     * @throws BvecqReleasedException if the buffer was closed
     */
    public String hexDump(int maxBytes) {
        if (maxBytes < 0 || maxBytes > 65536) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: 0 <= maxBytes <= 65536)");
        }
        checkOpen("hexDump");
        long size = avail();
        byte[] b = new byte[(int) Math.min(size, maxBytes)];
        copyTo(0, MemorySegment.ofArray(b), 0, b.length);
        return HexDump.format("ChainBuffer[size=" + size + "]", b, size);
    }
}
