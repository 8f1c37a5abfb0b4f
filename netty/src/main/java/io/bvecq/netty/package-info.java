/**
 * Netty interop, both ways, without copying native memory: {@link io.bvecq.netty.ChainViews} shows a chain
 * (or a range of it) as a read-only {@code ByteBuf} that holds a chain reference until its Netty reference
 * count reaches 0; {@link io.bvecq.netty.ByteBufChains} puts a {@code ByteBuf}'s readable bytes into a
 * chain, one {@code ByteBuf} reference per zero-copy slot, released when the slot is disposed (heap bytes are
 * copied into pool chunks).
 *
 * <p>A round trip, bytes from Netty out to a file and bytes of a chain into a Netty pipeline:
 * <pre>{@code
 * Bvecq chain = ByteBufChains.wrap(msg, pool);   // takes over msg's reference
 * new Channels().write(fileChannel, chain);      // gathering write, at most 1024 regions a call
 * ByteBuf view = ChainViews.view(chain);         // read-only, holds its own chain reference
 * chain.release();                               // the view keeps the memory alive
 * ctx.writeAndFlush(view);                       // Netty releases the view, and so the chain, when sent
 * }</pre>
 */
package io.bvecq.netty;
