package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.lucene.BvecqDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexTest extends LeakFree {
    @TempDir
    Path dir;

    @Test
    void anIndexMergedToOneSegmentFindsExactlyTheDocumentsOfAModelAndPassesCheckIndex() throws IOException {
        int docs = 5_000;
        long seed = 42;
        Path index = dir.resolve("index");
        SearchIndex.index(index, docs, seed);

        int[] want = new int[SearchIndex.WORDS.length]; // the model: the same bodies, counted by hand
        Random rnd = new Random(seed);
        for (int i = 0; i < docs; i++) {
            String body = " " + SearchIndex.body(rnd);
            for (int w = 0; w < want.length; w++) {
                if (body.contains(" " + SearchIndex.WORDS[w] + " ")) {
                    want[w]++;
                }
            }
        }
        for (int w = 0; w < want.length; w++) {
            assertEquals(want[w], SearchIndex.count(index, SearchIndex.WORDS[w]), SearchIndex.WORDS[w]);
        }
        assertTrue(want[0] == docs && want[want.length - 1] > 0, "the model covers common and rare words");

        try (BvecqDirectory d = BvecqDirectory.open(index);
             DirectoryReader r = DirectoryReader.open(d);
             CheckIndex check = new CheckIndex(d)) {
            assertEquals(1, r.leaves().size(), "forceMerge(1) left one segment");
            assertEquals(docs, r.numDocs());
            assertTrue(check.checkIndex().clean, "CheckIndex finds the index clean");
            assertEquals(0, d.pool().outstandingChunks(), "every chunk back in the pool");
        }
    }
}
