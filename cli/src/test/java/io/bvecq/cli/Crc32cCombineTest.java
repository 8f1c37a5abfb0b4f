package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cCombineTest {
    private static long crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return c.getValue();
    }

    @Test
    void combiningTheChecksumsOfTwoPartsGivesTheChecksumOfTheWhole() {
        Random r = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            byte[] b = new byte[r.nextInt(5000)];
            r.nextBytes(b);
            int cut = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            long combined = Crc32cCombine.combine(crc(b, 0, cut), crc(b, cut, b.length), b.length - cut);
            assertEquals(crc(b, 0, b.length), combined, "length " + b.length + " cut at " + cut);
        }
    }

    @Test
    void manyBlocksFoldIntoTheFileChecksum() {
        byte[] b = new byte[(1 << 20) + 777];
        new Random(2).nextBytes(b);
        int block = 65536;
        long crc = 0;
        for (int off = 0; off < b.length; off += block) {
            int end = Math.min(b.length, off + block);
            crc = Crc32cCombine.combine(crc, crc(b, off, end), end - off);
        }
        assertEquals(crc(b, 0, b.length), crc);
    }

    @Test
    void negativeLengthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Crc32cCombine.combine(1, 2, -1));
    }
}
