/**
 * bvecq core: segmented, refcounted queues of off-heap memory regions (a port of the Linux kernel's
 * bvecq), positions within them, chain operations, a page-aligned pool and a leak detector, and the byte
 * buffer over it all ({@link io.bvecq.ChainBuffer}).
 *
 * <p>The lowest of the four library modules; it depends on Agrona only. The others build on it:
 * <a href="{@docRoot}/io.bvecq.iter/module-summary.html">{@code io.bvecq.iter}</a> walks and transfers
 * its chains (the iterator and NIO channels),
 * <a href="{@docRoot}/io.bvecq.extract/module-summary.html">{@code io.bvecq.extract}</a> turns other
 * memory into chains and bounces them, and
 * <a href="{@docRoot}/io.bvecq.io/module-summary.html">{@code io.bvecq.io}</a> reads and writes files
 * with them. The <a href="{@docRoot}/index.html">overview page</a> of the site shows five common jobs
 * across all four. (The links to the other modules work in the aggregated site that {@code ./bvq docs}
 * builds.)
 */
module io.bvecq {
    requires org.agrona;

    exports io.bvecq;
    // the one slot cursor, the one chain builder and the unchecked slot reads, for the sibling modules only
    exports io.bvecq.internal to io.bvecq.iter, io.bvecq.extract, io.bvecq.io;
}
