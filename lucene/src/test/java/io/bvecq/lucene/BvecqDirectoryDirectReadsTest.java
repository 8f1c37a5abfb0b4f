package io.bvecq.lucene;

import io.bvecq.testing.LeakChecks;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.store.BaseDirectoryTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.junit.After;
import org.junit.AfterClass;

/**
 * Lucene's own suite for every {@code Directory}, on {@link BvecqDirectory} with every input read with direct
 * read-ahead into pooled chunks ({@link BvecqDirectory.ReadMode#ALWAYS}), so that the suite's seeks, slices,
 * clones, threads and EOF checks all run on the direct input. The chunk size is drawn from the seed, from one
 * page to 64 KiB.
 */
public class BvecqDirectoryDirectReadsTest extends BaseDirectoryTestCase {
    private final OpenedDirectories opened = new OpenedDirectories();

    @Override
    protected Directory getDirectory(Path path) throws IOException {
        return opened.open(path, random(), b -> b.readMode(BvecqDirectory.ReadMode.ALWAYS));
    }

    /** Every chunk went back and every pool closed, once the test closed its directories. */
    @After
    public void everyChunkReturned() {
        opened.assertAllReturned();
    }

    /** No chain or chunk of the toolkit was dropped without release during the suite. */
    @AfterClass
    public static void noLeaks() {
        LeakChecks.assertNoLeaks("BvecqDirectoryDirectReadsTest");
    }

    /**
     * The suite expects a mapped input to report itself loaded. A direct input does not map the file and holds
     * only the chunk it reads, so it reports that it cannot tell (as Lucene's DirectIODirectory does).
     */
    @Override
    public void testIsLoaded() throws IOException {
        checkIsLoadedUnknown(0);
    }

    /** As {@link #testIsLoaded()}, on a slice. */
    @Override
    public void testIsLoadedOnSlice() throws IOException {
        checkIsLoadedUnknown(TestUtil.nextInt(random(), 1, 1024));
    }

    private void checkIsLoadedUnknown(int startOffset) throws IOException {
        try (Directory dir = getDirectory(createTempDir())) {
            int totalLength = startOffset + TestUtil.nextInt(random(), 16384, 65536);
            byte[] arr = new byte[totalLength];
            random().nextBytes(arr);
            try (IndexOutput out = dir.createOutput("temp.bin", IOContext.DEFAULT)) {
                out.writeBytes(arr, arr.length);
            }
            try (IndexInput orig = dir.openInput("temp.bin", IOContext.DEFAULT)) {
                IndexInput in = startOffset == 0 ? orig.clone() : orig.slice("slice", startOffset,
                        totalLength - startOffset);
                assertTrue(in instanceof DirectIndexInput);
                assertFalse(in.isLoaded().isPresent());
            }
        }
    }
}
