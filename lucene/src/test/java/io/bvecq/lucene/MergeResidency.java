package io.bvecq.lucene;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.misc.store.DirectIODirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.store.NIOFSDirectory;

/**
 * Merge time and page-cache residency after {@code forceMerge(1)}, for {@link BvecqDirectory} beside Lucene's
 * {@code MMapDirectory}, {@code NIOFSDirectory} and {@code DirectIODirectory}, on one machine in one run.
 *
 * <p>It indexes a generated corpus of random text documents (a Zipf-like draw from a vocabulary of random
 * words, stored and indexed) once into a template index of many segments without merging, then for each
 * directory: copies the template into a fresh directory, syncs it and evicts it from the page cache
 * ({@code posix_fadvise(DONTNEED)}), runs {@code forceMerge(1)} on the directory under test with a serial merge
 * scheduler, timing the merge and the commit, and counts with {@code mincore(2)} how many pages of the merged
 * segment and of the whole index are in the page cache.
 *
 * <p>Not a test: run it by hand, on a quiet machine if the numbers are to mean anything.
 * <pre>
 *   mvn -B -q -pl lucene -am test-compile -Dstress.skip=true
 *   mvn -B -q -pl lucene dependency:build-classpath -Dmdep.outputFile=/tmp/lucene.cp
 *   java --enable-native-access=ALL-UNNAMED -cp lucene/target/classes:lucene/target/test-classes:$(cat /tmp/lucene.cp):io/target/classes:extract/target/classes:iter/target/classes:bvecq/target/classes \
 *       io.bvecq.lucene.MergeResidency /var/tmp/merge-bench 1024 [rounds]
 * </pre>
 * Arguments: a work directory on the file system to measure (deleted and re-created), the corpus size in MiB
 * (default 1024), and how many rounds of the five directories to run (default 1; the order alternates):
 * {@code BvecqDirectory} runs twice, with its default write-behind and without. One merge that is not
 * reported runs first, so that the JIT warm-up of Lucene's merge code is nobody's.
 */
public final class MergeResidency {
    private MergeResidency() {
    }

    private interface Opener {
        Directory open(Path p) throws IOException;
    }

    private record Kind(String name, Opener opener) {
    }

    private record Result(String kind, double mergeSeconds, double commitSeconds, long mergedBytes,
            Residency.Pages merged, Residency.Pages index) {
    }

    /**
     * Runs the comparison and prints a table on standard output.
     *
     * @param args work directory, corpus MiB (default 1024), rounds (default 1)
     * @throws Exception if indexing, merging or measuring fails
     */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/var/tmp/bvecq-merge-residency");
        long corpusBytes = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        deleteTree(work);
        Files.createDirectories(work);
        Path template = work.resolve("template");
        long t0 = System.nanoTime();
        int segments = buildTemplate(template, corpusBytes);
        System.err.printf(Locale.ROOT, "template: %d MiB of text in %d segments, %d MiB on disk, %.1f s%n",
                corpusBytes >> 20, segments, treeBytes(template) >> 20, (System.nanoTime() - t0) / 1e9);

