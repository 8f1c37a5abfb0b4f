/**
 * bvecq netty: interop with Netty's buffers, zero-copy both ways. A chain is viewed as a read-only
 * {@code ByteBuf} that holds a reference on it; a {@code ByteBuf} is appended to a chain that holds its
 * reference count until the chain's disposal. Netty is the application's dependency, not bvecq's.
 */
module io.bvecq.netty {
    requires transitive io.bvecq;
    requires transitive io.netty.buffer;

    exports io.bvecq.netty;
}
