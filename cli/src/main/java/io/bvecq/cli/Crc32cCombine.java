package io.bvecq.cli;

/**
 * Combines two CRC32C values into the CRC32C of the concatenated data, so that blocks checksummed in
 * parallel give the checksum of the whole file. {@code crc(A || B)} is {@code crc(A)} advanced over
 * {@code len(B)} zero bytes, XOR {@code crc(B)}; advancing over zeros is a linear map on the 32-bit state,
 * applied as a 32x32 GF(2) matrix raised to the needed power by repeated squaring (the method zlib's
 * {@code crc32_combine} uses; written here for the Castagnoli polynomial).
 */
final class Crc32cCombine {
    /** The reflected Castagnoli polynomial of {@link java.util.zip.CRC32C}. */
    private static final int POLY = 0x82F63B78;

    private Crc32cCombine() {
    }

    /**
     * The CRC32C of {@code A || B}.
     *
     * @param crcA {@code CRC32C(A)}
     * @param crcB {@code CRC32C(B)}
     * @param lenB the length of {@code B} in bytes, {@code >= 0}
     * @return {@code CRC32C(A || B)}, in the low 32 bits
     */
    static long combine(long crcA, long crcB, long lenB) {
        if (lenB < 0) {
            throw new IllegalArgumentException("lenB: " + lenB + " (expected: lenB >= 0)");
        }
        if (lenB == 0) {
            return crcA;
        }
        int[] odd = new int[32];
        int[] even = new int[32];
        odd[0] = POLY; // the operator for one zero bit
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        int crc = (int) crcA;
        long len = lenB;
        do {
            square(even, odd); // first pass: one zero byte, then 4, 16, ... bytes
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>>= 1;
        } while (len != 0);
        return (crc ^ (int) crcB) & 0xFFFFFFFFL;
    }

    private static int times(int[] mat, int vec) {
        int sum = 0;
        for (int i = 0; vec != 0; i++, vec >>>= 1) {
            if ((vec & 1) != 0) {
                sum ^= mat[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] mat) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(mat, mat[n]);
        }
    }
}
