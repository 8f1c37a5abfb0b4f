package io.bvecq.cli;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.BvecqPos;
import java.io.PrintStream;
import java.util.zip.CRC32C;

/** {@code bvq demo chain}: builds a pooled chain, slices it into sub-requests, and checks the bytes. */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "demo chain | stable-writes [--trials N] [--json]: chain walk-through; torn writes zero-copy vs bounce";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals("stable-writes")) {
            return StableWritesDemo.run(java.util.Arrays.copyOfRange(args, 1, args.length), out);
        }
        if (args.length == 0 || !args[0].equals("chain")) {
            throw new UsageException("usage: bvq demo chain | bvq demo stable-writes [--trials N] [--json]");
        }
        long size = 1 << 20;
        try (BufferPool pool = BufferPool.create()) {
            Bvecq head = BvecqBuffers.allocBuffer(pool, size, 1);
            try {
                // fill with a pattern, checksumming as we go
                CRC32C written = new CRC32C();
                long i = 0;
                for (Bvecq n = head; n != null; n = n.nextAcquire()) {
                    for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                        var seg = n.segment(s).asSlice(n.offset(s), n.length(s));
                        for (long b = 0; b < seg.byteSize(); b++, i++) {
                            seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, b, (byte) (i + (i >> 8) + (i >> 16)));
                        }
                        written.update(seg.asByteBuffer());
                    }
                }
                // carve sub-requests of at most 100 KiB in at most 8 slots, as a transport would
                BvecqPos pos = BvecqPos.at(head);
                CRC32C read = new CRC32C();
                int subRequests = 0;
                long total = 0;
                try {
                    for (Bvecq ext = pos.extract(100 << 10, 8); ext != null; ext = pos.extract(100 << 10, 8)) {
                        subRequests++;
                        for (Bvecq n = ext; n != null; n = n.nextAcquire()) {
                            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                                read.update(n.segment(s).asSlice(n.offset(s), n.length(s)).asByteBuffer());
                                total += n.length(s);
                            }
                        }
                        ext.release();
                    }
                } finally {
                    pos.unset();
                }
                out.printf("chain: %d bytes in %d nodes, %d chunks of %d B from the pool%n", size,
                        BvecqBuffers.nodeCount(head), pool.outstandingChunks(), pool.chunkSize());
                out.printf("extracted %d bytes as %d sub-requests (<= 100 KiB, <= 8 slots each)%n", total, subRequests);
                out.printf("crc32c written=%08x extracted=%08x %s%n", written.getValue(), read.getValue(),
                        written.getValue() == read.getValue() && total == size ? "OK" : "MISMATCH");
                return written.getValue() == read.getValue() && total == size ? 0 : 1;
            } finally {
                head.release();
            }
        }
    }
}
