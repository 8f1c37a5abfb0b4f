package io.bvecq.lucene;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.IndexInput;

/**
 * An input (or clone, or slice) of a {@link DirectFile}: it reads from one window at a time, a pooled chunk
 * of the file read with direct I/O, and moves to the window of the next chunk when it runs out. A clone or a
 * slice starts on its parent's window, by reference (one more use), and reads no chunk again that a live
 * window of the same file holds.
 *
 * <pre>
 *   file:   ......[ window: fileOffset ............................ fileOffset + length )......
 *   seg:          0 ............. off ............. lim
 *                                  next byte         end of what this input may read here
 *                                                    (the window's end or the slice's end)
 * </pre>
 * Invariant: while {@code off < lim}, {@code seg[off]} is the byte at file offset {@code base + off}. When
 * {@code lim == 0} there is no current window to read from, and {@code base + off} is the file offset of the
 * next byte; the next read takes the window that holds it.
 *
 * <p>Threads: one at a time per input, as every Lucene input; clones and slices may be used by other threads
 * at once. Closing the original closes the file: a clone read afterwards throws {@link AlreadyClosedException}.
 */
final class DirectIndexInput extends IndexInput {
    private static final ValueLayout.OfShort SHORT_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final DirectFile df;
    private final long start;  // file offset of this input's byte 0
    private final long length; // bytes this input may read
    private boolean isClone;   // a clone or slice: closing it drops its window, not the file
    private DirectFile.Window win; // holds one use, or null
    private MemorySegment seg;     // win.seg, or null
    private long base;
    private int off;
    private int lim;
    private boolean closed;

    private DirectIndexInput(String description, DirectFile df, long start, long length, boolean isClone) {
        super(description);
        this.df = df;
        this.start = start;
        this.length = length;
        this.isClone = isClone;
        this.base = start;
    }

    /** The input that owns {@code df}: closing it closes the file. */
    static DirectIndexInput open(String description, DirectFile df) {
        return new DirectIndexInput(description, df, 0, df.length, false);
    }

    // ------------------------------------------------------------------------------------------------
    // Position

