/**
 * The bvecq chain: {@link io.bvecq.Bvecq} nodes of memory regions, {@link io.bvecq.BvecqPos} positions,
 * chain operations in {@link io.bvecq.BvecqBuffers}, the {@link io.bvecq.RollingBuffer}, the
 * page-aligned {@link io.bvecq.BufferPool}, the {@link io.bvecq.LeakDetector}, and the byte buffer
 * {@link io.bvecq.ChainBuffer}.
 *
 * <h2>Start here: bytes in and out</h2>
 * A {@link io.bvecq.ChainBuffer} is where a message is built and parsed. Writes go to the end, reads come
 * from the front; both byte orders, varints, UTF-8, arrays, segments and streams. Large native memory joins
 * without a copy, and the finished bytes leave as a chain for the I/O paths:
 *
 * {@snippet :
 * try (ChainBuffer buf = new ChainBuffer()) {          // 4 KiB chunks from the default pool
 *     byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
 *     buf.writeInt(0x0B5EC0DE)                           // big-endian by default
 *        .writeShortLe(1)                                // ...Le for little-endian
 *        .writeVarInt(body.length)                       // unsigned LEB128
 *        .write(body);                                   // copied into the current chunk
 *
 *     int magic = buf.peekInt();                         // look without consuming
 *     Bvecq message = buf.extract(buf.size());           // the bytes as a chain, zero-copy, with its own refs
 *     try {
 *         // hand `message` to an IoIter or a file/socket write
 *     } finally {
 *         message.release();                             // its chunks go back to the pool
 *     }
 * }                                                      // close() gives back everything the buffer holds
 * }
 *
 * <p>Reads past the end throw {@link java.lang.IndexOutOfBoundsException} and change nothing; after
 * {@code close()} every call throws {@link io.bvecq.BvecqReleasedException}. One thread at a time.
 *
 * <p>Where the chain goes next: an
 * <a href="{@docRoot}/io.bvecq.iter/io/bvecq/iter/IoIter.html">{@code IoIter}</a> walks it,
 * <a href="{@docRoot}/io.bvecq.iter/io/bvecq/iter/Channels.html">{@code Channels}</a> writes it to a socket
 * or any gathering channel, and
 * <a href="{@docRoot}/io.bvecq.io/io/bvecq/io/IoFile.html">{@code IoFile}</a> writes it to a file with
 * O_DIRECT. The <a href="{@docRoot}/index.html#jobs">overview page</a> shows five common jobs end to end.
 */
package io.bvecq;
