package io.bvecq.examples;

import io.bvecq.lucene.BvecqDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;

/**
 * A Lucene index kept in a {@link BvecqDirectory}, so that segment files are written with direct I/O
 * from pooled chunks and merges read their inputs the same way, leaving the page cache to the searchable
 * index. The directory is an ordinary Lucene {@code Directory}: the writer, the merge and the searcher are
 * Lucene's own, unchanged.
 *
 * <p>As a downstream project would, this one declares {@code bvecq-lucene} and brings its own Lucene 10.x
 * ({@code lucene-core}); the toolkit never pulls Lucene in.
 */
public final class SearchIndex {
    /** The words documents are made of; word {@code i} appears in a document with probability {@code 1/(i+1)}. */
    static final String[] WORDS = {"stable", "write", "bounce", "chain", "slot", "page", "cache", "merge",
        "segment", "direct", "pool", "chunk"};

    private SearchIndex() {
    }

    /**
     * Indexes {@code docs} generated documents into a new index under {@code dir}, merges it down to one
     * segment ({@code forceMerge(1)}), and commits. Document {@code i} has the id {@code "doc" + i} and a body
     * drawn from {@link #WORDS} by {@link #body(Random)} with {@code new Random(seed)}, in order.
     *
     * @param dir an empty or missing directory
     * @param docs how many documents, {@code >= 0}
     * @param seed the seed of the generated bodies
     * @throws IOException if Lucene or the directory fails
     */
    // @start region="index"
    public static void index(Path dir, int docs, long seed) throws IOException {
        Random rnd = new Random(seed);
        try (BvecqDirectory d = BvecqDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()))) {
            for (int i = 0; i < docs; i++) {
                Document doc = new Document();
                doc.add(new StringField("id", "doc" + i, Field.Store.YES));
                doc.add(new TextField("body", body(rnd), Field.Store.NO));
                w.addDocument(doc);
                if (i % 1000 == 999) {
                    w.flush(); // several segments, so that forceMerge has work to do
                }
            }
            w.forceMerge(1);   // merge inputs read with O_DIRECT, the merged segment written with O_DIRECT
            w.commit();        // Lucene's sync: fsync of every new file, then of the directory
        }
    }
    // @end

    /**
     * Counts the documents whose body contains {@code word}.
     *
     * @param dir an index written by {@link #index}
     * @param word a word, lower case
     * @return the number of matching documents
     * @throws IOException if Lucene or the directory fails
     */
    // @start region="search"
    public static int count(Path dir, String word) throws IOException {
        try (BvecqDirectory d = BvecqDirectory.open(dir);
             DirectoryReader r = DirectoryReader.open(d)) {
            return new IndexSearcher(r).count(new TermQuery(new Term("body", word)));
        }
    }
    // @end

    /**
     * One generated body: each word of {@link #WORDS} at index {@code i} is included with probability
     * {@code 1/(i+1)}, in order, separated by spaces.
     *
     * @param rnd the generator, advanced by one draw per word
     * @return the body, possibly empty
     */
    static String body(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < WORDS.length; i++) {
            if (rnd.nextInt(i + 1) == 0) {
                sb.append(WORDS[i]).append(' ');
            }
        }
        return sb.toString();
    }
}
