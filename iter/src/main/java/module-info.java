/** bvecq iter: the IoIter family, with ITER_BVECQ at its heart. */
module io.bvecq.iter {
    requires transitive io.bvecq;
    exports io.bvecq.iter;
}
