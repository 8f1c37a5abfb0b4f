package io.bvecq.netfs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDK HttpServer on loopback that serves ranges of a file (GET with Range, HEAD) and stores ranges (PUT with Content-Range). */
final class RangeHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\*|\\d+)");

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Path file;
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();

    RangeHttpServer(Path file) throws IOException {
        this.file = file;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/object", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/object");
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            switch (x.getRequestMethod()) {
                case "HEAD" -> {
                    long size;
                    synchronized (this) {
                        size = file.toFile().length();
                    }
                    x.getResponseHeaders().set("Content-Length", Long.toString(size));
                    x.sendResponseHeaders(200, -1);
                }
                case "GET" -> get(x);
                case "PUT" -> put(x);
                default -> x.sendResponseHeaders(405, -1);
            }
        }
    }

    private void get(HttpExchange x) throws IOException {
        gets.incrementAndGet();
        String range = x.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m == null || !m.matches()) {
            x.sendResponseHeaders(400, -1);
            return;
        }
        long from = Long.parseLong(m.group(1));
        long to = Long.parseLong(m.group(2));
        byte[] body;
        long size;
        synchronized (this) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                size = raf.length();
                if (from >= size) {
                    body = null;
                } else {
                    long end = Math.min(to + 1, size);
                    body = new byte[(int) (end - from)];
                    raf.seek(from);
                    raf.readFully(body);
                }
            }
        }
        if (body == null) {
            x.getResponseHeaders().set("Content-Range", "bytes */" + size);
            x.sendResponseHeaders(416, -1);
            return;
        }
        x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (from + body.length - 1) + "/" + size);
        x.sendResponseHeaders(206, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private void put(HttpExchange x) throws IOException {
        puts.incrementAndGet();
        String cr = x.getRequestHeaders().getFirst("Content-Range");
        Matcher m = cr == null ? null : CONTENT_RANGE.matcher(cr);
        if (m == null || !m.matches()) {
            x.sendResponseHeaders(400, -1);
            return;
        }
        long from = Long.parseLong(m.group(1));
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length != Long.parseLong(m.group(2)) - from + 1) {
            x.sendResponseHeaders(400, -1);
            return;
        }
        synchronized (this) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(from);
                raf.write(body);
            }
        }
        x.sendResponseHeaders(204, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
