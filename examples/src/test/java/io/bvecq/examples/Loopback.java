package io.bvecq.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A connected pair of sockets on 127.0.0.1 whose receiving end reads everything on its own thread. */
final class Loopback implements AutoCloseable {
    final SocketChannel client;
    final SocketChannel server;

    Loopback() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client = SocketChannel.open(listener.getLocalAddress());
            server = listener.accept();
        }
    }

    /** Reads the server side to its end (the client's shutdownOutput) on another thread. */
    Future<byte[]> receiveAll() {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Channels.newInputStream(server)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
