/**
 * bvecq netty: an optional adapter between bvecq chains and Netty's {@code ByteBuf}, both ways without
 * copying native memory.
 *
 * <ul>
 *   <li>{@link io.bvecq.netty.ChainViews} shows a chain, or a range of it, as a read-only Netty
 *       {@code ByteBuf} that holds its own reference on the chain until the {@code ByteBuf} is released.</li>
 *   <li>{@link io.bvecq.netty.ByteBufChains} appends a Netty {@code ByteBuf} to a chain (direct memory by
 *       reference, heap memory copied into pool chunks), the chain holding the {@code ByteBuf}'s reference
 *       count until its slots are disposed.</li>
 * </ul>
 *
 * <p>Netty ({@code io.netty.buffer}, {@code io.netty.common}) is not a dependency this module brings: it is
 * {@code provided}, so the application supplies its own Netty. It is built and tested against the Netty
 * version the benchmarks use (4.2.7.Final); it uses only the API and module names that Netty 4.1 has too.
 * The core modules never depend on Netty. Requires <a href="{@docRoot}/io.bvecq/module-summary.html">{@code io.bvecq}</a> and
 * <a href="{@docRoot}/io.bvecq.iter/module-summary.html">{@code io.bvecq.iter}</a> (whose iterator makes the
 * {@code ByteBuffer} views).
 */
module io.bvecq.netty {
    requires transitive io.bvecq;
    requires io.bvecq.iter;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;

    exports io.bvecq.netty;
}
