/** bvecq io: Linux file I/O through FFM, with direct, bounced and uncached paths, and the stable-write policy. */
module io.bvecq.io {
    requires transitive io.bvecq.extract;
    exports io.bvecq.io;
    exports io.bvecq.io.internal to io.bvecq.uring;
}
