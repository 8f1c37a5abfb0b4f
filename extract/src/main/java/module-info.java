/** bvecq extract: any source into a chain, bounce buffering with a fused CRC32C, and aligned duplication. */
module io.bvecq.extract {
    requires transitive io.bvecq.iter;

    exports io.bvecq.extract;
}
