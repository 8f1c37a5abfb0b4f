/** bvecq extract: any source into a chain, the stable-write policy, and aligned duplication. */
module io.bvecq.extract {
    requires transitive io.bvecq.iter;

    exports io.bvecq.extract;
}
