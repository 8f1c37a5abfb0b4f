package io.bvecq.cli;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.io.WritePolicy;
import io.bvecq.netfs.CacheFile;
import io.bvecq.netfs.FileServer;
import io.bvecq.netfs.HttpObjectServer;
import io.bvecq.netfs.Limits;
import io.bvecq.netfs.Netfs;
import io.bvecq.netfs.NetfsServer;
import io.bvecq.netfs.RegionRelease;
import io.bvecq.netfs.RequestStats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bvq fetch URL|FILE DST --cache DIR}: reads a whole object through the netfs request engine and a cache
 * file in DIR, and writes it to DST with {@code bvq copy}'s promises (same file refused, atomic replace, errors in
 * a user's words). A second fetch of the same object comes from the cache.
 */
@Command(name = "fetch", sortOptions = false,
        header = FetchCommand.HEADER,
        description = {"",
            "Reads URL (ranged HTTP GETs) or FILE through a cache file in DIR into DST: sub-requests of at most "
                + "--rsize bytes, --depth of them at once, short ones retried; bytes the cache holds come from "
                + "it, the rest from the source and are stored in the cache. DST is replaced atomically.",
            ""},
        footer = {"", "Exit status: 0 fetched, 1 failed (DST left as it was), 2 bad usage, 130/143 interrupted."})
final class FetchCommand implements Callable<Integer> {
    /** The one-line summary, for {@code bvq help}. */
    static final String HEADER = "Read a URL or file through a local cache into DST, with retries.";

    private final Main.Streams io;

    @Parameters(index = "0", paramLabel = "URL|FILE", description = "an http:// or https:// URL, or a regular file")
    String src;

    @Parameters(index = "1", paramLabel = "DST", description = "the file to write (replaced atomically), or a directory")
    String dst;

    @Option(names = "--cache", required = true, paramLabel = "DIR", description = "where the cache file lives")
    String cacheDir;

