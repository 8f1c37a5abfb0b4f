package io.bvecq;

import io.bvecq.internal.ChainBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A byte buffer over pooled, page-aligned memory: write typed values, strings and bytes at the end, read
 * them from the front (the role of Okio's {@code Buffer} and Netty's {@code ByteBuf}), and hand the bytes to
 * the I/O paths as a {@link Bvecq} chain ({@link #extract}).
 *
 * <pre>
 *   pieces (oldest first)          read here                                 write here
 *   [chunk: spent|unread]  [owned region: unread]  [chunk: unread unread]  [chunk: unread | free ]
 *          ^ rpos                                                                  ^ wpos   ^ limit
 * </pre>
 *
 * <h2>Model</h2>
 * The buffer is a queue of <em>pieces</em>, oldest first. A piece is either a {@link BufferPool} chunk
 * the buffer took, or a region appended zero-copy with {@link #writeOwned}. Small writes are copied into
 * the last piece while it is a chunk with room (no region per write); when it is full, the next chunk is
 * taken from the pool. Reads consume from the first piece; a piece read to its end is given back (its
 * chunk to the pool, its region to its owner) when the reader moves past it. When the buffer is empty and
 * nobody else holds the last chunk, writing starts again at its beginning instead of taking a new chunk.
 * Values may straddle pieces: a typed read or write that does not fit in the current piece is assembled
 * byte by byte across the boundary.
 *
 * <h2>Byte order</h2>
 * Every method without a suffix is big-endian (network order, as {@link java.io.DataOutputStream});
 * the {@code Le} suffix ({@link #writeIntLe}, {@link #readIntLe}) is little-endian. There is no order
 * setting: the order is in the name at every call site. Varints are unsigned LEB128 ({@link #writeVarLong}),
 * strings are UTF-8 ({@link #writeUtf8}); {@code float} and {@code double} are written as their raw bits.
 *
 * <h2>Errors</h2>
 * A read of more bytes than {@link #size()} throws {@link IndexOutOfBoundsException} naming the bytes
 * wanted and the size, and changes nothing (the {@link #inputStream() InputStream view} reports the end
 * of the data as {@code -1} instead). A malformed varint throws {@link NumberFormatException} and changes
 * nothing. Bad arguments throw {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} with
 * the value and the expected range, before anything changes. Any use after {@link #close()} throws
 * {@link BvecqReleasedException}.
 *
 * <h2>Ownership</h2>
 * The buffer holds one hold on each chunk and the owner's obligation for each owned region until the
 * piece is read or the buffer closed. {@link #extract} hands out a chain with its own references (chunk
 * pins, a reference on the node of an owned region): releasing the buffer never invalidates an extract.
 *
 * <h2>Threads</h2>
 * One thread at a time; the buffer has no locks. Handing it to another thread needs a happens-before edge
 * (a queue, a lock) as for any unsynchronised object. Extracted chains follow {@link Bvecq}'s own rules.
 *
 * <h2>Speed</h2>
 * A typed read or write inside one piece is a bounds test and one unaligned {@link MemorySegment} access;
 * the cached piece bounds live in fields. None of the reads and writes allocate, except {@link #readUtf8},
 * {@link #toByteArray}, {@link #hexDump} and {@link #extract}, whose results are new objects, and the
 * piece table, which grows by doubling and then stays.
 */
public final class ChainBuffer implements AutoCloseable {
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final BufferPool pool;
    private final int pieceBytes;       // bytes of each chunk the buffer writes into (tests use fewer than a chunk)
    private final PieceRing ring = new PieceRing();
    private final byte[] scratch = new byte[16];
    private final MemorySegment scratchSeg = MemorySegment.ofArray(scratch);

    // The reader's piece (the ring's first): its memory, next byte, end of written bytes as last loaded.
    // rlimit may lag the writer when the first piece is also the last; reads re-load it on their slow path.
    private MemorySegment rseg;
    private long rpos;
    private long rlimit;
    // The writer's piece (the ring's last, when it is a chunk with room): wseg null when it is not.
    private MemorySegment wseg;
    private long wpos;
    private long wlimit;
    private long writeBase; // bytes written = writeBase + wpos (wpos is 0 while there is no writable chunk)
    private long readBase;  // bytes read = readBase + rpos
    private boolean closed;

    /**
     * Creates an empty buffer that takes its chunks from the {@linkplain BufferPool#defaultPool() default pool}.
     */
    public ChainBuffer() {
        this(BufferPool.defaultPool());
    }

    /**
     * Creates an empty buffer that takes its chunks from {@code pool}. No chunk is taken before the first write.
     *
     * @param pool an open pool
     * @throws NullPointerException if {@code pool} is null
     */
    public ChainBuffer(BufferPool pool) {
        this(pool, Objects.requireNonNull(pool, "pool").chunkSize());
    }

    /** For tests: writes only the first {@code pieceBytes} of each chunk, so values straddle pieces often. */
    ChainBuffer(BufferPool pool, int pieceBytes) {
        Objects.requireNonNull(pool, "pool");
        if (pieceBytes < 1 || pieceBytes > pool.chunkSize()) {
            throw new IllegalArgumentException("pieceBytes: " + pieceBytes + " (expected: 1 <= pieceBytes <= "
                    + pool.chunkSize() + ")");
        }
        this.pool = pool;
        this.pieceBytes = pieceBytes;
    }

    // ------------------------------------------------------------------------------------------------
    // State

    /**
     * The readable bytes: written and not yet read. O(1).
     *
     * @return {@code >= 0}
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long size() {
        checkOpen("size");
        return avail();
    }

    /**
     * Tells whether there is nothing to read.
     *
     * @return {@code size() == 0}
     * @throws BvecqReleasedException if the buffer was closed
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The pool the buffer takes its chunks from.
     *
     * @return the pool given at creation
     */
    public BufferPool pool() {
        return pool;
    }

    // ------------------------------------------------------------------------------------------------
    // Typed writes: the fast path stores into the last chunk; the slow path takes a new chunk or straddles

    /**
     * Writes one byte.
     *
     * @param b the byte, in the low 8 bits
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (nothing written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeByte(int b) {
        long p = wpos;
        if (p < wlimit) {
            wseg.set(BYTE, p, (byte) b);
            wpos = p + 1;
            return this;
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
        long p = wpos;
        if (p + 2 <= wlimit) {
            wseg.set(SHORT_BE, p, (short) s);
            wpos = p + 2;
            return this;
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
        long p = wpos;
        if (p + 2 <= wlimit) {
            wseg.set(SHORT_LE, p, (short) s);
            wpos = p + 2;
            return this;
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
        long p = wpos;
        if (p + 4 <= wlimit) {
            wseg.set(INT_BE, p, i);
            wpos = p + 4;
            return this;
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
        long p = wpos;
        if (p + 4 <= wlimit) {
            wseg.set(INT_LE, p, i);
            wpos = p + 4;
            return this;
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
        long p = wpos;
        if (p + 8 <= wlimit) {
            wseg.set(LONG_BE, p, l);
            wpos = p + 8;
            return this;
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
        long p = wpos;
        if (p + 8 <= wlimit) {
            wseg.set(LONG_LE, p, l);
            wpos = p + 8;
            return this;
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
     * Writes a {@code long} as an unsigned LEB128 varint (see {@link #writeVarInt}); 1 to 10 bytes.
     *
     * @param v the value, taken as unsigned
     * @return this buffer
     * @throws PoolExhaustedException if a new chunk is needed and the pool has none (the bytes before it stay written)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public ChainBuffer writeVarLong(long v) {
        long p = wpos;
        if (p + 10 <= wlimit) {
            MemorySegment s = wseg;
            while ((v & ~0x7fL) != 0) {
                s.set(BYTE, p++, (byte) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            s.set(BYTE, p++, (byte) v);
            wpos = p;
            return this;
        }
        while ((v & ~0x7fL) != 0) {
            writeByte((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        return writeByte((int) v);
    }

    /** Writes the low {@code n} bytes of {@code be}, most significant first, taking chunks as needed. */
    private ChainBuffer writeSlow(long be, int n, String what) {
        checkOpen(what);
        if (wlimit - wpos < n && avail() == 0) {
            nextWritable(); // an empty buffer may rewind its chunk: the value then fits whole
        }
        for (int i = n - 1; i >= 0; i--) {
            if (wpos == wlimit) {
                nextWritable();
            }
            wseg.set(BYTE, wpos++, (byte) (be >>> (i << 3)));
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // Bulk and string writes

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
        long p = wpos;
        if (p + length <= wlimit && length > 0) { // small writes: one copy into the last chunk
            MemorySegment.copy(src, offset, wseg, BYTE, p, length);
            wpos = p + length;
            return this;
        }
        long done = 0; // across chunks: no heap segment is made for the array
        while (done < length) {
            if (wpos == wlimit) {
                nextWritable();
            }
            int t = (int) Math.min(wlimit - wpos, length - done);
            MemorySegment.copy(src, offset + (int) done, wseg, BYTE, wpos, t);
            wpos += t;
            done += t;
        }
        return this;
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
        long p = wpos;
        if (p + length <= wlimit && length > 0) {
            MemorySegment.copy(src, offset, wseg, p, length);
            wpos = p + length;
            return this;
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

    private ChainBuffer copyIn(MemorySegment src, long offset, long length) {
        long done = 0;
        while (done < length) {
            if (wpos == wlimit) {
                nextWritable();
            }
            long t = Math.min(wlimit - wpos, length - done);
            MemorySegment.copy(src, offset + done, wseg, wpos, t);
            wpos += t;
            done += t;
        }
        return this;
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
                long p = wpos;
                long lim = wlimit;
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
     * is native: the buffer (and any chain {@linkplain #extract extracted} from it) describes the memory
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
            return this;
        }
        if (length == 0) {
            owner.dispose(Disposal.FREE, segment, offset, 0);
            return this;
        }
        Bvecq holder = Bvecq.allocOne(1, Disposal.FREE); // keeps the region for the buffer and its extracts
        holder.appendSlot(segment, offset, length, owner);
        closeWriter();
        ring.add(segment, offset, offset + length, holder);
        if (ring.count() == 1) {
            loadReader();
        }
        writeBase += length;
        return this;
    }

    /** The last piece stops taking writes: its written end is stored, and the writer caches cleared. */
    private void closeWriter() {
        if (wseg != null) {
            ring.setEnd(ring.last(), wpos);
            writeBase += wpos;
            wseg = null;
            wpos = 0;
            wlimit = 0;
        }
    }

    /**
     * Makes room at the end for at least one byte: rewinds the last chunk if the buffer is empty and
     * nobody else holds it, else takes a new chunk.
     */
    private void nextWritable() {
        if (avail() == 0 && ring.count() > 0) {
            dropAllButLast();
            int last = ring.last();
            if (wseg != null && ((PoolChunk) ring.holder(last)).holds() == 1) {
                writeBase += wpos; // nothing unread in it and no extract describes it: start again at 0
                wpos = 0;
                ring.setStart(last, 0);
                ring.setEnd(last, 0);
                readBase += rpos;
                rpos = 0;
                rlimit = 0;
                if (wpos < wlimit) {
                    return;
                }
            }
        }
        PoolChunk c = pool.take();
        closeWriter();
        ring.add(c.segment(), 0, 0, c);
        wseg = c.segment();
        wpos = 0;
        wlimit = pieceBytes;
        if (ring.count() == 1) {
            loadReader();
        }
    }

    /** With nothing unread: gives back every piece but the last. */
    private void dropAllButLast() {
        while (ring.count() > 1) {
            ring.removeFirst();
        }
        loadReader();
        rpos = rlimit;
        readBase = writeBase + wpos - rpos; // nothing unread
    }

    // ------------------------------------------------------------------------------------------------
    // Typed reads: the fast path loads from the first piece; the slow path straddles or throws

    /**
     * Reads one byte.
     *
     * @return the byte
     * @throws IndexOutOfBoundsException if the buffer is empty (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public byte readByte() {
        long p = rpos;
        if (p < rlimit) {
            byte b = rseg.get(BYTE, p);
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
        long p = rpos;
        if (p + 2 <= rlimit) {
            short v = rseg.get(SHORT_BE, p);
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
        long p = rpos;
        if (p + 2 <= rlimit) {
            short v = rseg.get(SHORT_LE, p);
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
        long p = rpos;
        if (p + 4 <= rlimit) {
            int v = rseg.get(INT_BE, p);
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
        long p = rpos;
        if (p + 4 <= rlimit) {
            int v = rseg.get(INT_LE, p);
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
        long p = rpos;
        if (p + 8 <= rlimit) {
            long v = rseg.get(LONG_BE, p);
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
        long p = rpos;
        if (p + 8 <= rlimit) {
            long v = rseg.get(LONG_LE, p);
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
     * Reads an unsigned LEB128 varint of at most 5 bytes whose value fits in 32 bits (see {@link #writeVarInt}).
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

    private long readVar(int maxBytes, String what) {
        long p = rpos;
        int n = Varint.length(rseg, p, rlimit - p, maxBytes, what);
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

    /** Reads {@code n <= 8} bytes as a big-endian value, across pieces; checks first. */
    private long readSlow(int n, String what) {
        require(n, what);
        long v = 0;
        for (int i = 0; i < n; i++) {
            if (rpos == rlimit) {
                nextReadable();
            }
            v = (v << 8) | (rseg.get(BYTE, rpos++) & 0xff);
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------
    // Bulk reads, skip, peek

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
        long p = rpos;
        if (p + length <= rlimit && length > 0) {
            MemorySegment.copy(rseg, BYTE, p, dst, offset, length);
            rpos = p + length;
            return;
        }
        require(length, "readFully");
        int done = 0; // across pieces: no heap segment is made for the array
        while (done < length) {
            if (rpos == rlimit) {
                nextReadable();
            }
            int t = (int) Math.min(rlimit - rpos, length - done);
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

    /** Moves {@code n} checked-readable bytes out (into {@code dst} unless null), piece by piece. */
    private void copyOut(MemorySegment dst, long offset, long n) {
        long done = 0;
        while (done < n) {
            if (rpos == rlimit) {
                nextReadable();
            }
            long t = Math.min(rlimit - rpos, n - done);
            if (dst != null) {
                MemorySegment.copy(rseg, rpos, dst, offset + done, t);
            }
            rpos += t;
            done += t;
        }
        releaseIfSpent();
    }

    /** Gives back the first piece at once if it was just read to its end (the last piece stays for the writer). */
    private void releaseIfSpent() {
        if (rpos == rlimit && ring.count() > 1) {
            nextReadable();
        }
    }

    /**
     * Reads the next byte without consuming it.
     *
     * @return the byte
     * @throws IndexOutOfBoundsException if the buffer is empty
     * @throws BvecqReleasedException if the buffer was closed
     */
    public byte peekByte() {
        long p = rpos;
        return p < rlimit ? rseg.get(BYTE, p) : (byte) peek(1, "peekByte");
    }

    /**
     * Reads the next {@code int}, big-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int peekInt() {
        long p = rpos;
        return p + 4 <= rlimit ? rseg.get(INT_BE, p) : (int) peek(4, "peekInt");
    }

    /**
     * Reads the next {@code int}, little-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 4 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public int peekIntLe() {
        long p = rpos;
        return p + 4 <= rlimit ? rseg.get(INT_LE, p) : Integer.reverseBytes((int) peek(4, "peekIntLe"));
    }

    /**
     * Reads the next {@code long}, big-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long peekLong() {
        long p = rpos;
        return p + 8 <= rlimit ? rseg.get(LONG_BE, p) : peek(8, "peekLong");
    }

    /**
     * Reads the next {@code long}, little-endian, without consuming it.
     *
     * @return the value
     * @throws IndexOutOfBoundsException if fewer than 8 bytes are readable
     * @throws BvecqReleasedException if the buffer was closed
     */
    public long peekLongLe() {
        long p = rpos;
        return p + 8 <= rlimit ? rseg.get(LONG_LE, p) : Long.reverseBytes(peek(8, "peekLongLe"));
    }

    private long peek(int n, String what) {
        require(n, what);
        copyTo(0, scratchSeg, 0, n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (scratch[i] & 0xff);
        }
        return v;
    }

    /**
     * Copies readable bytes without consuming them: {@code length} bytes starting {@code from} bytes after
     * the next byte to read.
     *
     * @param from the distance from the next byte to read, {@code 0 <= from <= size()}
     * @param dst the destination, writable
     * @param offset where the first byte goes in {@code dst}
     * @param length the count, {@code 0 <= length <= size() - from}, within {@code dst}
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if a range is out of bounds (nothing copied)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public void copyTo(long from, MemorySegment dst, long offset, long length) {
        Objects.requireNonNull(dst, "dst");
        checkOpen("copyTo");
        checkRange("dst", offset, length, dst.byteSize());
        long size = avail();
        if (from < 0 || from > size || length > size - from) {
            throw new IndexOutOfBoundsException("from: " + from + ", length: " + length
                    + " (expected: 0 <= from <= from + length <= size=" + size + ")");
        }
        long skip = from;
        long done = 0;
        for (int k = 0, c = ring.count(); k < c && done < length; k++) {
            int i = ring.index(k);
            long s = k == 0 ? rpos : ring.start(i);
            long e = k == c - 1 && wseg != null ? wpos : ring.end(i);
            long avail = e - s;
            if (skip >= avail) {
                skip -= avail;
                continue;
            }
            s += skip;
            skip = 0;
            long t = Math.min(e - s, length - done);
            MemorySegment.copy(ring.segment(i), s, dst, offset + done, t);
            done += t;
        }
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

    // ------------------------------------------------------------------------------------------------
    // Chains and streams

    /**
     * Consumes the next {@code n} bytes as a new chain, without copying: the chain's slots describe the
     * buffer's memory and hold their own references on it (a pin on each chunk, kind {@link Disposal#UNPIN};
     * a reference on an owned region's node, kind {@link Disposal#NONE}), so the memory stays valid until the
     * chain is released, whatever happens to the buffer. Hand it to the I/O paths or an iterator.
     *
     * @param n the bytes, {@code 0 <= n <= size()}
     * @return the head of the new chain (the caller owns its reference; its {@code fpos} is 0), or {@code null}
     *     if {@code n == 0}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IndexOutOfBoundsException if {@code n > size()} (nothing changed)
     * @throws BvecqReleasedException if the buffer was closed
     */
    public Bvecq extract(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: n >= 0)");
        }
        require(n, "extract");
        if (n == 0) {
            return null;
        }
        ChainBuilder b = new ChainBuilder(Bvecq.DEFAULT_SLOTS, 0);
        boolean success = false;
        try {
            long done = 0;
            for (int k = 0, c = ring.count(); done < n; k++) {
                int i = ring.index(k);
                long s = k == 0 ? rpos : ring.start(i);
                long e = k == c - 1 && wseg != null ? wpos : ring.end(i);
                long t = Math.min(e - s, n - done);
                if (t == 0) {
                    continue;
                }
                Object h = ring.holder(i);
                if (h instanceof PoolChunk chunk) {
                    PoolChunk pin = chunk.pin(); // the extract's own hold, dropped when its node is disposed
                    boolean added = false;
                    try {
                        b.add(Disposal.UNPIN, ring.segment(i), s, t, pin);
                        added = true;
                    } finally {
                        if (!added) {
                            pin.release();
                        }
                    }
                } else {
                    b.addShared((Bvecq) h, ring.segment(i), s, t); // the new node keeps the region's node alive
                }
                done += t;
            }
            success = true;
        } finally {
            if (!success) {
                b.discard();
            }
        }
        copyOut(null, 0, n);
        return b.head();
    }

    /**
     * An {@link InputStream} that reads from this buffer: {@code read} consumes, {@code -1} means the buffer
     * is empty right now, {@code available} is {@link #size()} (capped). Closing the stream does nothing.
     * The same thread rule applies as for the buffer.
     *
     * @return a new view
     */
    public InputStream inputStream() {
        return new BufferStreams.In(this);
    }

    /**
     * An {@link OutputStream} that writes to this buffer. Closing and flushing the stream do nothing.
     *
     * @return a new view
     */
    public OutputStream outputStream() {
        return new BufferStreams.Out(this);
    }

    // ------------------------------------------------------------------------------------------------
    // Lifetime

    /**
     * Gives back every piece (chunks to the pool, regions to their owners unless an extract still holds
     * them). Afterwards every method but this one throws {@link BvecqReleasedException}. Closing twice does
     * nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeBase = readBase = 0;
        rseg = null;
        wseg = null;
        rpos = rlimit = wpos = wlimit = 0; // every fast path fails over to a slow path, which throws
        ring.clear();
    }

    /**
     * Describes the buffer: {@code ChainBuffer[size=20, pieces=2]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return closed ? "ChainBuffer[closed]" : "ChainBuffer[size=" + avail() + ", pieces=" + ring.count() + "]";
    }

    // ------------------------------------------------------------------------------------------------

    /** Moves the reader to a readable byte: re-loads the first piece's end, else gives it back. Needs size > 0. */
    private void nextReadable() {
        for (;;) {
            int first = ring.first();
            rlimit = ring.count() == 1 && wseg != null ? wpos : ring.end(first);
            if (rpos < rlimit) {
                return;
            }
            if (ring.count() == 1) {
                return; // the last piece stays, for the writer
            }
            ring.removeFirst();
            loadReader();
        }
    }

    /** Loads the reader's cache from the first piece, keeping the count of bytes read. */
    private void loadReader() {
        if (ring.count() == 0) {
            rseg = null;
            readBase += rpos; // the bytes read stay counted
            rpos = rlimit = 0;
            return;
        }
        int first = ring.first();
        rseg = ring.segment(first);
        long start = ring.start(first);
        readBase += rpos - start; // the bytes read stay counted
        rpos = start;
        rlimit = ring.count() == 1 && wseg != null ? wpos : ring.end(first);
    }

    /** The readable bytes: written minus read. */
    private long avail() {
        return writeBase + wpos - readBase - rpos;
    }

    private void require(long n, String what) {
        checkOpen(what);
        long size = avail();
        if (n > size) {
            throw new IndexOutOfBoundsException(what + ": " + n + " bytes (expected: <= size=" + size + ")");
        }
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new BvecqReleasedException("ChainBuffer used after close: " + what);
        }
    }

    private static void checkCount(String name, long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: 0 <= " + name + " <= "
                    + (Integer.MAX_VALUE - 8) + ")");
        }
    }

    private static void checkRange(String name, long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IndexOutOfBoundsException(name + " offset: " + offset + ", length: " + length
                    + " (expected: 0 <= offset <= offset + length <= " + size + ")");
        }
    }
}
