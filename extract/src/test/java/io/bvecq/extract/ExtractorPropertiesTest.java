package io.bvecq.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.testing.LeakCheckHook;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** Extraction against a flat byte[] model, for every iterator type with memory and random layouts. */
@AddLifecycleHook(LeakCheckHook.class)
class ExtractorPropertiesTest {
    enum Kind { SEGMENT, KVEC, BVEC, BVECQ }

    @Property
    void extractionsConcatenateToTheModel(@ForAll Kind kind,
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 9000) Integer> sizes,
            @ForAll boolean withPins, @ForAll long seed) {
        Random r = new Random(seed);
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        byte[] model = new byte[total];
        r.nextBytes(model);
        ExtractorTest.CountingPins pins = withPins ? new ExtractorTest.CountingPins() : null;
        try (Arena arena = Arena.ofConfined(); BufferPool pool = BufferPool.create()) {
            Bvecq chain = null;
            IoIter it;
            switch (kind) {
                case SEGMENT -> it = IoIter.segment(Direction.SOURCE, r.nextBoolean() ? MemorySegment.ofArray(model.clone())
                        : copyToNative(arena, model, 0, total));
                case KVEC, BVEC -> {
                    MemorySegment[] segs = new MemorySegment[sizes.size()];
                    long[] offs = new long[sizes.size()];
                    long[] lens = new long[sizes.size()];
                    int at = 0;
                    for (int i = 0; i < segs.length; i++) {
                        int n = sizes.get(i);
                        segs[i] = r.nextBoolean() ? MemorySegment.ofArray(Arrays.copyOfRange(model, at, at + n))
                                : copyToNative(arena, model, at, n);
                        lens[i] = n;
                        at += n;
                    }
                    it = kind == Kind.KVEC ? IoIter.kvec(Direction.SOURCE, segs) : IoIter.bvec(Direction.SOURCE, segs, offs, lens);
                }
                default -> {
                    chain = TestChains.build(arena, model, sizes, 1 + r.nextInt(4));
                    BvecqPos p = BvecqPos.at(chain);
                    it = IoIter.bvecq(Direction.SOURCE, p);
                    p.unset();
                }
            }
            byte[] got = new byte[total];
            int at = 0;
            try {
                while (it.count() > 0) {
                    long maxSize = 1 + r.nextInt(Math.max(1, total));
                    int maxSegs = 1 + r.nextInt(5);
                    long before = it.count();
                    Extractor.Extraction x = Extractor.extract(it, maxSize, maxSegs, pins, pool);
                    assertNotNull(x.head(), "something left, so something extracted");
                    assertTrue(x.bytes() >= 1 && x.bytes() <= maxSize, x.toString());
                    assertEquals(before - x.bytes(), it.count(), "advanced by exactly the bytes returned");
                    int slots = 0;
                    for (Bvecq n = x.head(); n != null; n = n.nextAcquire()) {
                        for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                            if (n.length(s) == 0) {
                                continue;
                            }
                            slots++;
                            assertTrue(n.segment(s).isNative(), "heap memory is never referenced zero-copy");
                            switch (n.disposal()) {
                                case FREE -> assertEquals(0, n.segment(s).address() % BufferPool.PAGE_SIZE);
                                case UNPIN -> assertTrue(withPins && kind != Kind.BVECQ, "UNPIN only for pinned caller memory");
                                case NONE -> assertTrue(!withPins || kind == Kind.BVECQ, "NONE: vouched or shared chain");
                                default -> throw new AssertionError("unexpected kind " + n.disposal());
                            }
                        }
                    }
                    assertTrue(slots <= maxSegs, "slots " + slots + " <= maxSegs " + maxSegs);
                    byte[] b = TestChains.bytes(x.head());
                    System.arraycopy(b, 0, got, at, b.length);
                    at += b.length;
                    x.head().release();
                }
            } finally {
                it.close();
                if (chain != null) {
                    chain.release();
                }
            }
            assertArrayEquals(model, got);
            assertEquals(0, pool.outstandingChunks());
            if (pins != null) {
                pins.assertAllReleasedOnce();
            }
        }
    }

    private static MemorySegment copyToNative(Arena arena, byte[] data, int from, int len) {
        MemorySegment m = arena.allocate(Math.max(1, len), 8).asSlice(0, len);
        MemorySegment.copy(data, from, m, ValueLayout.JAVA_BYTE, 0, len);
        return m;
    }
}