    @Override
    public long getFilePointer() {
        return base + off - start;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void seek(long pos) throws IOException {
        if (pos < 0) {
            throw new IllegalArgumentException("seek to a negative position: " + pos + " (expected: 0 <= pos <= "
                    + length + "): " + this);
        }
        if (pos > length) {
            throw new EOFException("seek past EOF: pos=" + pos + " (expected: pos <= length=" + length + "): " + this);
        }
        ensureOpen();
        moveTo(start + pos);
    }

    /** Points at file offset {@code abs}: within the current window if it holds it, else no window. */
    private void moveTo(long abs) {
        DirectFile.Window w = win;
        if (w != null && abs >= w.fileOffset && abs < w.fileOffset + limitIn(w)) {
            base = w.fileOffset;
            off = (int) (abs - base);
            lim = limitIn(w);
        } else {
            base = abs;
            off = 0;
            lim = 0;
        }
    }

    /** How much of window {@code w} this input may read: up to the window's end or this input's end. */
    private int limitIn(DirectFile.Window w) {
        return (int) Math.max(0, Math.min(w.length, start + length - w.fileOffset));
    }

    /** Makes {@code off < lim} true: takes the window holding the next byte, dropping the current one. */
    private void refill() throws IOException {
        ensureOpen();
        long abs = base + off;
        if (abs >= start + length) {
            throw new EOFException("read past EOF: " + this);
        }
        DirectFile.Window w = df.acquire(abs / df.chunkSize);
        DirectFile.Window old = win;
        win = w;
        seg = w.seg;
        base = w.fileOffset;
        off = (int) (abs - base);
        lim = limitIn(w);
        if (old != null) {
            df.drop(old);
        }
        if (off >= lim) { // the file is shorter than when it was opened
            throw new EOFException("read past EOF: " + this + " at file offset " + abs);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new AlreadyClosedException("already closed: " + this);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reads: a fast path inside the window, else the byte-wise path of DataInput, which refills as it goes

    @Override
    public byte readByte() throws IOException {
        if (off >= lim) {
            refill();
        }
        try {
            byte b = seg.get(ValueLayout.JAVA_BYTE, off);
            off++;
            return b;
        } catch (IllegalStateException e) {
            throw df.alreadyClosed(e);
        }
    }

    @Override
    public void readBytes(byte[] b, int offset, int len) throws IOException {
        Objects.checkFromIndexSize(offset, len, b.length);
        while (len > 0) {
            if (off >= lim) {
                refill();
            }
            int n = Math.min(lim - off, len);
            try {
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, b, offset, n);
            } catch (IllegalStateException e) {
                throw df.alreadyClosed(e);
            }
            off += n;
            offset += n;
            len -= n;
        }
    }

    @Override
    public short readShort() throws IOException {
        if (lim - off >= Short.BYTES) {
            try {
                short v = seg.get(SHORT_LE, off);
                off += Short.BYTES;
                return v;
            } catch (IllegalStateException e) {
                throw df.alreadyClosed(e);
            }
        }
        return super.readShort();
    }

    @Override
    public int readInt() throws IOException {
        if (lim - off >= Integer.BYTES) {
            try {
                int v = seg.get(INT_LE, off);
                off += Integer.BYTES;
                return v;
            } catch (IllegalStateException e) {
                throw df.alreadyClosed(e);
            }
        }
        return super.readInt();
    }

    @Override
    public long readLong() throws IOException {
        if (lim - off >= Long.BYTES) {
            try {
                long v = seg.get(LONG_LE, off);
                off += Long.BYTES;
                return v;
            } catch (IllegalStateException e) {
                throw df.alreadyClosed(e);
            }
        }
        return super.readLong();
    }

    @Override
    public void readInts(int[] dst, int offset, int len) throws IOException {
        Objects.checkFromIndexSize(offset, len, dst.length);
        if ((long) (lim - off) >= (long) len * Integer.BYTES) {
            try {
                MemorySegment.copy(seg, INT_LE, off, dst, offset, len);
            } catch (IllegalStateException e) {
                throw df.alreadyClosed(e);
            }
            off += len * Integer.BYTES;
        } else {
            super.readInts(dst, offset, len);
        }
    }

    @Override
    public void readLongs(long[] dst, int offset, int len) throws IOException {
        Objects.checkFromIndexSize(offset, len, dst.length);
        if ((long) (lim - off) >= (long) len * Long.BYTES) {
            try {
                MemorySegment.copy(seg, LONG_LE, off, dst, offset, len);
            } catch (IllegalStateException e) {
                throw df.alreadyClosed(e);
            }
            off += len * Long.BYTES;
        } else {
            super.readLongs(dst, offset, len);
        }
    }

    @Override
    public void readFloats(float[] dst, int offset, int len) throws IOException {
        Objects.checkFromIndexSize(offset, len, dst.length);
        if ((long) (lim - off) >= (long) len * Float.BYTES) {
            try {
                MemorySegment.copy(seg, FLOAT_LE, off, dst, offset, len);
            } catch (IllegalStateException e) {
                throw df.alreadyClosed(e);
            }
            off += len * Float.BYTES;
        } else {
            super.readFloats(dst, offset, len);
        }
    }

    @Override
    public void skipBytes(long numBytes) throws IOException {
        if (numBytes < 0) {
            throw new IllegalArgumentException("numBytes: " + numBytes + " (expected: numBytes >= 0): " + this);
        }
        long pos = getFilePointer();
        if (numBytes > length - pos) {
            throw new EOFException("skip past EOF: pos=" + pos + ", numBytes=" + numBytes + ", length=" + length
                    + ": " + this);
        }
        seek(pos + numBytes);
    }

    // ------------------------------------------------------------------------------------------------
    // Clones, slices, close

    @Override
    public DirectIndexInput clone() {
        ensureOpen();
        DirectIndexInput c = (DirectIndexInput) super.clone();
        c.isClone = true;
        shareWindowWith(c);
        return c;
    }

    @Override
    public IndexInput slice(String sliceDescription, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > this.length - length) {
            throw new IllegalArgumentException("slice() " + sliceDescription + " out of bounds: offset=" + offset
                    + ", length=" + length + " (expected: 0 <= offset <= offset + length <= " + this.length + "): "
                    + this);
        }
        ensureOpen();
        DirectIndexInput s = new DirectIndexInput(getFullSliceDescription(sliceDescription), df, start + offset,
                length, true);
        s.win = win;
        s.seg = seg;
        shareWindowWith(s);
        return s;
    }

    /**
     * Gives {@code other}, a copy of this input or a new slice that still names this input's window without
     * holding a use of it, its own use of that window if the window is live and holds {@code other}'s next
     * byte; else no window. Either way {@code other} then points at its own position.
     */
    private void shareWindowWith(DirectIndexInput other) {
        long abs = other.base + other.off;
        DirectFile.Window w = other.win;
        other.win = null;
        other.seg = null;
        other.lim = 0;
        if (w != null && abs >= w.fileOffset && abs < w.fileOffset + other.limitIn(w) && w.retain()) {
            other.win = w;
            other.seg = w.seg;
        }
        other.moveTo(abs);
    }

    /**
     * Closes this input: drops its window; the original (not a clone or slice) also closes the file, after
     * which every clone and slice of it throws {@link AlreadyClosedException}. Closing twice does nothing.
     *
     * @throws IOException if closing the file fails
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        DirectFile.Window w = win;
        win = null;
        seg = null;
        lim = 0;
        off = 0;
        if (w != null) {
            df.drop(w);
        }
        if (!isClone) {
            df.close();
        }
    }
}
