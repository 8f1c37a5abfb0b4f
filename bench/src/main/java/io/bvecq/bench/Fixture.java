package io.bvecq.bench;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * The data every comparison works on: {@link #TOTAL} bytes (1 MiB) cut into slots of one size, described
 * the same way by every implementation, over the same native memory.
 *
 * <pre>
 *   backing (1 MiB, page aligned)   [ slot 0 | slot 1 | ... | slot n-1 ]
 *   slots      MemorySegment[n]       one asSlice per slot (the plain array walk)
 *   buffers    ByteBuffer[n]          one view per slot (the NIO loop)
 *   netty      CompositeByteBuf       one wrapped direct component per slot
 *   chain      Bvecq chain            one NONE slot per region, Bvecq.DEFAULT_SLOTS per node
 *   okio       okio.Buffer            a heap copy of the data (Okio has no native memory: its 8 KiB
 *                                     segments are byte[]; its endpoints are byte[] too)
 *   dst, src   1 MiB contiguous native segments (copy out target, copy in source)
 * </pre>
 *
 * <p>Not thread-safe: one fixture per benchmark thread. {@link #close()} releases the chain and frees the memory.
 */
final class Fixture implements AutoCloseable {
    /** The bytes every comparison moves: 1 MiB. */
    static final int TOTAL = 1 << 20;

    final int slotSize;
    final int nrSlots;
    final Arena arena = Arena.ofShared();
    final MemorySegment backing;
    final MemorySegment[] slots;
    final ByteBuffer[] buffers;
    final ByteBuf[] nettyPieces;
    final CompositeByteBuf netty;
    final Bvecq chain;
    final okio.Buffer okio = new okio.Buffer();
    final okio.Buffer.UnsafeCursor cursor = new okio.Buffer.UnsafeCursor();
    final MemorySegment dst;
    final MemorySegment src;
    final ByteBuffer dstBuffer;
    final ByteBuffer srcBuffer;
    final ByteBuf nettyDst;
    final ByteBuf nettySrc;
    final byte[] heapDst = new byte[TOTAL];
    final byte[] heapSrc = new byte[TOTAL];

    private static boolean reported;

    /**
     * Builds the data.
     *
     * @param slotSize bytes per slot, a power of two in {@code [1, TOTAL]}
     */
    Fixture(int slotSize) {
        if (slotSize < 1 || slotSize > TOTAL || Integer.bitCount(slotSize) != 1) {
            throw new IllegalArgumentException("slotSize: " + slotSize + " (expected: a power of two, 1 <= slotSize <= " + TOTAL + ")");
        }
        this.slotSize = slotSize;
        this.nrSlots = TOTAL / slotSize;
        backing = arena.allocate(TOTAL, 4096);
        dst = arena.allocate(TOTAL, 4096);
        src = arena.allocate(TOTAL, 4096);
        for (int i = 0; i < TOTAL; i++) {
            byte b = pattern(i);
            backing.set(ValueLayout.JAVA_BYTE, i, b);
            src.set(ValueLayout.JAVA_BYTE, i, b);
            heapSrc[i] = b;
        }
        slots = new MemorySegment[nrSlots];
        buffers = new ByteBuffer[nrSlots];
        nettyPieces = new ByteBuf[nrSlots];
        // Integer.MAX_VALUE components: Netty must not consolidate (copy) the components behind our back
        netty = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        Bvecq tail = head;
        for (int i = 0; i < nrSlots; i++) {
            slots[i] = backing.asSlice((long) i * slotSize, slotSize);
            buffers[i] = slots[i].asByteBuffer();
            nettyPieces[i] = Unpooled.wrappedBuffer(slots[i].asByteBuffer());
            netty.addComponent(true, nettyPieces[i].retain());
            tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, slots[i], 0, slotSize, null);
        }
        chain = head;
        okio.write(heapSrc);
        dstBuffer = dst.asByteBuffer();
        srcBuffer = src.asByteBuffer();
        nettyDst = Unpooled.wrappedBuffer(dst.asByteBuffer()).clear();
        nettySrc = Unpooled.wrappedBuffer(src.asByteBuffer());
        synchronized (Fixture.class) {
            if (!reported) {
                reported = true;
                System.err.println("# fixture: netty hasUnsafe=" + PlatformDependent.hasUnsafe() + " directBufferPreferred="
                        + PlatformDependent.directBufferPreferred() + "; okio segments are heap byte[]");
            }
        }
    }

    /** The test pattern byte at {@code x}: the kernel iov_iter test's pattern. */
    static byte pattern(long x) {
        return (byte) (x + (x >> 8) + (x >> 16));
    }

    /** Checks that {@code seg} holds the pattern in its first {@code TOTAL} bytes; for setup-time sanity checks. */
    static void checkPattern(MemorySegment seg, String what) {
        for (int i = 0; i < TOTAL; i += 97) {
            if (seg.get(ValueLayout.JAVA_BYTE, i) != pattern(i)) {
                throw new IllegalStateException(what + ": byte " + i + " is " + seg.get(ValueLayout.JAVA_BYTE, i)
                        + " (expected: " + pattern(i) + ")");
            }
        }
    }

    /** Checks that {@code a} holds the pattern; for setup-time sanity checks. */
    static void checkPattern(byte[] a, String what) {
        checkPattern(MemorySegment.ofArray(a), what);
    }

    @Override
    public void close() {
        chain.release();
        netty.release();
        for (ByteBuf b : nettyPieces) {
            b.release();
        }
        okio.clear();
        arena.close();
    }
}
