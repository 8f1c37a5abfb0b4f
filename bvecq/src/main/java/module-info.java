/**
 * bvecq core: segmented, refcounted queues of off-heap memory regions (a port of the Linux kernel's
 * bvecq), positions within them, chain operations, a page-aligned pool and a leak detector.
 */
module io.bvecq {
    requires org.agrona;

    exports io.bvecq;
    // the one slot cursor, the one chain builder and the unchecked slot reads, for the sibling modules only
    exports io.bvecq.internal to io.bvecq.iter, io.bvecq.extract, io.bvecq.io;
}
