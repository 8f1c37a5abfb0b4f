package io.bvecq.lucene;

import io.bvecq.testing.LeakChecks;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.store.BaseDirectoryTestCase;
import org.junit.After;
import org.junit.AfterClass;

/**
 * Lucene's own suite for every {@code Directory}, on {@link BvecqDirectory} as an application would configure
 * it: every output through pooled chunks and direct I/O; inputs opened for a merge (which the suite's random
 * {@code IOContext}s include) read with direct read-ahead, all others mapped. The chunk size is drawn from the
 * seed, from one page to 64 KiB, so the suite's file sizes cross chunk boundaries often.
 */
public class BvecqDirectoryTest extends BaseDirectoryTestCase {
    private final OpenedDirectories opened = new OpenedDirectories();

    @Override
    protected Directory getDirectory(Path path) throws IOException {
        return opened.open(path, random(), b -> b.minDirectReadBytes(0));
    }

    /** Every chunk went back and every pool closed, once the test closed its directories. */
    @After
    public void everyChunkReturned() {
        opened.assertAllReturned();
    }

    /** No chain or chunk of the toolkit was dropped without release during the suite. */
    @AfterClass
    public static void noLeaks() {
        LeakChecks.assertNoLeaks("BvecqDirectoryTest");
    }
}