    @Option(names = "--rsize", paramLabel = "SIZE", defaultValue = "256K",
            description = "bytes per read sub-request, 4K to 64M (default: ${DEFAULT-VALUE})")
    String rsizeText;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "8",
            description = "sub-requests in flight, 1 to 64 (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--json", description = "print the result, or the failure, as one line of JSON")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    FetchCommand(Main.Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        long rsize;
        try {
            rsize = Sizes.parse(rsizeText);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--rsize: " + rsizeText + " (expected: a size such as 256K)");
        }
        if (rsize < 4096 || rsize > (64 << 20)) {
            throw CliException.usage("--rsize: " + rsizeText + " (expected: 4K <= size <= 64M)");
        }
        if (depth < 1 || depth > 64) {
            throw CliException.usage("--depth: " + depth + " (expected: 1 <= n <= 64)");
        }
        PrintStream err = io.err();
        Cancellation cancel = Main.standalone() ? Cancellation.install(err, "bvq fetch") : Cancellation.none();
        boolean http = src.startsWith("http://") || src.startsWith("https://");
        ExecutorService ex = Executors.newFixedThreadPool(depth, r -> {
            Thread t = new Thread(r, "bvq-fetch");
            t.setDaemon(true);
            return t;
        });
        try (BufferPool pool = BufferPool.create(64 << 10, 1L << 30, false);
             HttpClient client = http ? HttpClient.newHttpClient() : null;
             CopySource source = http ? CopySource.remote(nameOf(src)) : CopySource.open(src)) {
            NetfsServer server;
            String identity;
            Limits limits = new Limits(rsize, 256);
            if (http) {
                URI uri;
                try {
                    uri = URI.create(src);
                } catch (IllegalArgumentException e) {
                    throw CliException.usage("URL: " + src + " (expected: an http:// or https:// URL)");
                }
                server = new HttpObjectServer(client, uri, limits, limits, Duration.ofSeconds(60));
                identity = uri.toString();
            } else {
                if (source.file() == null) {
                    throw CliException.usage(src + " is not a regular file with a size (fetch reads files at offsets)");
                }
                server = new FileServer(FileServer.FileIo.of(source.file(), WritePolicy.AUTO), limits, limits);
                identity = Path.of(src).toRealPath().toString();
            }
            return fetch(server, identity, source, pool, ex, cancel);
        } finally {
            ex.shutdownNow();
            cancel.finished();
        }
    }

    private int fetch(NetfsServer server, String identity, CopySource source, BufferPool pool, ExecutorService ex,
                      Cancellation cancel) throws Exception {
        long size;
        try {
            size = server.objectSize();
        } catch (IOException e) {
            throw new CliException(new Failure("cannot read " + src + ": " + Failure.of(e).message(), null,
                    Failure.FAILED));
        }
        Path dir = Path.of(cacheDir);
        Files.createDirectories(dir);
        CopyTarget target = CopyTarget.open(dst, source, false, false, cancel);
        boolean done = false;
        long start = System.nanoTime();
        try (CacheFile cache = CacheFile.open(dir.resolve(cacheName(identity)), size)) {
            Netfs netfs = new Netfs(server, cache, ex, pool, depth);
            PrintStream progress = !json && Main.terminal() ? io.err() : null;
            long window = Math.max(4L << 20, (long) depth * Sizes.parse(rsizeText));
            long[] sum = new long[6];
            for (long off = 0; off < size; off += window) {
                int n = (int) Math.min(window, size - off);
                Bvecq chain = BvecqBuffers.allocBuffer(pool, n, 0);
                try {
                    BvecqBuffers.shortenBuffer(chain, 0, n);
                    chain.setFpos(off);
                    RequestStats st = netfs.read(chain, RegionRelease.NONE, null);
                    target.file().write(off, chain, WritePolicy.AUTO);
                    sum[0] += st.bytes();
                    sum[1] += st.fromServer();
                    sum[2] += st.fromCache();
                    sum[3] += st.zeroFilled();
                    sum[4] += st.subrequests();
                    sum[5] += st.retries();
                } finally {
                    chain.release();
                }
                cancel.check();
                if (progress != null) {
                    progress.printf(Locale.ROOT, "\rfetched %s of %s", Sizes.format(off + n), Sizes.format(size));
                }
            }
            if (progress != null) {
                progress.println();
            }
            target.commit(null, true);
            done = true;
            report(sum, size, (System.nanoTime() - start) / 1e9, target.name());
            return 0;
        } catch (Cancellation.Cancelled e) {
            target.abort();
            throw new CliException(new Failure("interrupted by " + e.getMessage() + "; " + left(target), null,
                    e.exitCode()));
        } catch (IOException e) {
            Failure f = Failure.of(e);
            Path tmp = target.temporary();
            String msg = tmp == null ? f.message() : f.message().replace(tmp.toString(), target.name());
            target.abort();
            throw new CliException(new Failure(msg + "; " + left(target), f.errno(), f.exitCode()));
        } finally {
            if (!done) {
                target.abort();
            }
        }
    }

    private static String left(CopyTarget t) {
        return t.existed() ? t.name() + " left as it was" : "nothing written to " + t.name();
    }

    /** The cache file of one object: a digest of the URL or the file's real path. */
    static String cacheName(String identity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16) + ".cache";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** The last path segment of a URL, for a destination directory. */
    static String nameOf(String url) {
        String p = URI.create(url).getPath();
        if (p == null || p.isEmpty() || p.endsWith("/")) {
            return "index";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private void report(long[] s, long size, double seconds, String name) {
        PrintStream out = io.out();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("source", src);
            j.put("destination", name);
            j.put("bytes", s[0]);
            j.put("fromServer", s[1]);
            j.put("fromCache", s[2]);
            j.put("zeroFilled", s[3]);
            j.put("subrequests", s[4]);
            j.put("retries", s[5]);
            j.put("seconds", seconds);
            out.println(Json.line(j));
        } else {
            out.printf(Locale.ROOT, "fetched %d bytes to %s in %.3f s: %d from the source, %d from the cache, %d zero-filled;"
                    + " %d sub-requests, %d retries%n", size, name, seconds, s[1], s[2], s[3], s[4], s[5]);
        }
    }
}
