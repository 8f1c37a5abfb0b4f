package io.bvecq.lucene;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The directories a Lucene suite opened, so that after each test it can check that every chunk went back to
 * its pool and every pool was closed: an output or input that kept a chunk, or a directory that closed its
 * pool too early, fails the test that caused it.
 */
final class OpenedDirectories {
    private final List<BvecqDirectory> opened = new ArrayList<>();

    /** Opens a directory with a chunk size drawn from {@code random} (one page to 64 KiB) and a 64 MiB pool. */
    synchronized BvecqDirectory open(Path path, Random random, UnaryOperator<BvecqDirectory.Builder> config)
            throws IOException {
        BvecqDirectory d = config.apply(BvecqDirectory.builder(path)
                .chunkSize(1 << (12 + random.nextInt(5)))
                .poolBytes(64L << 20)).build();
        opened.add(d);
        return d;
    }

    /** Fails if a directory opened since the last call still has chunks out or an open pool; then forgets them. */
    synchronized void assertAllReturned() {
        try {
            for (BvecqDirectory d : opened) {
                if (d.pool().outstandingChunks() != 0 || !d.pool().isClosed()) {
                    throw new AssertionError("chunks not returned or pool not closed: " + d.pool() + " of " + d);
                }
            }
        } finally {
            opened.clear();
        }
    }
}
