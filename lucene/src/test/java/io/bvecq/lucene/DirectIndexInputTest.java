package io.bvecq.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MergeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Direct inputs: which contexts get them, chunks shared by clones and slices, and use after close. */
class DirectIndexInputTest {
    private static final IOContext MERGE = IOContext.merge(new MergeInfo(10, 1 << 20, false, 1));

    @TempDir
    Path dir;

    private byte[] fill(String name, int length) throws IOException {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        Files.write(dir.resolve(name), data);
        return data;
    }

    @Test
    void mergeAndSequentialReadsOfLargeFilesAreDirectOthersMapped() throws IOException {
        fill("big", 64 << 10);
        fill("small", 100);
        try (BvecqDirectory d = BvecqDirectory.builder(dir).minDirectReadBytes(4096).build()) {
            try (IndexInput merge = d.openInput("big", MERGE);
                    IndexInput once = d.openInput("big", IOContext.READONCE);
                    IndexInput search = d.openInput("big", IOContext.DEFAULT);
                    IndexInput smallMerge = d.openInput("small", MERGE)) {
                assertInstanceOf(DirectIndexInput.class, merge);
                assertInstanceOf(DirectIndexInput.class, once);
                assertFalse(search instanceof DirectIndexInput, "a search input is mapped: " + search);
                assertFalse(smallMerge instanceof DirectIndexInput, "a file under the minimum is mapped");
            }
        }
    }

    @Test
    void clonesAndSlicesShareTheChunkTheyRead() throws IOException {
        byte[] data = fill("f", 3 * 8192 + 5);
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(8192).readMode(BvecqDirectory.ReadMode.ALWAYS)
                .build()) {
            try (IndexInput in = d.openInput("f", IOContext.DEFAULT)) {
                assertEquals(data[0], in.readByte());
                assertEquals(1, d.pool().outstandingChunks());
                IndexInput clone = in.clone();
                IndexInput slice = in.slice("s", 100, 1000);
                IndexInput other = in.clone();
                other.seek(50); // a clone that seeks inside the window shares it too
                assertEquals(data[1], clone.readByte());
                assertEquals(data[100], slice.readByte());
                assertEquals(data[50], other.readByte());
                assertEquals(1, d.pool().outstandingChunks(), "clones and slices read the original's chunk");
                clone.seek(8192 * 2);
                assertEquals(data[8192 * 2], clone.readByte());
                other.seek(8192 * 2 + 7);
                assertEquals(data[8192 * 2 + 7], other.readByte());
                assertEquals(2, d.pool().outstandingChunks(), "a second clone on chunk 2 shares its window");
                byte[] all = new byte[data.length];
                in.seek(0);
                in.readBytes(all, 0, all.length);
                assertArrayEquals(data, all);
            }
            assertEquals(0, d.pool().outstandingChunks(), "closing the original returns every chunk");
        }
    }

    @Test
    void clonesUsedAfterTheOriginalClosedThrowAlreadyClosed() throws IOException {
        fill("f", 4 * 4096);
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).readMode(BvecqDirectory.ReadMode.ALWAYS)
                .build()) {
            IndexInput in = d.openInput("f", IOContext.DEFAULT);
            in.readByte();
            IndexInput inWindow = in.clone();   // will read inside the chunk it shares
            IndexInput needsChunk = in.clone(); // will need a new chunk
            needsChunk.seek(3 * 4096);
            in.close();
            assertEquals(0, d.pool().outstandingChunks());
            assertThrows(AlreadyClosedException.class, inWindow::readByte);
            assertThrows(AlreadyClosedException.class, () -> inWindow.readBytes(new byte[10], 0, 10));
            assertThrows(AlreadyClosedException.class, needsChunk::readByte);
            assertThrows(AlreadyClosedException.class, in::readByte);
            assertThrows(AlreadyClosedException.class, in::clone);
        }
    }

    @Test
    void seeksAndSlicesOutOfRangeAreRejected() throws IOException {
        fill("f", 10000);
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).readMode(BvecqDirectory.ReadMode.ALWAYS)
                .build(); IndexInput in = d.openInput("f", IOContext.DEFAULT)) {
            assertThrows(java.io.EOFException.class, () -> in.seek(10001));
            assertThrows(IllegalArgumentException.class, () -> in.seek(-1));
            assertThrows(IllegalArgumentException.class, () -> in.slice("s", 9000, 1001));
            assertThrows(IllegalArgumentException.class, () -> in.slice("s", -1, 10));
            in.seek(10000);
            assertThrows(java.io.EOFException.class, in::readByte);
            in.seek(9996);
            assertEquals(9996, in.getFilePointer());
            in.readInt();
            assertThrows(java.io.EOFException.class, in::readByte);
            IndexInput s = in.slice("s", 4090, 10);
            assertThrows(java.io.EOFException.class, () -> s.readBytes(new byte[11], 0, 11));
        }
    }

    @Test
    void primitivesStraddlingChunksMatchTheFile() throws IOException {
        byte[] data = fill("f", 5 * 4096 + 3);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).readMode(BvecqDirectory.ReadMode.ALWAYS)
                .build(); IndexInput in = d.openInput("f", IOContext.DEFAULT)) {
            for (int pos = 4096 - 9; pos < 4096 + 1; pos++) {
                in.seek(pos);
                assertEquals(bb.getLong(pos), in.readLong(), "long at " + pos);
                in.seek(pos);
                assertEquals(bb.getInt(pos), in.readInt(), "int at " + pos);
                in.seek(pos);
                assertEquals(bb.getShort(pos), in.readShort(), "short at " + pos);
                in.seek(pos);
                long[] longs = new long[3];
                in.readLongs(longs, 0, 3);
                for (int i = 0; i < 3; i++) {
                    assertEquals(bb.getLong(pos + 8 * i), longs[i], "longs[" + i + "] at " + pos);
                }
            }
            assertTrue(d.pool().outstandingChunks() <= 1);
        }
    }
}
