package io.bvecq.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs: the bytes on disk, the running checksum at every step, and what stays in the page cache. */
class BvecqIndexOutputTest {
    @TempDir
    Path dir;

    @Test
    void checksumFollowsEveryWriteAcrossChunkBoundaries() throws IOException {
        Random r = new Random(42);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).build()) {
            try (IndexOutput out = d.createOutput("f", IOContext.DEFAULT)) {
                for (int i = 0; i < 3000; i++) {
                    ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                    switch (r.nextInt(5)) {
                        case 0 -> {
                            byte b = (byte) r.nextInt();
                            out.writeByte(b);
                            expected.write(b);
                        }
                        case 1 -> {
                            short s = (short) r.nextInt();
                            out.writeShort(s);
                            expected.write(le.putShort(s).array(), 0, 2);
                        }
                        case 2 -> {
                            int v = r.nextInt();
                            out.writeInt(v);
                            expected.write(le.putInt(v).array(), 0, 4);
                        }
                        case 3 -> {
                            long v = r.nextLong();
                            out.writeLong(v);
                            expected.write(le.putLong(v).array(), 0, 8);
                        }
                        default -> {
                            byte[] b = new byte[r.nextInt(9000)];
                            r.nextBytes(b);
                            out.writeBytes(b, b.length);
                            expected.write(b, 0, b.length);
                        }
                    }
                    assertEquals(expected.size(), out.getFilePointer());
                    if (r.nextInt(10) == 0) {
                        CRC32 crc = new CRC32();
                        crc.update(expected.toByteArray());
                        assertEquals(crc.getValue(), out.getChecksum(), "after " + expected.size() + " bytes");
                    }
                }
            }
            assertArrayEquals(expected.toByteArray(), Files.readAllBytes(dir.resolve("f")));
            assertEquals(0, d.pool().outstandingChunks());
        }
    }

    @Test
    void everyLengthAroundPageAndChunkEndsIsWrittenExactly() throws IOException {
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(8192).build()) {
            for (int len : new int[] {0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 12288, 16384, 16385}) {
                byte[] data = new byte[len];
                new Random(len).nextBytes(data);
                try (IndexOutput out = d.createOutput("f" + len, IOContext.DEFAULT)) {
                    out.writeBytes(data, data.length);
                }
                assertArrayEquals(data, Files.readAllBytes(dir.resolve("f" + len)), "length " + len);
                assertEquals(len, d.fileLength("f" + len));
            }
        }
    }

    @Test
    void directWritesLeaveTheFileOutOfThePageCache() throws IOException {
        byte[] data = new byte[(8 << 20) + 1234];
        new Random(7).nextBytes(data);
        try (BvecqDirectory d = BvecqDirectory.open(dir)) {
            try (IndexOutput out = d.createOutput("direct", IOContext.DEFAULT)) {
                out.writeBytes(data, data.length);
            }
        }
        Files.write(dir.resolve("buffered"), data); // the control: an ordinary buffered write stays cached
        Residency.Pages buffered = Residency.of(dir.resolve("buffered"));
        Residency.Pages direct = Residency.of(dir.resolve("direct"));
        assertTrue(buffered.fraction() > 0.5, "the control must stay cached, or mincore proves nothing: " + buffered);
        assertTrue(direct.fraction() < 0.05, "direct output left " + direct + " in the page cache");
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("direct")));
    }

    @Test
    void closingTwiceDoesNothingAndWritesAfterCloseFail() throws IOException {
        try (BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).build()) {
            IndexOutput out = d.createOutput("f", IOContext.DEFAULT);
            out.writeBytes(new byte[5000], 5000);
            out.close();
            out.close();
            assertThrows(IOException.class, () -> out.writeBytes(new byte[5000], 5000));
            assertThrows(IOException.class, () -> out.writeByte((byte) 1));
            assertThrows(IOException.class, () -> out.writeLong(1L));
            assertEquals(5000, out.getFilePointer(), "a rejected write appends nothing");
            assertEquals(5000, Files.size(dir.resolve("f")));
            assertEquals(0, d.pool().outstandingChunks());
        }
    }

    @Test
    void outputOutlivingItsDirectoryKeepsThePoolUntilItCloses() throws IOException {
        BvecqDirectory d = BvecqDirectory.builder(dir).chunkSize(4096).build();
        IndexOutput out = d.createOutput("f", IOContext.DEFAULT);
        d.close();
        assertThrows(AlreadyClosedException.class, () -> d.createOutput("g", IOContext.DEFAULT));
        out.writeBytes(new byte[10000], 10000);
        assertTrue(!d.pool().isClosed(), "the pool must stay open while an output uses it");
        out.close();
        assertTrue(d.pool().isClosed());
        assertEquals(10000, Files.size(dir.resolve("f")));
    }
}
