package io.bvecq.netfs;

import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A server that is an HTTP resource: ranged {@code GET} for reads ({@code Range: bytes=a-b}, answered 206),
 * {@code PUT} with {@code Content-Range: bytes a-b/*} for writes, and {@code HEAD} for the size
 * ({@code Content-Length}), through {@link HttpClient}.
 *
 * <p>Read bytes go straight from the response stream into the sub-request's iterator through one heap buffer
 * per call; writes copy the sub-request's bytes into one array for the request body.
 *
 * <p>Choosing the read limits: each ranged GET costs a request, a response header and a dispatch on both sides
 * whatever its length, so small ranges spend their time in HTTP. On loopback ({@code NetfsHttpBench}, 64 MiB,
 * 8 in flight) 256 KiB ranges ran at about half the speed of one whole-object GET and 4 MiB ranges at or above
 * it; object stores are read in ranges of MiBs for the same reason.
 *
 * <p>Threads: any; the client is shared.
 */
public final class HttpObjectServer implements NetfsServer {
    private static final int COPY = 64 << 10;

    private final HttpClient client;
    private final URI uri;
    private final Limits readLimits;
    private final Limits writeLimits;
    private final Duration timeout;

    /**
     * Creates a server for one resource.
     *
     * @param client the client to use (the caller keeps it)
     * @param uri the resource
     * @param readLimits the limits of one ranged GET
     * @param writeLimits the limits of one PUT
     * @param timeout the most one exchange may take
     * @throws NullPointerException if an argument is null
     */
    public HttpObjectServer(HttpClient client, URI uri, Limits readLimits, Limits writeLimits, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.readLimits = Objects.requireNonNull(readLimits, "readLimits");
        this.writeLimits = Objects.requireNonNull(writeLimits, "writeLimits");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Limits readLimits() {
        return readLimits;
    }

    @Override
    public Limits writeLimits() {
        return writeLimits;
    }

    @Override
    public long objectSize() throws IOException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> r = send(req, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 404) {
            return 0;
        }
        check(r.statusCode(), 200, "HEAD");
        return r.headers().firstValueAsLong("Content-Length")
                .orElseThrow(() -> new IOException("HEAD " + uri + ": no Content-Length"));
    }

    @Override
    public long read(long position, IoIter dst) throws IOException {
        long want = dst.count();
        if (want == 0) {
            return 0;
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Range", "bytes=" + position + "-" + (position + want - 1)).GET().build();
        HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() == 416) {
                return 0; // the range starts at or past the end
            }
            check(r.statusCode(), 206, "GET " + position + "+" + want);
            byte[] buf = new byte[(int) Math.min(COPY, want)];
            MemorySegment seg = MemorySegment.ofArray(buf);
            long got = 0;
            while (got < want) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, want - got));
                if (n < 0) {
                    break;
                }
                dst.copyToIter(seg, 0, n);
                got += n;
            }
            return got;
        }
    }

    @Override
    public long write(long position, IoIter src) throws IOException {
        long n = src.count();
        if (n == 0) {
            return 0;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("count: " + n + " (expected: <= " + (Integer.MAX_VALUE - 8) + " per PUT)");
        }
        byte[] body = new byte[(int) n];
        src.copyFromIter(MemorySegment.ofArray(body), 0, n);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Range", "bytes " + position + "-" + (position + n - 1) + "/*")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> r = send(req, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200 && r.statusCode() != 201 && r.statusCode() != 204) {
            throw new IOException("PUT " + uri + " " + position + "+" + n + ": HTTP " + r.statusCode());
        }
        return n;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + req.method() + " " + uri);
        }
    }

    private void check(int got, int want, String what) throws IOException {
        if (got != want) {
            throw new IOException(what + " " + uri + ": HTTP " + got + " (expected: " + want + ")");
        }
    }
}
