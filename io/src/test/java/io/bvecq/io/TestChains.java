package io.bvecq.io;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** Builders of chains and files for the io tests. */
final class TestChains {
    private TestChains() {
    }

    /** A fresh temp directory under /tmp (this machine's ext4). */
    static Path tempDir() throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "bvecq-io-test");
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A page-aligned FREE chain from {@code pool} holding exactly {@code data} (size must fill whole chunks). */
    static Bvecq pooled(BufferPool pool, byte[] data) {
        Bvecq head = BvecqBuffers.allocBuffer(pool, data.length, 0);
        int i = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                int take = (int) Math.min(n.length(s), data.length - i);
                MemorySegment.copy(data, i, n.segment(s), ValueLayout.JAVA_BYTE, n.offset(s), take);
                i += take;
            }
        }
        if (BvecqBuffers.totalBytes(head) != data.length) {
            BvecqBuffers.shortenBuffer(head, 0, data.length);
        }
        return head;
    }

    /** An empty (zeroed) page-aligned chain of {@code size} bytes. */
    static Bvecq pooledEmpty(BufferPool pool, int size) {
        return pooled(pool, new byte[size]);
    }

    /**
     * A NONE chain over {@code arena} memory holding {@code data} in slots of the given sizes (cycled), each
     * region starting {@code skew} bytes past an aligned address: unaligned for direct I/O when skew != 0.
     */
    static Bvecq skewed(Arena arena, byte[] data, int skew, int... slotSizes) {
        Bvecq head = Bvecq.allocOne(Disposal.NONE);
        Bvecq tail = head;
        int i = 0;
        int k = 0;
        while (i < data.length) {
            int len = Math.min(slotSizes[k++ % slotSizes.length], data.length - i);
            MemorySegment seg = arena.allocate(len + skew, 4096);
            MemorySegment.copy(data, i, seg, ValueLayout.JAVA_BYTE, skew, len);
            tail = BvecqBuffers.appendRegion(tail, Disposal.NONE, seg, skew, len, null);
            i += len;
        }
        return head;
    }

    /** The bytes of a whole chain. */
    static byte[] bytes(Bvecq head) {
        byte[] out = new byte[(int) BvecqBuffers.totalBytes(head)];
        int i = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                MemorySegment.copy(n.segment(s), ValueLayout.JAVA_BYTE, n.offset(s), out, i, (int) n.length(s));
                i += (int) n.length(s);
            }
        }
        return out;
    }
}
