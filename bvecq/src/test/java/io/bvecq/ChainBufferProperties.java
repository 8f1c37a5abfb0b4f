package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.testing.LeakCheckHook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A {@link ChainBuffer} driven by random mixes of typed writes and reads against a model: the bytes a
 * {@link DataOutputStream} writes for the same calls (little-endian values byte-reversed, varints and UTF-8
 * encoded by the reference code below), read back with a {@link DataInputStream} from a flat {@code byte[]}.
 * Pieces are short (1 to 64 bytes of each chunk, or the whole chunk) and owned regions are appended zero-copy
 * between writes, so values straddle pieces often. Every read compares the value and {@code size()}; a read
 * past the end, or of a malformed varint, must throw and change nothing. At the end every chunk is back in
 * the pool and every owned region's owner was told exactly once, after the last extract holding it went.
 */
@AddLifecycleHook(LeakCheckHook.class)
class ChainBufferProperties {
    static final int OPS = 47;

    @Provide
    Arbitrary<Integer> pieceBytes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 64), Arbitraries.just(4096));
    }

    @Property(tries = 300)
    void behavesAsDataStreamsOverAByteArray(@ForAll("pieceBytes") int pieceBytes, @ForAll long seed) {
        Random r = new Random(seed);
        int steps = 20 + r.nextInt(200);
        Model m = new Model();
        List<Bvecq> extracts = new ArrayList<>();
        List<CountingOwner> owners = new ArrayList<>();
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create(4096, 64L << 20, false)) {
            ChainBuffer b = new ChainBuffer(pool, pieceBytes);
            try {
                for (int s = 0; s < steps; s++) {
                    step(r.nextInt(OPS), r, b, m, arena, extracts, owners, Math.min(5000, pieceBytes * 40));
                    assertEquals(m.remaining(), b.size(), "size after step " + s);
                }
                assertArrayEquals(m.rest(), b.toByteArray());
            } finally {
                b.close();
            }
            assertThrows(BvecqReleasedException.class, b::size);
            for (int i = 0; i < extracts.size(); i++) {
                Bvecq e = extracts.get(i);
                assertArrayEquals(m.extracted.get(i), Chains.bytesOf(e), "extract " + i + " after the buffer closed");
                e.release();
            }
            for (CountingOwner o : owners) {
                assertEquals(1, o.calls(), "owner told once");
            }
            assertEquals(0, pool.outstandingChunks(), "every chunk back in the pool");
        }
    }

    private static void step(int op, Random r, ChainBuffer b, Model m, Arena arena, List<Bvecq> extracts,
            List<CountingOwner> owners, int big) {
        // big: the most bytes of one bulk write, so that 1-byte pieces do not exhaust the pool
        DataOutputStream out = m.out;
        try {
            switch (op) {
                case 0 -> { int v = r.nextInt(); b.writeByte(v); out.writeByte(v); }
                case 1 -> { int v = r.nextInt(); b.writeShort(v); out.writeShort(v); }
                case 2 -> { int v = r.nextInt(); b.writeShortLe(v); out.writeShort(Short.reverseBytes((short) v)); }
                case 3 -> { int v = r.nextInt(); b.writeInt(v); out.writeInt(v); }
                case 4 -> { int v = r.nextInt(); b.writeIntLe(v); out.writeInt(Integer.reverseBytes(v)); }
                case 5 -> { long v = r.nextLong(); b.writeLong(v); out.writeLong(v); }
                case 6 -> { long v = r.nextLong(); b.writeLongLe(v); out.writeLong(Long.reverseBytes(v)); }
                case 7 -> { float v = Float.intBitsToFloat(r.nextInt()); b.writeFloat(v); out.writeInt(Float.floatToRawIntBits(v)); }
                case 8 -> { double v = r.nextDouble() * 1e300; b.writeDoubleLe(v); out.writeLong(Long.reverseBytes(Double.doubleToRawLongBits(v))); }
                case 9 -> { int v = smallOrAny(r); b.writeVarInt(v); m.varint(v & 0xffffffffL); }
                case 10 -> { long v = r.nextBoolean() ? r.nextLong() : r.nextInt(1 << 20); b.writeVarLong(v); m.varint(v); }
                case 11 -> {
                    String s = randomString(r);
                    byte[] enc = s.getBytes(StandardCharsets.UTF_8);
                    assertEquals(enc.length, b.writeUtf8(s), "writeUtf8 returns the bytes written: " + s);
                    out.write(enc);
                }
                case 12 -> {
                    byte[] a = randomBytes(r, Math.min(300, big));
                    int off = r.nextInt(a.length + 1);
                    int len = r.nextInt(a.length - off + 1);
                    b.write(a, off, len);
                    out.write(a, off, len);
                }
                case 13 -> {
                    byte[] a = randomBytes(r, big);
                    MemorySegment seg = arena.allocate(a.length + 1);
                    MemorySegment.copy(a, 0, seg, ValueLayout.JAVA_BYTE, 1, a.length);
                    b.write(seg, 1, a.length);
                    out.write(a);
                }
                case 14 -> {
                    byte[] a = randomBytes(r, Math.min(200, big));
                    ByteBuffer bb = r.nextBoolean() ? ByteBuffer.wrap(a) : ByteBuffer.allocateDirect(a.length).put(a).flip();
                    assertEquals(a.length, b.write(bb));
                    assertEquals(0, bb.remaining());
                    out.write(a);
                }
                case 15, 16 -> {
                    byte[] a = randomBytes(r, Math.min(3000, big));
                    MemorySegment seg = op == 15 ? arena.allocate(a.length) : MemorySegment.ofArray(new byte[a.length]);
                    MemorySegment.copy(a, 0, seg, ValueLayout.JAVA_BYTE, 0, a.length);
                    CountingOwner o = new CountingOwner();
                    owners.add(o);
                    b.writeOwned(seg, 0, a.length, o);
                    out.write(a);
                }
                case 17 -> {
                    byte[] a = randomBytes(r, 40);
                    b.outputStream().write(a);
                    b.outputStream().write(7);
                    out.write(a);
                    out.write(7);
                }
                case 18 -> fixed(b, m, 1, () -> b.readByte(), d -> d.readByte());
                case 19 -> fixed(b, m, 2, () -> b.readShort(), d -> d.readShort());
                case 20 -> fixed(b, m, 2, () -> b.readShortLe(), d -> Short.reverseBytes(d.readShort()));
                case 21 -> fixed(b, m, 4, () -> b.readInt(), d -> d.readInt());
                case 22 -> fixed(b, m, 4, () -> b.readIntLe(), d -> Integer.reverseBytes(d.readInt()));
                case 23 -> fixed(b, m, 8, () -> b.readLong(), d -> d.readLong());
                case 24 -> fixed(b, m, 8, () -> b.readLongLe(), d -> Long.reverseBytes(d.readLong()));
                case 25 -> fixed(b, m, 4, () -> Float.floatToRawIntBits(b.readFloat()), d -> d.readInt());
                case 26 -> fixed(b, m, 8, () -> Double.doubleToRawLongBits(b.readDoubleLe()), d -> Long.reverseBytes(d.readLong()));
                case 27 -> varint(b, m, Varint.INT_BYTES);
                case 28 -> varint(b, m, Varint.LONG_BYTES);
                case 29 -> {
                    int n = r.nextInt(m.remaining() + 3);
                    if (n > m.remaining()) {
                        assertThrows(IndexOutOfBoundsException.class, () -> b.readUtf8(n));
                    } else {
                        assertEquals(new String(m.take(n), StandardCharsets.UTF_8), b.readUtf8(n));
                    }
                }
                case 30 -> {
                    int n = r.nextInt(m.remaining() + 3);
                    byte[] dst = new byte[n + 2];
                    if (n > m.remaining()) {
                        assertThrows(IndexOutOfBoundsException.class, () -> b.readFully(dst, 1, n));
                    } else {
                        b.readFully(dst, 1, n);
                        assertArrayEquals(m.take(n), Arrays.copyOfRange(dst, 1, n + 1));
                    }
                }
                case 31 -> {
                    int n = r.nextInt(m.remaining() + 1);
                    MemorySegment dst = arena.allocate(n + 1);
                    b.readFully(dst, 1, n);
                    assertArrayEquals(m.take(n), dst.asSlice(1).toArray(ValueLayout.JAVA_BYTE));
                }
                case 32 -> {
                    ByteBuffer dst = r.nextBoolean() ? ByteBuffer.allocate(r.nextInt(300)) : ByteBuffer.allocateDirect(r.nextInt(300));
                    int n = b.read(dst);
                    assertEquals(Math.min(dst.capacity(), m.remaining()), n);
                    byte[] got = new byte[n];
                    dst.flip().get(got);
                    assertArrayEquals(m.take(n), got);
                }
                case 33 -> {
                    int n = r.nextInt(m.remaining() + 3);
                    if (n > m.remaining()) {
                        assertThrows(IndexOutOfBoundsException.class, () -> b.skip(n));
                    } else {
                        b.skip(n);
                        m.take(n);
                    }
                }
                case 34 -> {
                    peek(b, m, 1, () -> b.peekByte(), d -> d.readByte());
                    peek(b, m, 4, () -> b.peekInt(), d -> d.readInt());
                    peek(b, m, 4, () -> b.peekIntLe(), d -> Integer.reverseBytes(d.readInt()));
                    peek(b, m, 8, () -> b.peekLong(), d -> d.readLong());
                    peek(b, m, 8, () -> b.peekLongLe(), d -> Long.reverseBytes(d.readLong()));
                }
                case 35 -> assertArrayEquals(m.rest(), b.toByteArray());
                case 36 -> {
                    int n = r.nextInt(m.remaining() + 1);
                    Bvecq e = b.extract(n);
                    byte[] want = m.take(n);
                    if (n == 0) {
                        assertEquals(null, e);
                    } else {
                        assertArrayEquals(want, Chains.bytesOf(e));
                        if (r.nextBoolean()) {
                            e.release();
                        } else {
                            extracts.add(e); // kept past later reads and the buffer's close
                            m.extracted.add(want);
                        }
                    }
                }
                case 37 -> {
                    byte[] dst = new byte[r.nextInt(50)];
                    int n = b.inputStream().read(dst);
                    if (m.remaining() == 0 && dst.length > 0) {
                        assertEquals(-1, n);
                    } else {
                        assertEquals(Math.min(dst.length, m.remaining()), n);
                        assertArrayEquals(m.take(n), Arrays.copyOf(dst, n));
                    }
                }
                case 38 -> assertTrue(b.hexDump(40).startsWith("ChainBuffer[size=" + m.remaining() + "]"));
                case 39 -> {
                    int from = r.nextInt(m.remaining() + 1);
                    int len = r.nextInt(m.remaining() - from + 1);
                    MemorySegment dst = arena.allocate(len + 1);
                    b.copyTo(from, dst, 0, len);
                    assertArrayEquals(Arrays.copyOfRange(m.rest(), from, from + len), dst.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
                }
                case 40 -> {
                    // bytes that may not be a valid varint: a run of continuation bytes, then maybe an end
                    int k = 1 + r.nextInt(11);
                    for (int i = 0; i < k; i++) {
                        int v = i == k - 1 && r.nextBoolean() ? r.nextInt(0x80) : 0x80 | r.nextInt(0x80);
                        b.writeByte(v);
                        out.writeByte(v);
                    }
                }
                case 42 -> { double v = Double.longBitsToDouble(r.nextLong()); b.writeDouble(v); out.writeLong(Double.doubleToRawLongBits(v)); }
                case 43 -> { float v = r.nextFloat(); b.writeFloatLe(v); out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(v))); }
                case 44 -> fixed(b, m, 8, () -> Double.doubleToRawLongBits(b.readDouble()), d -> d.readLong());
                case 45 -> fixed(b, m, 4, () -> Float.floatToRawIntBits(b.readFloatLe()), d -> Integer.reverseBytes(d.readInt()));
                case 46 -> b.reserve(r.nextInt(3 * 4096 + 1)); // chunks taken ahead: the bytes stay as they are
                default -> { int v = r.nextInt(0x80); b.writeByte(v); out.writeByte(v); }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Read {
        long get();
    }

    interface ModelRead {
        long get(DataInputStream d) throws IOException;
    }

    /** A fixed-width read: the value the model decodes, or an exception and no change past the end. */
    private static void fixed(ChainBuffer b, Model m, int width, Read real, ModelRead model) throws IOException {
        if (m.remaining() < width) {
            long before = b.size();
            assertThrows(IndexOutOfBoundsException.class, real::get);
            assertEquals(before, b.size(), "a read past the end changes nothing");
            return;
        }
        long want = model.get(new DataInputStream(new ByteArrayInputStream(m.take(width))));
        assertEquals(want, real.get());
    }

    private static void peek(ChainBuffer b, Model m, int width, Read real, ModelRead model) throws IOException {
        if (m.remaining() < width) {
            assertThrows(IndexOutOfBoundsException.class, real::get);
            return;
        }
        long want = model.get(new DataInputStream(new ByteArrayInputStream(m.rest(), 0, width)));
        assertEquals(want, real.get());
        assertEquals(m.remaining(), b.size(), "peek consumes nothing");
    }

    /** The reference decoder: the value and length, or why the bytes are not a varint. */
    private static void varint(ChainBuffer b, Model m, int maxBytes) {
        byte[] rest = m.rest();
        long v = 0;
        int n = -1;
        String error = null;
        for (int i = 0; i < maxBytes; i++) {
            if (i == rest.length) {
                error = "eof";
                break;
            }
            int x = rest[i] & 0xff;
            v |= (long) (x & 0x7f) << (7 * i);
            if (x < 0x80) {
                n = i + 1;
                if (i == maxBytes - 1 && x > (maxBytes == 5 ? 0x0f : 0x01)) {
                    error = "range";
                }
                break;
            }
        }
        if (n < 0 && error == null) {
            error = "long";
        }
        long before = b.size();
        if (error != null) {
            Class<? extends Throwable> type = error.equals("eof") ? IndexOutOfBoundsException.class : NumberFormatException.class;
            assertThrows(type, () -> {
                if (maxBytes == 5) {
                    b.readVarInt();
                } else {
                    b.readVarLong();
                }
            }, error);
            assertEquals(before, b.size(), "a rejected varint changes nothing");
            return;
        }
        long got = maxBytes == 5 ? b.readVarInt() & 0xffffffffL : b.readVarLong();
        assertEquals(v, got);
        m.take(n);
    }

    private static int smallOrAny(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextInt(128);
            case 1 -> r.nextInt(1 << 21);
            default -> r.nextInt();
        };
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] a = new byte[r.nextInt(max + 1)];
        r.nextBytes(a);
        return a;
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0, 1 -> sb.append((char) ('a' + r.nextInt(26)));
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> sb.append((char) (0x800 + r.nextInt(0xd000)));
                case 4 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
                default -> sb.append((char) (0xd800 + r.nextInt(0x800))); // a lone surrogate
            }
        }
        return sb.toString();
    }

    /** The bytes written so far and how many were read. */
    static final class Model {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        final List<byte[]> extracted = new ArrayList<>();
        int read;

        int remaining() {
            return bytes.size() - read;
        }

        byte[] rest() {
            return Arrays.copyOfRange(bytes.toByteArray(), read, bytes.size());
        }

        byte[] take(int n) {
            byte[] b = Arrays.copyOfRange(bytes.toByteArray(), read, read + n);
            read += n;
            return b;
        }

        void varint(long v) throws IOException {
            while ((v & ~0x7fL) != 0) {
                out.writeByte((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.writeByte((int) v);
        }
    }
}
