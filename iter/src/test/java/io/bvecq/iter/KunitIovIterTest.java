package io.bvecq.iter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.Bvecq;
import io.bvecq.Disposal;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's KUnit iov_iter copy and extract cases (lib/tests/kunit_iov_iter.c) for KVEC, BVEC and
 * BVECQ, with the kernel's data: a 0x100000-byte buffer of 256 pages of 4096 bytes, the pattern
 * {@code (byte) (x + (x >> 8) + (x >> 16))}, and its kvec and bvec range tables.
 *
 * <p>The kernel maps its non-contiguous pages to one virtual range for the KVEC cases. Java cannot, so
 * the KVEC cases run over one contiguous, page-aligned 1 MiB segment; the BVEC and BVECQ cases run over
 * 256 separate pages that are deliberately not adjacent in memory.
 */
class KunitIovIterTest {
    static final int PAGE = 4096;
    static final int NPAGES = 256;
    static final int BUFSIZE = NPAGES * PAGE;

    /** {from, to} byte ranges of the buffer. */
    static final long[][] KVEC_RANGES = {
        {0x00002, 0x00002}, {0x00027, 0x03000}, {0x05193, 0x18794}, {0x20000, 0x20000},
        {0x20000, 0x24000}, {0x24000, 0x27001}, {0x29000, 0xffffb}, {0xffffd, 0xffffe},
    };
    /** {page, from, to} ranges within pages. */
    static final long[][] BVEC_RANGES = {
        {0, 0x0002, 0x0002}, {1, 0x0027, 0x0893}, {2, 0x0193, 0x0794}, {3, 0x0000, 0x1000},
        {4, 0x0000, 0x1000}, {5, 0x0000, 0x1000}, {6, 0x0000, 0x0ffb}, {6, 0x0ffd, 0x0ffe},
    };

    private Arena arena;
    private MemorySegment flat;      // the KVEC buffer: contiguous, page-aligned
    private MemorySegment[] pages;   // the BVEC/BVECQ buffer: 256 non-adjacent pages
    private MemorySegment scratch;

