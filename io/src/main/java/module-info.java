/**
 * bvecq io: Linux file I/O through FFM, with direct, bounced and uncached paths, and the stable-write policy.
 *
 * <p>{@link io.bvecq.io.IoFile} reads into and writes from any {@link io.bvecq.iter.IoIter} with memory:
 * a {@link io.bvecq.Bvecq} chain (from a {@link io.bvecq.BvecqPos}), a {@link io.bvecq.ChainBuffer}'s
 * extract, segments. Each write asks a {@link io.bvecq.io.WritePolicy} whether to go direct, to bounce
 * through {@link io.bvecq.extract.Bounce} (for devices that need stable writes), or to use uncached buffered
 * I/O. The module calls libc: run with {@code --enable-native-access=io.bvecq.io}. Requires
 * {@code io.bvecq.extract} transitively.
 */
module io.bvecq.io {
    requires transitive io.bvecq.extract;
    exports io.bvecq.io;
    exports io.bvecq.io.internal to io.bvecq.uring;
}
