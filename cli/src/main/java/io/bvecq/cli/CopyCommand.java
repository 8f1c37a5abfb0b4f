package io.bvecq.cli;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteReason;
import io.bvecq.io.WriteResult;
import io.bvecq.io.WriteStrategy;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * {@code bvq copy SRC DST [--policy P] [--verify] [--json] [--in-flight N] [--block-size BYTES]}: copies a
 * file through pooled chains, block by block: up to {@code --in-flight} blocks are in flight at once on a small executor, each read and then
 * written at its own offset with the chosen write policy. A last partial block is padded to the
 * destination's direct I/O alignment and the file truncated to size afterwards, so the direct path is not
 * lost on the tail. With --verify each block is checksummed as it is read, the block checksums are combined
 * into the source file's CRC32C, and the destination is read back and checksummed.
 */
final class CopyCommand implements Command {
    /** Default bytes per read and per write ({@code --block-size}). */
    static final int BLOCK = 4 << 20;
    /** Default blocks in flight at once ({@code --in-flight}). */
    static final int IN_FLIGHT = 3;

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public String summary() {
        return "copy SRC DST [--policy auto|bounce|buffered|strict|trusted] [--verify] [--json]"
                + " [--in-flight N] [--block-size BYTES]";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String src = null;
        String dst = null;
        boolean json = false;
        boolean verify = false;
        WritePolicy policy = WritePolicy.AUTO;
        int inFlight = IN_FLIGHT;
        int block = BLOCK;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--verify" -> verify = true;
                case "--in-flight" -> inFlight = intOption(args, ++i, "--in-flight", 1, 64);
                case "--block-size" -> {
                    block = intOption(args, ++i, "--block-size", 4096, 64 << 20);
                    if (Integer.bitCount(block) != 1) {
                        throw new UsageException("--block-size: " + block + " (expected: a power of two)");
                    }
                }
                case "--policy" -> {
                    if (i + 1 == args.length) {
                        throw new UsageException("--policy needs a value: auto|bounce|buffered|strict|trusted");
                    }
                    policy = parsePolicy(args[++i]);
                }
                default -> {
                    if (a.startsWith("--policy=")) {
                        policy = parsePolicy(a.substring("--policy=".length()));
                    } else if (a.startsWith("-")) {
                        throw new UsageException("unknown option '" + a + "'; usage: bvq " + summary());
                    } else if (src == null) {
                        src = a;
                    } else if (dst == null) {
                        dst = a;
                    } else {
                        throw new UsageException("unexpected argument '" + a + "'; usage: bvq " + summary());
                    }
                }
            }
        }
        if (dst == null) {
            throw new UsageException("usage: bvq " + summary());
        }
        Console console = System.console();
        boolean terminal = !json && console != null && console.isTerminal();
        Result r = copy(Path.of(src), Path.of(dst), policy, verify, terminal ? err : null, block, inFlight);
        if (json) {
            Json j = new Json().put("source", src).put("destination", dst).put("policy", policy.name().toLowerCase(Locale.ROOT))
                    .put("bytes", r.bytes).put("seconds", r.seconds).put("mbPerSecond", r.mbPerSecond())
                    .put("strategy", r.strategy()).putCounts("strategies", r.strategies)
                    .put("inFlight", inFlight).put("blockSize", block)
                    .putCounts("fallbacks", r.fallbacks).put("verified", r.verified);
            if (verify) {
                j.put("crc32c", String.format("%08x", r.srcCrc)).put("destinationCrc32c", String.format("%08x", r.dstCrc));
            }
            out.println(j);
        } else {
            out.printf(Locale.ROOT, "copied %d bytes in %.3f s (%.1f MB/s), strategy %s %s, %d blocks of %d B in flight%n",
                    r.bytes, r.seconds, r.mbPerSecond(), r.strategy(), r.strategies, inFlight, block);
            out.println("fallbacks: " + (r.fallbacks.isEmpty() ? "none" : r.fallbacks));
            if (verify) {
                out.printf("crc32c: source %08x, destination %08x: %s%n", r.srcCrc, r.dstCrc,
                        r.verified ? "verified" : "MISMATCH");
            }
        }
        return verify && !r.verified ? 1 : 0;
    }

    private static int intOption(String[] args, int i, String name, int min, int max) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(name + " needs a value (expected: " + min + " <= n <= " + max + ")");
        }
        try {
            int v = Integer.parseInt(args[i]);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + ": '" + args[i] + "' (expected: " + min + " <= n <= " + max + ")");
    }

    private static WritePolicy parsePolicy(String s) throws UsageException {
        try {
            return WritePolicy.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("policy: '" + s + "' (expected: auto|bounce|buffered|strict|trusted)");
        }
    }

    /** What a copy did. */
    static final class Result {
        long bytes;
        double seconds;
        final Map<String, Long> strategies = new LinkedHashMap<>();
        final Map<String, Long> fallbacks = new LinkedHashMap<>();
        boolean verified;
        long srcCrc;
        long dstCrc;

        double mbPerSecond() {
            return seconds > 0 ? bytes / 1e6 / seconds : 0;
        }

        /** The strategy of most writes, lower case; "none" for an empty file. */
        String strategy() {
            return strategies.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("none");
        }
    }

    static Result copy(Path srcPath, Path dstPath, WritePolicy policy, boolean verify, PrintStream progress,
            int block, int inFlight) throws IOException, InterruptedException {
        Result res = new Result();
        ExecutorService workers = Executors.newFixedThreadPool(inFlight, r -> {
            Thread t = new Thread(r, "bvq-copy");
            t.setDaemon(true);
            return t;
        });
        Map<WriteStrategy, AtomicLong> byStrategy = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong copied = new AtomicLong();
        Semaphore slots = new Semaphore(inFlight);
        try (BufferPool pool = BufferPool.create(block, (long) block * (inFlight + 1), false);
                IoFile src = IoFile.open(srcPath, StandardOpenOption.READ);
                IoFile dst = IoFile.open(dstPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            // the clock starts once both files are open: the one-time linking of the native calls (about a
            // second in a cold JVM) is start-up cost, like the JVM's own
            long start = System.nanoTime();
            long size = src.size();
            int blocks = (int) ((size + block - 1) / block);
            long[] blockCrc = new long[blocks];
            int align = Math.max(1, dst.capabilities().dioOffsetAlign());
            try {
                for (int b = 0; b < blocks && failure.get() == null; b++) {
                    slots.acquire();
                    long off = (long) b * block;
                    int index = b;
                    workers.execute(() -> {
                        try {
                            long n = copyBlock(src, dst, pool, block, off, Math.min(block, size - off), align, policy,
                                    verify ? blockCrc : null, index, byStrategy);
                            copied.addAndGet(n);
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        } finally {
                            slots.release();
                        }
                    });
                    if (progress != null) {
                        bar(progress, copied.get(), size, start);
                    }
                }
                slots.acquire(inFlight); // every block finished
                slots.release(inFlight);
            } finally {
                workers.shutdown();
            }
            Throwable t = failure.get();
            if (t instanceof IOException e) {
                throw e;
            } else if (t instanceof RuntimeException e) {
                throw e;
            } else if (t != null) {
                throw new IOException("copy failed", t);
            }
            if (dst.size() != size) {
                dst.truncate(size); // drop the padding of a partial last block
            }
            res.seconds = (System.nanoTime() - start) / 1e9;
            res.bytes = size;
            if (progress != null) {
                bar(progress, size, size, start);
                progress.println();
            }
            for (WriteStrategy s : WriteStrategy.values()) {
                AtomicLong c = byStrategy.get(s);
                if (c != null) {
                    res.strategies.put(s.label(), c.get());
                }
            }
            for (Map.Entry<WriteReason, Long> e : dst.fallbackCounts().entrySet()) {
                res.fallbacks.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
            }
            if (verify) {
                long crc = 0;
                for (int b = 0; b < blocks; b++) {
                    crc = Crc32cCombine.combine(crc, blockCrc[b], Math.min(block, size - (long) b * block));
                }
                res.srcCrc = crc;
                res.dstCrc = checksum(dst, pool, block, size);
                res.verified = res.srcCrc == res.dstCrc;
            }
        }
        return res;
    }

    /**
     * Copies one block: reads it into a pooled buffer, checksums it if asked, pads a partial last block to the
     * direct I/O alignment with zeros, and writes it with the policy.
     */
    private static long copyBlock(IoFile src, IoFile dst, BufferPool pool, int block, long off, long want, int align,
            WritePolicy policy, long[] blockCrc, int index, Map<WriteStrategy, AtomicLong> byStrategy)
            throws IOException {
        Bvecq buf = BvecqBuffers.allocBuffer(pool, block, 0);
        BvecqPos pos = BvecqPos.at(buf);
        try {
            long n = src.read(off, pos, want);
            if (n != want) {
                throw new IOException(src.path() + " changed size during the copy: read " + n + " of " + want
                        + " bytes at offset " + off);
            }
            MemorySegment seg = buf.segment(0).asSlice(buf.offset(0), block);
            if (blockCrc != null) {
                CRC32C crc = new CRC32C();
                crc.update(seg.asSlice(0, n).asByteBuffer());
                blockCrc[index] = crc.getValue();
            }
            long len = n % align == 0 ? n : Math.min(block, (n + align - 1) / align * align);
            if (len > n) {
                seg.asSlice(n, len - n).fill((byte) 0);
            }
            // the block is pooled memory this task alone holds and nobody changes: a stable source
            WriteResult w = dst.writeStable(off, pos, len, policy);
            byStrategy.computeIfAbsent(w.decision().strategy(), k -> new AtomicLong()).incrementAndGet();
            return n;
        } finally {
            pos.unset();
            buf.release();
        }
    }

    /** Reads a file back through a pooled buffer and checksums it. */
    private static long checksum(IoFile f, BufferPool pool, int block, long size) throws IOException {
        CRC32C crc = new CRC32C();
        Bvecq buf = BvecqBuffers.allocBuffer(pool, block, 0);
        try {
            for (long off = 0; off < size; off += block) {
                long n = f.read(off, buf);
                long take = Math.min(n, size - off);
                crc.update(buf.segment(0).asSlice(buf.offset(0), take).asByteBuffer());
                if (n < Math.min(block, size - off)) {
                    throw new IOException(f.path() + " is shorter than " + size + " bytes: end at " + (off + n));
                }
            }
        } finally {
            buf.release();
        }
        return crc.getValue();
    }

    private static void bar(PrintStream out, long done, long total, long startNanos) {
        int width = 40;
        int fill = total == 0 ? width : (int) (done * width / total);
        double secs = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "\r[%s%s] %3d%% %8.1f MB/s", "#".repeat(fill), " ".repeat(width - fill),
                total == 0 ? 100 : done * 100 / total, secs > 0 ? done / 1e6 / secs : 0.0);
        out.flush();
    }
}
