/**
 * bvecq core: segmented, refcounted queues of off-heap memory regions (a port of the Linux kernel's
 * bvecq), positions within them, chain operations, a page-aligned pool and a leak detector.
 */
module io.bvecq {
    requires org.agrona;

    exports io.bvecq;
}
