package io.bvecq;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The writing half of a {@link ChainBuffer}: typed values in both byte orders, varints, bytes from arrays,
 * segments and buffers, UTF-8 strings, and zero-copy owned regions. Each fast path stores into the cached
 * writer chunk; the slow paths in {@link ChainBufferCore} take chunks and straddle. Public only so that the
 * typed methods inline into callers' loops (see {@link ChainBufferCore}); use {@link ChainBuffer}, whose doc
 * is the contract.
 */
public abstract sealed class ChainBufferWrites extends ChainBufferCore permits ChainBufferReads {
    ChainBufferWrites(BufferPool pool, int pieceBytes) {
        super(pool, pieceBytes);
    }

    /**
     * Writes one byte.
     *
     * @param b the byte, in the low 8 bits
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeByte(int b) {
        int p = wpos;
        if (p < wlimit) {
            wbuf.put(p, (byte) b);
            wpos = p + 1;
            return self();
        }
        return writeSlow(b, 1, "writeByte");
    }

    /**
     * Writes a {@code short}, big-endian.
     *
     * @param s the value, in the low 16 bits
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeShort(int s) {
        int p = wpos;
        if (p + 2 <= wlimit) {
            wbuf.putShort(p, (short) s);
            wpos = p + 2;
            return self();
        }
        return writeSlow(s & 0xffffL, 2, "writeShort");
    }

    /**
     * Writes a {@code short}, little-endian.
     *
     * @param s the value, in the low 16 bits
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeShortLe(int s) {
        int p = wpos;
        if (p + 2 <= wlimit) {
            wbuf.putShort(p, Short.reverseBytes((short) s));
            wpos = p + 2;
            return self();
        }
        return writeSlow(Short.reverseBytes((short) s) & 0xffffL, 2, "writeShortLe");
    }

    /**
     * Writes an {@code int}, big-endian.
     *
     * @param i the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeInt(int i) {
        int p = wpos;
        if (p + 4 <= wlimit) {
            wbuf.putInt(p, i);
            wpos = p + 4;
            return self();
        }
        return writeSlow(i & 0xffffffffL, 4, "writeInt");
    }

    /**
     * Writes an {@code int}, little-endian.
     *
     * @param i the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeIntLe(int i) {
        int p = wpos;
        if (p + 4 <= wlimit) {
            wbuf.putInt(p, Integer.reverseBytes(i));
            wpos = p + 4;
            return self();
        }
        return writeSlow(Integer.reverseBytes(i) & 0xffffffffL, 4, "writeIntLe");
    }

    /**
     * Writes a {@code long}, big-endian.
     *
     * @param l the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeLong(long l) {
        int p = wpos;
        if (p + 8 <= wlimit) {
            wbuf.putLong(p, l);
            wpos = p + 8;
            return self();
        }
        return writeSlow(l, 8, "writeLong");
    }

    /**
     * Writes a {@code long}, little-endian.
     *
     * @param l the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeLongLe(long l) {
        int p = wpos;
        if (p + 8 <= wlimit) {
            wbuf.putLong(p, Long.reverseBytes(l));
            wpos = p + 8;
            return self();
        }
        return writeSlow(Long.reverseBytes(l), 8, "writeLongLe");
    }

    /**
     * Writes a {@code float} as its raw IEEE 754 bits ({@link Float#floatToRawIntBits}), big-endian.
     *
     * @param f the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeFloat(float f) {
        return writeInt(Float.floatToRawIntBits(f));
    }

    /**
     * Writes a {@code float} as its raw IEEE 754 bits, little-endian.
     *
     * @param f the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeFloatLe(float f) {
        return writeIntLe(Float.floatToRawIntBits(f));
    }

    /**
     * Writes a {@code double} as its raw IEEE 754 bits ({@link Double#doubleToRawLongBits}), big-endian.
     *
     * @param d the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeDouble(double d) {
        return writeLong(Double.doubleToRawLongBits(d));
    }

    /**
     * Writes a {@code double} as its raw IEEE 754 bits, little-endian.
     *
     * @param d the value
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeDoubleLe(double d) {
        return writeLongLe(Double.doubleToRawLongBits(d));
    }

    /**
     * Writes an {@code int} as an unsigned LEB128 varint: 7 bits per byte, least significant group first,
     * the high bit set on every byte but the last; 1 to 5 bytes. A negative value takes 5 bytes.
     *
     * @param v the value, taken as unsigned
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (the bytes before it stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeVarInt(int v) {
        return writeVarLong(v & 0xffffffffL);
    }

    /**
     * Writes a {@code long} as an unsigned LEB128 varint (see {@link ChainBuffer#writeVarInt}); 1 to 10 bytes.
     *
     * @param v the value, taken as unsigned
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (the bytes before it stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeVarLong(long v) {
        int p = wpos;
        if (p + 10 <= wlimit) {
            MemorySegment s = wseg;
            while ((v & ~0x7fL) != 0) {
                s.set(BYTE, p++, (byte) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            s.set(BYTE, p++, (byte) v);
            wpos = p;
            return self();
        }
        while ((v & ~0x7fL) != 0) {
            writeByte((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        return writeByte((int) v);
    }

    /**
     * Copies all of {@code src} into the buffer. The array is not kept: the caller may reuse it at once.
     *
     * @param src the bytes
     * @return this buffer
     * @throws NullPointerException if {@code src} is null
     * @throws PoolExhaustedException if the pool runs out (the bytes before stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer write(byte[] src) {
        return write(src, 0, Objects.requireNonNull(src, "src").length);
    }

    /**
     * Copies {@code src[offset .. offset+length)} into the buffer. The array is not kept.
     *
     * @param src the bytes
     * @param offset the first byte, {@code 0 <= offset <= src.length}
     * @param length the count, {@code 0 <= length <= src.length - offset}
     * @return this buffer
     * @throws NullPointerException if {@code src} is null
     * @throws IndexOutOfBoundsException if the range is outside {@code src} (nothing written)
     * @throws PoolExhaustedException if the pool runs out (the bytes before stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer write(byte[] src, int offset, int length) {
        Objects.requireNonNull(src, "src");
        checkRange("src", offset, length, src.length);
        checkOpen("write");
        int p = wpos;
        if (length <= wlimit - p && length > 0) { // small writes: one copy into the last chunk
            MemorySegment.copy(src, offset, wseg, BYTE, p, length);
            wpos = p + length;
            return self();
        }
        int done = 0; // across chunks: no heap segment is made for the array
        while (done < length) {
            if (wpos == wlimit) {
                nextWritable();
            }
            int t = Math.min(wlimit - wpos, length - done);
            MemorySegment.copy(src, offset + done, wseg, BYTE, wpos, t);
            wpos += t;
            done += t;
        }
        return self();
    }

    /**
     * Copies {@code src} whole into the buffer; the segment is not kept.
     *
     * @param src the bytes, heap or native
     * @return this buffer
     * @throws NullPointerException if {@code src} is null
     * @throws PoolExhaustedException if the pool runs out (the bytes before stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer write(MemorySegment src) {
        return write(src, 0, Objects.requireNonNull(src, "src").byteSize());
    }

    /**
     * Copies {@code length} bytes of {@code src} from {@code offset} into the buffer; the segment is not kept.
     *
     * @param src the bytes, heap or native
     * @param offset the first byte, {@code 0 <= offset <= src.byteSize()}
     * @param length the count, {@code 0 <= length <= src.byteSize() - offset}
     * @return this buffer
     * @throws NullPointerException if {@code src} is null
     * @throws IndexOutOfBoundsException if the range is outside {@code src} (nothing written)
     * @throws PoolExhaustedException if the pool runs out (the bytes before stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer write(MemorySegment src, long offset, long length) {
        Objects.requireNonNull(src, "src");
        checkRange("src", offset, length, src.byteSize());
        checkOpen("write");
        int p = wpos;
        if (length <= wlimit - p && length > 0) {
            MemorySegment.copy(src, offset, wseg, p, length);
            wpos = p + (int) length;
            return self();
        }
        return copyIn(src, offset, length);
    }

    /**
     * Copies the remaining bytes of {@code src} into the buffer and moves its position to its limit.
     *
     * @param src the bytes, heap or direct
     * @return the bytes written
     * @throws NullPointerException if {@code src} is null
     * @throws PoolExhaustedException if the pool runs out (the bytes before stay written; {@code src}'s
     *     position has not moved)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        checkOpen("write");
        int n = src.remaining();
        write(MemorySegment.ofBuffer(src), 0, n);
        src.position(src.limit());
        return n;
    }

    /**
     * Writes {@code s} in UTF-8. An unpaired surrogate is written as {@code '?'}, as
     * {@link String#getBytes(java.nio.charset.Charset)} does.
     *
     * @param s the string
     * @return the bytes written
     * @throws NullPointerException if {@code s} is null
     * @throws PoolExhaustedException if the pool runs out (the bytes before stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long writeUtf8(String s) {
        Objects.requireNonNull(s, "s");
        checkOpen("writeUtf8");
        long before = writeBase + wpos;
        int len = s.length();
        int i = 0;
        while (i < len) {
            char c = s.charAt(i);
            if (c < 0x80) {
                // ASCII run straight into the chunk
                int p = wpos;
                int lim = wlimit;
                MemorySegment w = wseg;
                while (p < lim) {
                    w.set(BYTE, p++, (byte) c);
                    if (++i == len || (c = s.charAt(i)) >= 0x80) {
                        break;
                    }
                }
                wpos = p;
                if (p == lim && i < len && s.charAt(i) < 0x80) {
                    nextWritable();
                }
                continue;
            }
            if (c < 0x800) {
                writeByte(0xc0 | (c >>> 6));
                writeByte(0x80 | (c & 0x3f));
                i++;
            } else if (Character.isSurrogate(c)) {
                char d = i + 1 < len ? s.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(d)) {
                    int cp = Character.toCodePoint(c, d);
                    writeByte(0xf0 | (cp >>> 18));
                    writeByte(0x80 | ((cp >>> 12) & 0x3f));
                    writeByte(0x80 | ((cp >>> 6) & 0x3f));
                    writeByte(0x80 | (cp & 0x3f));
                    i += 2;
                } else {
                    writeByte('?');
                    i++;
                }
            } else {
                writeByte(0xe0 | (c >>> 12));
                writeByte(0x80 | ((c >>> 6) & 0x3f));
                writeByte(0x80 | (c & 0x3f));
                i++;
            }
        }
        return writeBase + wpos - before;
    }

    /**
     * Appends {@code length} bytes of {@code segment} from {@code offset} without copying them, if the memory
     * is native: the buffer (and any chain {@linkplain ChainBuffer#extract extracted} from it) describes the memory
     * itself, and {@code owner} is told once ({@link RegionOwner#dispose} with {@link Disposal#FREE}) when
     * the last of them lets go of it. Heap memory is copied instead (the I/O paths need native addresses)
     * and {@code owner} is told at once, before this method returns. For memory the caller keeps alive
     * anyway, pass an owner that does nothing. The writes after this one go to a new chunk.
     *
     * @param segment the memory
     * @param offset the region's start, {@code 0 <= offset <= segment.byteSize()}
     * @param length the region's length, {@code 0 <= length <= segment.byteSize() - offset}
     * @param owner the region's owner; the obligation to tell it passes to the buffer, unless this method
     *     throws
     * @return this buffer
     * @throws NullPointerException if {@code segment} or {@code owner} is null
     * @throws IndexOutOfBoundsException if the range is outside {@code segment} (nothing changed)
     * @throws PoolExhaustedException if heap memory is copied and the pool runs out (the owner was not told)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeOwned(MemorySegment segment, long offset, long length, RegionOwner owner) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(owner, "owner");
        checkRange("segment", offset, length, segment.byteSize());
        checkOpen("writeOwned");
        if (!segment.isNative()) {
            copyIn(segment, offset, length);
            owner.dispose(Disposal.FREE, segment, offset, length);
            return self();
        }
        if (length == 0) {
            owner.dispose(Disposal.FREE, segment, offset, 0);
            return self();
        }
        Bvecq holder = Bvecq.allocOne(1, Disposal.FREE); // keeps the region for the buffer and its extracts
        holder.appendSlot(segment, offset, length, owner);
        closeWriter();
        // pieces of at most MAX_PIECE bytes, so positions stay ints; each holds its own reference on the node
        for (long done = 0; done < length; ) {
            long t = Math.min(PieceRing.MAX_PIECE, length - done);
            MemorySegment piece = segment.asSlice(offset + done, t);
            ring.add(piece, piece.asByteBuffer(), 0, t, done == 0 ? holder : holder.retain());
            done += t;
            if (ring.count() == 1) {
                loadReader();
            }
        }
        writeBase += length;
        return self();
    }
}
