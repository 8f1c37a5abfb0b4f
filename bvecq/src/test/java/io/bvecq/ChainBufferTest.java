package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ChainBuffer: bad input, reads past the end, malformed varints, chunk reuse, extracts, use after close. */
class ChainBufferTest {
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private BufferPool pool;
    private ChainBuffer b;

    @BeforeEach
    void open() {
        pool = BufferPool.create(4096, 1 << 20, false);
        b = new ChainBuffer(pool);
    }

    @AfterEach
    void close() {
        b.close();
        assertEquals(0, pool.outstandingChunks(), "every chunk back in the pool");
        pool.close();
    }

    @Test
    void readPastTheEndIsRejectedAndChangesNothing() {
        b.writeShort(0x0102).writeByte(3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, b::readInt);
        assertEquals("readInt: 4 bytes (expected: <= size=3)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, b::readLongLe);
        assertThrows(IndexOutOfBoundsException.class, () -> b.readFully(new byte[4]));
        assertThrows(IndexOutOfBoundsException.class, () -> b.skip(4));
        assertThrows(IndexOutOfBoundsException.class, () -> b.extract(4));
        assertThrows(IndexOutOfBoundsException.class, () -> b.readUtf8(4));
        assertThrows(IndexOutOfBoundsException.class, b::peekInt);
        assertEquals(3, b.size());
        assertEquals(0x0102, b.readShort());
        assertEquals(3, b.readByte());
        assertThrows(IndexOutOfBoundsException.class, b::readByte);
    }

    @Test
    void badRangesNameTheValues() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> b.write(new byte[4], 3, 2));
        assertEquals("src offset: 3, length: 2 (expected: 0 <= offset <= offset + length <= 4)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> b.write(new byte[4], -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.write(MemorySegment.ofArray(new byte[4]), 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> b.readFully(new byte[4], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> b.skip(-1));
        assertThrows(IllegalArgumentException.class, () -> b.extract(-1));
        assertThrows(IllegalArgumentException.class, () -> b.readUtf8(-1));
        assertThrows(IllegalArgumentException.class, () -> b.hexDump(-1));
        assertThrows(IllegalArgumentException.class, () -> new ChainBuffer(pool, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChainBuffer(pool, 4097));
        assertThrows(NullPointerException.class, () -> b.writeOwned(MemorySegment.ofArray(new byte[1]), 0, 1, null));
        assertThrows(IllegalArgumentException.class, () -> b.readFully(MemorySegment.ofArray(new byte[1]).asReadOnly(), 0, 0));
        assertEquals(0, b.size(), "rejected calls wrote nothing");
    }

    @Test
    void malformedVarintsAreRejectedAndChangeNothing() {
        for (int i = 0; i < 5; i++) {
            b.writeByte(0xff);
        }
        b.writeByte(0x01);
        assertThrows(NumberFormatException.class, b::readVarInt); // 5 continuation bytes
        assertEquals(6, b.size());
        assertEquals(-1L >>> 29 | 0x7fL << 28 | 1L << 35, b.readVarLong() & 0xfffffffffL | 1L << 35);
        b.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x10});
        NumberFormatException e = assertThrows(NumberFormatException.class, b::readVarInt); // 33 bits
        assertTrue(e.getMessage().contains("expected: <= 0xf"), e.getMessage());
        assertEquals(5, b.size());
        b.skip(5);
        b.writeByte(0x80);
        assertThrows(IndexOutOfBoundsException.class, b::readVarLong); // its last byte is not written yet
        b.writeByte(0x01);
        assertEquals(128, b.readVarLong());
        b.writeVarInt(-1);
        assertEquals(5, b.size());
        assertEquals(-1, b.readVarInt());
    }

    @Test
    void anEmptyBufferReusesItsChunkAndAnExtractKeepsItsBytes() {
        b.write(new byte[4000]);
        b.skip(4000);
        b.writeLong(42); // straddles the chunk end: the empty buffer starts again at 0 instead
        assertEquals(1, pool.outstandingChunks());
        Bvecq e = b.extract(8);
        b.writeLong(7); // the extract pins the chunk: no rewind over its bytes
        assertEquals(7, b.readLong());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}, Chains.bytesOf(e));
        b.close();
        assertEquals(1, pool.outstandingChunks(), "the extract still pins its chunk");
        e.release();
    }

    @Test
    void spentChunksGoBackAsTheReaderPassesThem() {
        ChainBuffer small = new ChainBuffer(pool, 16);
        for (int i = 0; i < 64; i++) {
            small.writeLong(i);
        }
        assertEquals(32, pool.outstandingChunks());
        for (int i = 0; i < 62; i++) {
            assertEquals(i, small.readLong());
        }
        assertEquals(2, pool.outstandingChunks(), "the piece just read to its end goes when the reader moves on");
        assertEquals(62, small.readLong());
        assertEquals(1, pool.outstandingChunks());
        small.skip(8);
        assertEquals(1, pool.outstandingChunks(), "the last chunk stays for the writer");
        small.close();
    }

    @Test
    void ownedRegionsAreZeroCopyAndToldOnceWhenRead() {
        CountingOwner owner = new CountingOwner();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(100);
            seg.set(INT_BE, 0, 0x11223344);
            b.writeByte(9).writeOwned(seg, 0, 100, owner).writeByte(8);
            seg.set(INT_BE, 4, 0x55667788); // zero-copy: the buffer sees later changes
            assertEquals(9, b.readByte());
            assertEquals(0x11223344, b.readInt());
            assertEquals(0x55667788, b.readInt());
            b.skip(91);
            b.readByte();
            assertEquals(0, owner.calls(), "not yet passed");
            assertEquals(8, b.readByte());
            assertEquals(1, owner.calls());
            CountingOwner heap = new CountingOwner();
            b.writeOwned(MemorySegment.ofArray(new byte[] {1, 2}), 0, 2, heap);
            assertEquals(1, heap.calls(), "heap memory is copied and its owner told at once");
            assertEquals(0x0102, b.readShort());
        }
    }

    @Test
    void streamsAndHexDump() throws Exception {
        b.outputStream().write("Hello".getBytes());
        b.writeIntLe(42);
        String dump = b.hexDump(64);
        assertTrue(dump.startsWith("ChainBuffer[size=9]\n00000000  48 65 6c 6c 6f 2a 00 00  00"), dump);
        assertTrue(dump.endsWith("|Hello*...|"), dump);
        assertTrue(b.hexDump(2).endsWith("... 7 more bytes"), b.hexDump(2));
        InputStream in = b.inputStream();
        assertEquals(9, in.available());
        assertEquals('H', in.read());
        assertEquals(8, in.read(new byte[20]));
        assertEquals(-1, in.read());
        assertNull(b.extract(0));
    }

    @Test
    void useAfterCloseThrowsTheReleasedException() {
        b.writeInt(1);
        b.close();
        b.close(); // twice: nothing
        List<Consumer<ChainBuffer>> uses = List.of(ChainBuffer::size, c -> c.writeByte(1), c -> c.writeLong(1),
                ChainBuffer::readByte, ChainBuffer::readInt, ChainBuffer::peekLong, c -> c.write(new byte[1]),
                c -> c.write(new byte[0]), c -> c.readFully(new byte[0]), c -> c.writeUtf8("x"), c -> c.writeVarLong(1),
                ChainBuffer::readVarInt, c -> c.skip(0), c -> c.extract(0), ChainBuffer::toByteArray,
                c -> c.hexDump(1), c -> c.write(ByteBuffer.allocate(1)), c -> c.read(ByteBuffer.allocate(1)),
                c -> c.writeOwned(MemorySegment.ofArray(new byte[1]), 0, 1, new CountingOwner()), c -> c.reserve(1),
                c -> c.reserve(0));
        for (Consumer<ChainBuffer> use : uses) {
            BvecqReleasedException e = assertThrows(BvecqReleasedException.class, () -> use.accept(b));
            assertTrue(e.getMessage().startsWith("ChainBuffer used after close: "), e.getMessage());
        }
        assertEquals("ChainBuffer[closed]", b.toString());
    }

    @Test
    void reserveTakesEveryChunkTheWritesNeedAtOnceAndTheWritesTakeNoMore() {
        b.reserve(3 * 4096 + 1); // four chunks: the writer's and three ahead
        assertEquals(4, pool.outstandingChunks());
        assertEquals(0, b.size(), "reserving writes nothing");
        for (int i = 0; i < (3 * 4096 + 1) / 8 + 1; i++) {
            b.writeLong(i);
        }
        assertEquals(4, pool.outstandingChunks(), "the writes used the chunks taken ahead");
        for (int i = 0; i < (3 * 4096 + 1) / 8 + 1; i++) {
            assertEquals(i, b.readLong());
        }
        b.reserve(4096);
        assertEquals(1, pool.outstandingChunks(),
                "read chunks went back; the empty buffer writes its last chunk again");
        b.writeInt(7).reserve(4096 - 4);
        assertEquals(1, pool.outstandingChunks(), "the room left was enough");
        b.reserve(4096 - 3);
        assertEquals(2, pool.outstandingChunks(), "one byte more than the room left takes a chunk");
        assertEquals(7, b.readInt());
    }

    @Test
    void reserveTheMemoryIsNotThereIsRefusedWholeAndTakesNothing() {
        b.writeInt(42);
        PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> b.reserve(1 << 20));
        assertTrue(e.getMessage().contains("maxBytes=1048576"), e.getMessage());
        assertEquals(1, pool.outstandingChunks(), "the chunks taken before the pool ran out went back");
        assertEquals(4, b.size());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> b.reserve(-1));
        assertEquals("n: -1 (expected: 0 <= n <= maxBytes=1048576)", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.reserve((1 << 20) + 1));
        assertEquals(42, b.readInt());
    }

    @Test
    void closingGivesBackTheChunksTakenAhead() {
        b.reserve(10 * 4096);
        assertEquals(10, pool.outstandingChunks());
        b.close();
        assertEquals(0, pool.outstandingChunks());
    }

    @Test
    void aRegionOverAGibibyteIsHeldAsSeveralPiecesAndReadAcrossThem() {
        long length = PieceRing.MAX_PIECE + 4096;
        CountingOwner owner = new CountingOwner();
        Bvecq e;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment big = arena.allocate(length + 8, 4096);
            big.set(LONG_BE, 8 + PieceRing.MAX_PIECE - 4, 0x0102030405060708L); // straddles the pieces' boundary
            b.writeOwned(big, 8, length, owner);
            assertEquals(length, b.size());
            b.skip(PieceRing.MAX_PIECE - 4);
            assertEquals(0x0102030405060708L, b.peekLong(), "peeked across the two pieces");
            e = b.extract(8);
            assertEquals(2, countSlots(e), "one slot per piece the extract crosses");
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Chains.bytesOf(e));
            big.set(LONG_BE, 8 + length - 8, 99L); // the region is the caller's memory, described, not copied
            b.skip(4092 - 8);
            assertEquals(99L, b.readLong(), "the second piece's last bytes");
            assertEquals(0, b.size());
            b.close();
            assertEquals(0, owner.calls(), "the extract still holds the region");
            e.release();
            assertEquals(1, owner.calls(), "told once, when the last piece's reference went");
        }
    }

    private static int countSlots(Bvecq head) {
        int n = 0;
        for (Bvecq q = head; q != null; q = q.nextAcquire()) {
            n += q.nrSlotsAcquire();
        }
        return n;
    }
}
