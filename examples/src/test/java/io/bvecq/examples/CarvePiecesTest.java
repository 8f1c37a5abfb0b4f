package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.ChainBuffer;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CarvePiecesTest extends LeakFree {
    private static final int MIB = 1 << 20;

    @Test
    void piecesRespectBothLimitsAndCarryEveryByteInOrder() throws IOException {
        byte[] data = new byte[MIB + 1000];
        new Random(3).nextBytes(data);
        try (BufferPool pool = BufferPool.create()) {
            try (ChainBuffer buf = new ChainBuffer(pool); Bvecq chain = buf.write(data).extract(data.length)) {
                // 4 KiB chunks: 257 regions
                // 64 KiB would be 16 regions: the 8-region limit bites first, so pieces are 32 KiB
                List<Long> sizes = CarvePieces.pieceSizes(chain, 64 << 10, 8);
                assertEquals(33, sizes.size());
                assertEquals(Collections.nCopies(32, 32L << 10), sizes.subList(0, 32));
                assertEquals(1000L, sizes.get(32));

                ByteArrayOutputStream got = new ByteArrayOutputStream();
                List<Long> sent = new ArrayList<>();
                int pieces = CarvePieces.carve(chain, 64 << 10, 8, (piece, length) -> {
                    assertTrue(regions(piece) <= 8, "regions " + regions(piece));
                    byte[] b = new byte[(int) length];
                    try (IoIter it = IoIter.bvecq(Direction.SOURCE, piece, 0, 0, length)) {
                        assertEquals(length, it.copyFromIter(MemorySegment.ofArray(b), 0, length));
                    }
                    got.writeBytes(b);
                    sent.add(length);
                });
                assertEquals(sizes.size(), pieces);
                assertEquals(sizes, sent, "extract carves exactly what slice measured");
                assertArrayEquals(data, got.toByteArray());

                // a byte limit below one chunk: 1000-byte pieces, whatever the regions
                List<Long> small = CarvePieces.pieceSizes(chain, 1000, 8);
                assertEquals(1000L, small.get(0));
                assertEquals(data.length, small.stream().mapToLong(Long::longValue).sum());
            }
            assertEquals(0, pool.outstandingChunks());
        }
    }

    private static int regions(Bvecq head) {
        int n = 0;
        for (Bvecq q = head; q != null; q = q.nextAcquire()) {
            for (int s = 0; s < q.nrSlotsAcquire(); s++) {
                if (q.length(s) > 0) {
                    n++;
                }
            }
        }
        return n;
    }
}
