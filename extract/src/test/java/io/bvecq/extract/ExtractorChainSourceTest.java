package io.bvecq.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.BvecqReleasedException;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Issue 11: Extractor over a chain takes fpos from the source, and a released node ahead ends it short. */
class ExtractorChainSourceTest {

    private static Bvecq node(long fpos, int... sizes) {
        Bvecq n = Bvecq.allocOne(sizes.length, Disposal.NONE);
        for (int s : sizes) {
            n.appendSlot(MemorySegment.ofArray(new byte[s]), 0, s, null);
        }
        n.setFpos(fpos);
        return n;
    }

    @Test
    void theFirstNodeTakesTheSourceFilePositionLikeBvecqPosExtract() {
        Bvecq a = node(1000, 10, 10);
        a.linkNext(node(1020, 10));
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false);
                IoIter it = IoIter.bvecq(Direction.SOURCE, a, 0, 0, 30)) {
            it.advance(13);
            Extractor.Extraction x = Extractor.extract(it, 100, 100, null, pool);
            assertEquals(17, x.bytes());
            assertEquals(1013, x.head().fpos());
            BvecqPos p = BvecqPos.at(a);
            p.advance(13);
            Bvecq y = p.extract(100, 100);
            assertEquals(x.head().fpos(), y.fpos()); // one rule for both
            y.release();
            p.unset();
            x.head().release();
        } finally {
            a.release();
        }
    }

    @Test
    void aReleasedNodeAheadEndsTheExtractionShortKeepingWhatWasExtracted() {
        Bvecq a = node(0, 10, 10);
        Bvecq b = node(20, 10);
        a.linkNext(b);
        IoIter it = IoIter.bvecq(Direction.SOURCE, a, 0, 0, 30);
        try (BufferPool pool = BufferPool.create(4096, 1 << 20, false)) {
            b.release(); // over-release: b's only reference is a's link
            Extractor.Extraction x = Extractor.extract(it, 100, 100, null, pool);
            assertEquals(20, x.bytes());
            assertEquals(20, BvecqBuffers.totalBytes(x.head()));
            assertInstanceOf(BvecqReleasedException.class, x.stoppedBy());
            assertTrue(x.stoppedBy().getMessage().contains("Bvecq#" + b.id()), x.stoppedBy().getMessage());
            assertEquals(20, it.consumed()); // advanced only past what was extracted
            x.head().release();
            // the next call starts at the failed region and, with nothing extracted, throws
            assertThrows(BvecqReleasedException.class, () -> Extractor.extract(it, 100, 100, null, pool));
            assertEquals(20, it.consumed());
        } finally {
            it.close();
            assertThrows(BvecqReleasedException.class, a::release); // the cascade meets the over-released b
        }
    }
}
