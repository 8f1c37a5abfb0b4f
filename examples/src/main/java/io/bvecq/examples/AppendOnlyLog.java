package io.bvecq.examples;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.ChainBuffer;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A small append-only log: each record is framed as
 *
 * <pre>
 *   int length | int crc32c(payload) | payload      (big-endian)
 * </pre>
 * appended to a {@link ChainBuffer}, written at the end of the file by {@link #sync()} and made durable
 * with {@code fdatasync}. {@link #readAll} reads the file back with O_DIRECT and checks every record's
 * length and checksum in place.
 *
 * <p>Appends are small and end at any byte, so they are written with {@link WritePolicy#BUFFERED}
 * (uncached buffered I/O, the policy for small or unaligned writes); the read covers the whole file in
 * aligned pool memory and goes direct.
 *
 * <p>Threads: one thread at a time.
 */
public final class AppendOnlyLog implements AutoCloseable {
    /** The bytes before each payload: its length and its CRC32C. */
    public static final int HEADER_BYTES = 8;

    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final IoFile file;
    private final ChainBuffer pending;
    private long end;

    private AppendOnlyLog(IoFile file, ChainBuffer pending, long end) {
        this.file = file;
        this.pending = pending;
        this.end = end;
    }

    /**
     * Opens a log, creating the file if it is missing; new records go after the existing ones.
     *
     * @param path the log file
     * @param pool where the pending records' memory comes from
     * @return the open log; the caller must {@link #close()} it
     * @throws IOException if the file cannot be opened
     */
    public static AppendOnlyLog open(Path path, BufferPool pool) throws IOException {
        IoFile f = IoFile.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            return new AppendOnlyLog(f, new ChainBuffer(pool), f.size());
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /**
     * Appends one record to the pending bytes. Nothing reaches the file before {@link #sync()}.
     *
     * @param payload the record, copied
     * @return this log
     */
    // @start region="append"
    public AppendOnlyLog append(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        pending.writeInt(payload.length)
               .writeInt((int) crc.getValue())
               .write(payload);
        return this;
    }
    // @end

    /**
     * Writes the pending records at the end of the file and syncs it.
     *
     * @return the file's length afterwards
     * @throws IOException if the write or the sync fails; the pending records are then lost
     */
    // @start region="sync"
    public long sync() throws IOException {
        long n = pending.size();
        if (n > 0) {
            try (Bvecq records = pending.extract(n)) {      // consumes the pending bytes, zero-copy
                file.write(end, records, WritePolicy.BUFFERED);
            }
            end += n;
        }
        file.sync();                                        // fdatasync
        return end;
    }
    // @end

    /**
     * The bytes written by {@link #sync()} so far, plus what the file held at open.
     *
     * @return the length of the log on disk
     */
    public long length() {
        return end;
    }

    /** Writes nothing more: pending records that were not synced are dropped. Closes the file. */
    @Override
    public void close() throws IOException {
        try {
            pending.close();
        } finally {
            file.close();
        }
    }

    /**
     * Reads every record of a log with O_DIRECT and verifies it.
     *
     * @param path the log file
     * @param pool where the read buffer comes from
     * @return the payloads, in order
     * @throws IOException if the file cannot be read, or a record is torn or fails its checksum (the message
     *     names the record's offset)
     */
    // @start region="readAll"
    public static List<byte[]> readAll(Path path, BufferPool pool) throws IOException {
        List<byte[]> records = new ArrayList<>();
        byte[] header = new byte[HEADER_BYTES];
        MemorySegment h = MemorySegment.ofArray(header);
        try (IoFile f = IoFile.open(path);
             Bvecq chain = ReadChecksum.readAll(f, pool);   // O_DIRECT into aligned pool chunks
             IoIter it = IoIter.bvecq(Direction.SOURCE, chain, 0, 0, f.size())) {
            while (it.count() > 0) {
                long at = it.consumed();
                if (it.copyFromIter(h, 0, HEADER_BYTES) < HEADER_BYTES) {
                    throw new IOException(path + ": torn header at offset " + at);
                }
                int length = h.get(INT_BE, 0);
                int crc = h.get(INT_BE, 4);
                if (length < 0 || length > it.count()) {
                    throw new IOException(path + ": record at offset " + at + " has length " + length
                            + " (expected: 0 <= length <= " + it.count() + ")");
                }
                if (it.crc32c(0, length) != crc) {           // checksummed in place
                    throw new IOException(path + ": record at offset " + at + " fails its CRC32C");
                }
                byte[] payload = new byte[length];
                it.copyFromIter(MemorySegment.ofArray(payload), 0, length);
                records.add(payload);
            }
        }
        return records;
    }
    // @end
}