    static byte pattern(long x) {
        return (byte) (x + (x >> 8) + (x >> 16));
    }

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
        flat = arena.allocate(BUFSIZE, PAGE);
        scratch = arena.allocate(BUFSIZE, PAGE);
        // pages come from every other page of a larger block, in shuffled order: none is adjacent to the next
        MemorySegment block = arena.allocate(2L * BUFSIZE, PAGE);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < NPAGES; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        pages = new MemorySegment[NPAGES];
        for (int i = 0; i < NPAGES; i++) {
            pages[i] = block.asSlice(2L * PAGE * order.get(i), PAGE);
        }
        for (int i = 1; i < NPAGES; i++) {
            assertTrue(pages[i].address() != pages[i - 1].address() + PAGE, "pages must not be contiguous");
        }
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    private static void fillPattern(MemorySegment s) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, pattern(i));
        }
    }

    private void fillPagesPattern() {
        for (int p = 0; p < NPAGES; p++) {
            for (int j = 0; j < PAGE; j++) {
                pages[p].set(ValueLayout.JAVA_BYTE, j, pattern((long) p * PAGE + j));
            }
        }
    }

    private byte pageByte(long i) {
        return pages[(int) (i / PAGE)].get(ValueLayout.JAVA_BYTE, i % PAGE);
    }

    private IoIter loadKvec(Direction dir) {
        MemorySegment[] kvec = new MemorySegment[KVEC_RANGES.length];
        for (int i = 0; i < kvec.length; i++) {
            kvec[i] = flat.asSlice(KVEC_RANGES[i][0], KVEC_RANGES[i][1] - KVEC_RANGES[i][0]);
        }
        return IoIter.kvec(dir, kvec);
    }

    private IoIter loadBvec(Direction dir) {
        int n = BVEC_RANGES.length;
        MemorySegment[] segs = new MemorySegment[n];
        long[] offs = new long[n];
        long[] lens = new long[n];
        for (int i = 0; i < n; i++) {
            segs[i] = pages[(int) BVEC_RANGES[i][0]];
            offs[i] = BVEC_RANGES[i][1];
            lens[i] = BVEC_RANGES[i][2] - BVEC_RANGES[i][1];
        }
        return IoIter.bvec(dir, segs, offs, lens);
    }

    /** The 256 pages, one per slot, over nodes of 29 slots (the kernel's node size): 9 nodes. */
    private Bvecq loadChain() {
        Bvecq head = null;
        Bvecq tail = null;
        for (int i = 0; i < NPAGES; i++) {
            if (tail == null || tail.isFull()) {
                Bvecq n = Bvecq.allocOne(29, Disposal.NONE);
                if (tail == null) {
                    head = n;
                } else {
                    tail.linkNext(n);
                }
                tail = n;
            }
            tail.appendSlot(pages[i], 0, PAGE, null);
        }
        return head;
    }

    private static long kvecSize() {
        long size = 0;
        for (long[] r : KVEC_RANGES) {
            size += r[1] - r[0];
        }
        return size;
    }

    // ------------------------------------------------------------------------------------------------
    // KVEC

    @Test
    void copyToKvec() {
        fillPattern(scratch);
        long size = kvecSize();
        try (IoIter it = loadKvec(Direction.DEST)) {
            assertEquals(size, it.count());
            assertEquals(size, it.copyToIter(scratch, 0, size));
            assertEquals(0, it.count());
        }
        byte[] want = new byte[BUFSIZE];
        long patt = 0;
        for (long[] r : KVEC_RANGES) {
            for (long i = r[0]; i < r[1]; i++) {
                want[(int) i] = pattern(patt++);
            }
        }
        assertBytes(want, flat);
    }

    @Test
    void copyFromKvec() {
        fillPattern(flat);
        long size = kvecSize();
        try (IoIter it = loadKvec(Direction.SOURCE)) {
            assertEquals(size, it.copyFromIter(scratch, 0, BUFSIZE));
            assertEquals(0, it.count());
        }
        byte[] want = new byte[BUFSIZE];
        int i = 0;
        for (long[] r : KVEC_RANGES) {
            for (long j = r[0]; j < r[1]; j++) {
                want[i++] = pattern(j);
            }
        }
        assertBytes(want, scratch);
    }

    @Test
    void extractPagesKvec() {
        try (IoIter it = loadKvec(Direction.DEST)) {
            checkExtract(it, kvecSize(), KVEC_RANGES, (from) -> flat.address() + from, true);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // BVEC

    @Test
    void copyToBvec() {
        fillPattern(scratch);
        try (IoIter it = loadBvec(Direction.DEST)) {
            long size = it.count();
            assertEquals(size, it.copyToIter(scratch, 0, size));
            assertEquals(0, it.count());
        }
        byte[] want = new byte[BUFSIZE];
        long patt = 0;
        for (long[] r : BVEC_RANGES) {
            for (long i = r[1]; i < r[2]; i++) {
                want[(int) (r[0] * PAGE + i)] = pattern(patt++);
            }
        }
        assertPages(want);
    }

    @Test
    void copyFromBvec() {
        fillPagesPattern();
        long size;
        try (IoIter it = loadBvec(Direction.SOURCE)) {
            size = it.count();
            assertEquals(size, it.copyFromIter(scratch, 0, BUFSIZE));
            assertEquals(0, it.count());
        }
        byte[] want = new byte[BUFSIZE];
        int i = 0;
        for (long[] r : BVEC_RANGES) {
            for (long j = r[1]; j < r[2]; j++) {
                want[i++] = pattern(r[0] * PAGE + j);
            }
        }
        assertEquals(size, i);
        assertBytes(want, scratch);
    }

    @Test
    void extractPagesBvec() {
        long[][] asBytes = new long[BVEC_RANGES.length][];
        long size = 0;
        for (int i = 0; i < asBytes.length; i++) {
            long base = BVEC_RANGES[i][0] * PAGE;
            asBytes[i] = new long[] {base + BVEC_RANGES[i][1], base + BVEC_RANGES[i][2]};
            size += BVEC_RANGES[i][2] - BVEC_RANGES[i][1];
        }
        try (IoIter it = loadBvec(Direction.DEST)) {
            checkExtract(it, size, asBytes, (from) -> pages[(int) (from / PAGE)].address() + from % PAGE, true);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // BVECQ

    @Test
    void copyToBvecq() {
        fillPattern(scratch);
        Bvecq head = loadChain();
        try {
            assertTrue(io.bvecq.BvecqBuffers.nodeCount(head) > 1, "several nodes");
            long patt = 0;
            for (long[] r : KVEC_RANGES) {
                try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, r[1])) {
                    it.advance(r[0]);
                    long n = r[1] - r[0];
                    assertEquals(n, it.copyToIter(scratch, patt, n));
                    assertEquals(0, it.count());
                    patt += n;
                }
            }
        } finally {
            head.release();
        }
        byte[] want = new byte[BUFSIZE];
        long patt = 0;
        for (long[] r : KVEC_RANGES) {
            for (long i = r[0]; i < r[1]; i++) {
                want[(int) i] = pattern(patt++);
            }
        }
        assertPages(want);
    }

    @Test
    void copyFromBvecq() {
        fillPagesPattern();
        Bvecq head = loadChain();
        long at = 0;
        try {
            for (long[] r : KVEC_RANGES) {
                try (IoIter it = IoIter.bvecq(Direction.SOURCE, head, 0, 0, r[1])) {
                    it.advance(r[0]);
                    long n = r[1] - r[0];
                    assertEquals(n, it.copyFromIter(scratch, at, BUFSIZE - at));
                    assertEquals(0, it.count());
                    at += n;
                }
            }
        } finally {
            head.release();
        }
        byte[] want = new byte[BUFSIZE];
        int i = 0;
        for (long[] r : KVEC_RANGES) {
            for (long j = r[0]; j < r[1]; j++) {
                want[i++] = pattern(j);
            }
        }
        assertBytes(want, scratch);
    }

    @Test
    void extractPagesBvecq() {
        extractBvecq(true);
    }

    /** With one page per slot, whole-slot regions are pages too: {@code extract} passes the same checks. */
    @Test
    void extractRegionsBvecq() {
        extractBvecq(false);
    }

    private void extractBvecq(boolean pagesMode) {
        Bvecq head = loadChain();
        try {
            for (long[] r : KVEC_RANGES) {
                try (IoIter it = IoIter.bvecq(Direction.DEST, head, 0, 0, r[1])) {
                    it.advance(r[0]);
                    checkExtract(it, r[1] - r[0], new long[][] {r}, (from) -> pages[(int) (from / PAGE)].address() + from % PAGE,
                            pagesMode);
                }
            }
        } finally {
            head.release();
        }
    }

    // ------------------------------------------------------------------------------------------------

    interface AddressOf {
        long of(long from);
    }

    /**
     * Extracts pages with maxSize 100 KiB and at most 8 pages per call until the iterator is empty,
     * checking that every piece is the memory of the next byte of the ranges, that the first piece of
     * each call starts at {@code from % 4096} and every later one at 0, that no call returns more than
     * remains, and that the count drops by exactly what was returned.
     */
    private static void checkExtract(IoIter it, long size, long[][] ranges, AddressOf addressOf, boolean pagesMode) {
        Regions out = new Regions(8);
        int r = 0;
        long from = ranges[0][0];
        int calls = 0;
        while (it.count() > 0) {
            long len = pagesMode ? it.extractPages(100 * 1024, 8, out) : it.extract(100 * 1024, 8, out);
            calls++;
            assertTrue(len > 0, "progress");
            assertTrue(len <= size, "len " + len + " <= remaining " + size);
            assertEquals(size - len, it.count());
            size -= len;
            assertEquals(len, out.bytes());
            for (int i = 0; i < out.size(); i++) {
                while (from == ranges[r][1]) {
                    r++;
                    from = ranges[r][0];
                }
                long addr = out.segment(i).address() + out.offset(i);
                long offset0 = addr % PAGE;
                assertEquals(i == 0 ? from % PAGE : 0, offset0, "page offset of piece " + i + " of call " + calls);
                assertEquals(addressOf.of(from), addr, "piece " + i + " of call " + calls + " is the memory at " + from);
                assertTrue(out.length(i) <= PAGE - offset0, "a piece stays in its page");
                from += out.length(i);
            }
        }
        assertEquals(0, size);
        assertEquals(0, it.count());
        assertEquals(ranges[ranges.length - 1][1], from, "every range was walked");
        assertTrue(calls > 0 || ranges.length == 1 && ranges[0][0] == ranges[0][1]);
    }

    private static void assertBytes(byte[] want, MemorySegment got) {
        byte[] g = got.toArray(ValueLayout.JAVA_BYTE);
        for (int i = 0; i < want.length; i++) {
            if (want[i] != g[i]) {
                assertEquals(want[i], g[i], "byte 0x" + Integer.toHexString(i));
            }
        }
    }

    private void assertPages(byte[] want) {
        for (int i = 0; i < want.length; i++) {
            byte g = pageByte(i);
            if (want[i] != g) {
                assertEquals(want[i], g, "byte 0x" + Integer.toHexString(i));
            }
        }
    }

    @Test
    void chainPagesAreOnePerSlot() {
        Bvecq head = loadChain();
        try {
            assertEquals(BUFSIZE, io.bvecq.BvecqBuffers.totalBytes(head));
            assertSame(pages[0], head.segment(0));
            assertEquals(9, io.bvecq.BvecqBuffers.nodeCount(head));
        } finally {
            head.release();
        }
    }
}
