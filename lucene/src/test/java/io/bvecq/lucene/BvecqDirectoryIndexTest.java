package io.bvecq.lucene;

import io.bvecq.testing.LeakChecks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.tests.analysis.MockAnalyzer;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.junit.After;
import org.junit.AfterClass;

/**
 * An index round trip on {@link BvecqDirectory}: index random documents over several flushes, merge down to one
 * segment (the merge reads with direct read-ahead and writes with direct I/O), check the index with Lucene's
 * {@code CheckIndex}, and find every document again by term and by stored field.
 */
public class BvecqDirectoryIndexTest extends LuceneTestCase {
    private final OpenedDirectories opened = new OpenedDirectories();

    /** Every chunk went back and every pool closed. */
    @After
    public void everyChunkReturned() {
        opened.assertAllReturned();
    }

    /** No chain or chunk of the toolkit was dropped without release. */
    @AfterClass
    public static void noLeaks() {
        LeakChecks.assertNoLeaks("BvecqDirectoryIndexTest");
    }

    public void testIndexForceMergeCheckIndexAndSearch() throws IOException {
        int numDocs = atLeast(2000);
        List<String> bodies = new ArrayList<>();
        try (BvecqDirectory dir = opened.open(createTempDir("index"), random(), b -> b.minDirectReadBytes(0))) {
            IndexWriterConfig iwc = new IndexWriterConfig(new MockAnalyzer(random()));
            iwc.setMaxBufferedDocs(TestUtil.nextInt(random(), 50, 300)); // several segments to merge
            iwc.setUseCompoundFile(random().nextBoolean());
            try (IndexWriter w = new IndexWriter(dir, iwc)) {
                for (int i = 0; i < numDocs; i++) {
                    String body = TestUtil.randomSimpleString(random(), 1, 40) + " common";
                    bodies.add(body);
                    Document doc = new Document();
                    doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
                    doc.add(new TextField("body", body, Field.Store.NO));
                    doc.add(new StoredField("body_stored", body));
                    doc.add(new NumericDocValuesField("n", i));
                    w.addDocument(doc);
                }
                w.forceMerge(1);
                w.commit();
            }
            TestUtil.checkIndex(dir);
            try (DirectoryReader r = DirectoryReader.open(dir)) {
                assertEquals(1, r.leaves().size());
                assertEquals(numDocs, r.numDocs());
                IndexSearcher s = newSearcher(r);
                assertEquals(numDocs, s.count(new TermQuery(new Term("body", "common"))));
                for (int k = 0; k < 50; k++) {
                    int i = random().nextInt(numDocs);
                    var hits = s.search(new TermQuery(new Term("id", Integer.toString(i))), 1);
                    assertEquals(1, hits.totalHits.value());
                    assertEquals(bodies.get(i),
                            s.storedFields().document(hits.scoreDocs[0].doc).get("body_stored"));
                }
            }
        }
    }
}
