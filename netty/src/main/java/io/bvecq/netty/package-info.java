/**
 * Netty interop, zero-copy both ways: {@link io.bvecq.netty.NettyBuffers#asByteBuf} views a chain as a
 * read-only Netty {@code ByteBuf} that holds a reference on the chain until its own reference count reaches
 * 0, and {@link io.bvecq.netty.NettyBuffers#append} appends a {@code ByteBuf}'s readable bytes to a chain
 * that holds the {@code ByteBuf}'s reference count until the chain's nodes are disposed.
 *
 * <p>Netty is a {@code provided}, optional dependency of this module: an application that uses it brings
 * its own {@code netty-buffer}; the other bvecq modules never depend on Netty.
 */
package io.bvecq.netty;
