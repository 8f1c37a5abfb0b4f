package io.bvecq.lucene;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.store.BaseDirectoryTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * Lucene's own suite for every {@code Directory}, on {@link BvecqDirectory} as an application would configure
 * it: every output through pooled chunks and direct I/O; inputs opened for a merge (which the suite's random
 * {@code IOContext}s include) read with direct read-ahead, all others mapped. The chunk size is drawn from the
 * seed, from one page to 64 KiB, so the suite's file sizes cross chunk boundaries often.
 */
public class BvecqDirectoryTest extends BaseDirectoryTestCase {
    @Override
    protected Directory getDirectory(Path path) throws IOException {
        return BvecqDirectory.builder(path)
                .chunkSize(1 << TestUtil.nextInt(random(), 12, 16))
                .poolBytes(64L << 20)
                .minDirectReadBytes(0)
                .build();
    }
}