        List<Kind> kinds = List.of(
                new Kind("BvecqDirectory", p -> BvecqDirectory.open(p)),
                new Kind("DirectIODirectory", p -> new DirectIODirectory(FSDirectory.open(p))),
                new Kind("MMapDirectory", MMapDirectory::new),
                new Kind("NIOFSDirectory", NIOFSDirectory::new),
                new Kind("BvecqDirectory, no write-behind", p -> BvecqDirectory.builder(p).writeBehind(false).build()));
        // one merge first that is not reported: the JIT compiles Lucene's merge code on it, so that the first
        // directory measured does not pay for everyone's warm-up
        mergeOnce(work, template, kinds.get(2));
        System.err.println("warm-up merge done");
        List<Result> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<Kind> order = new ArrayList<>(kinds);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Kind k : order) {
                Result r = mergeOnce(work, template, k);
                results.add(r);
                System.err.printf(Locale.ROOT, "done: %s %.2f s%n", k.name(), r.mergeSeconds());
            }
        }
        System.out.println("| directory | merge s | MiB/s merged | commit s | merged segment resident | index resident |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.2f | %.1f%% (%d of %d pages) | %.1f%% |%n", r.kind,
                    r.mergeSeconds, (r.mergedBytes / 1048576.0) / r.mergeSeconds, r.commitSeconds,
                    100 * r.merged.fraction(), r.merged.resident(), r.merged.total(), 100 * r.index.fraction());
        }
        deleteTree(work);
    }

    /** Indexes the corpus into many small segments, never merging; returns the segment count. */
    private static int buildTemplate(Path dir, long corpusBytes) throws IOException {
        Random r = new Random(20261202L);
        String[] vocab = new String[50_000];
        for (int i = 0; i < vocab.length; i++) {
            char[] w = new char[3 + r.nextInt(8)];
            for (int j = 0; j < w.length; j++) {
                w[j] = (char) ('a' + r.nextInt(26));
            }
            vocab[i] = new String(w);
        }
        IndexWriterConfig iwc = new IndexWriterConfig(new StandardAnalyzer())
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setRAMBufferSizeMB(Math.max(8, (corpusBytes >> 20) / 12)) // a dozen segments or so
                .setUseCompoundFile(false);
        long written = 0;
        int id = 0;
        StringBuilder sb = new StringBuilder(4096);
        try (Directory d = FSDirectory.open(dir); IndexWriter w = new IndexWriter(d, iwc)) {
            while (written < corpusBytes) {
                sb.setLength(0);
                int words = 100 + r.nextInt(300);
                for (int i = 0; i < words; i++) {
                    // Zipf-like: small indexes far more often
                    double u = r.nextDouble();
                    sb.append(vocab[(int) (vocab.length * u * u * u)]).append(' ');
                }
                Document doc = new Document();
                doc.add(new StringField("id", Integer.toString(id++), Field.Store.YES));
                doc.add(new TextField("body", sb.toString(), Field.Store.YES));
                w.addDocument(doc);
                written += sb.length();
            }
            w.commit();
        }
        try (Directory d = FSDirectory.open(dir)) {
            return SegmentInfos.readLatestCommit(d).size();
        }
    }

    private static Result mergeOnce(Path work, Path template, Kind kind) throws IOException {
        Path dir = work.resolve(kind.name());
        deleteTree(dir);
        Files.createDirectories(dir);
        try (var files = Files.list(template)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("write.lock")) {
                    Path to = dir.resolve(f.getFileName());
                    Files.copy(f, to);
                    try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
                        ch.force(true); // clean pages can be evicted, dirty ones cannot
                    }
                    Residency.evict(to);
                }
            }
        }
        double mergeS;
        double commitS;
        Result result;
        try (Directory d = kind.opener().open(dir)) {
            IndexWriterConfig iwc = new IndexWriterConfig(new StandardAnalyzer())
                    .setOpenMode(IndexWriterConfig.OpenMode.APPEND)
                    .setMergeScheduler(new SerialMergeScheduler())
                    .setMergePolicy(new TieredMergePolicy());
            try (IndexWriter w = new IndexWriter(d, iwc)) {
                long t0 = System.nanoTime();
                w.forceMerge(1);
                long t1 = System.nanoTime();
                w.commit();
                long t2 = System.nanoTime();
                mergeS = (t1 - t0) / 1e9;
                commitS = (t2 - t1) / 1e9;
            }
            SegmentInfos infos = SegmentInfos.readLatestCommit(d);
            if (infos.size() != 1) {
                throw new IllegalStateException(kind.name() + ": " + infos.size() + " segments after forceMerge(1)");
            }
            SegmentCommitInfo seg = infos.info(0);
            Residency.Pages merged = new Residency.Pages(0, 0);
            long mergedBytes = 0;
            for (String f : seg.files()) {
                merged = merged.plus(Residency.of(dir.resolve(f)));
                mergedBytes += Files.size(dir.resolve(f));
            }
            Residency.Pages index = Residency.ofDirectory(dir);
            result = new Result(kind.name(), mergeS, commitS, mergedBytes, merged, index);
        }
        deleteTree(dir);
        return result;
    }

    private static long treeBytes(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
