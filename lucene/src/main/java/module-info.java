/**
 * bvecq lucene: a Lucene {@code Directory} whose outputs are written with direct I/O from pooled, page-aligned
 * chunks and whose merge reads are read ahead with direct I/O into pooled chunks, so that merging a large index
 * leaves the page cache to the searchable part. Lucene is not a dependency of the other bvecq modules: the user
 * brings Lucene 10.x.
 */
module io.bvecq.lucene {
    requires transitive io.bvecq.io;
    requires transitive org.apache.lucene.core;

    exports io.bvecq.lucene;
}
