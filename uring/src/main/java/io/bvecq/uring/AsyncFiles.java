package io.bvecq.uring;

import io.bvecq.BvecqPos;
import io.bvecq.io.IoErrnoException;
import io.bvecq.io.IoFile;
import io.bvecq.io.WritePolicy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import io.bvecq.iter.IterType;
import java.io.IOException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The factory behind {@link AsyncFile#open} and the argument checks both engines share. */
final class AsyncFiles {
    private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();

    private AsyncFiles() {
    }

    /** Opens the file, then the engine: {@code engine == null} picks io_uring where it sets up, else threads. */
    static AsyncFile open(Path path, AsyncFile.Engine engine, int entries, OpenOption... options) throws IOException {
        return open(path, engine, entries, Faults.NONE, options);
    }

    static AsyncFile open(Path path, AsyncFile.Engine engine, int entries, Faults faults, OpenOption... options)
            throws IOException {
        Objects.requireNonNull(path, "path");
        if (entries < 1 || entries > 32768) {
            throw new IllegalArgumentException("entries: " + entries + " (expected: 1 <= entries <= 32768)");
        }
        IoFile file = IoFile.open(path, options);
        boolean success = false;
        try {
            AsyncFile f;
            if (engine == AsyncFile.Engine.THREADS) {
                f = new ThreadsAsyncFile(file, entries, "requested");
            } else {
                try {
                    f = UringEngine.start(file, entries, faults);
                } catch (IoErrnoException e) {
                    if (engine == AsyncFile.Engine.URING) {
                        throw e;
                    }
                    String reason = e.getMessage();
                    if (LOGGED.putIfAbsent(e.op() + e.errno(), Boolean.TRUE) == null) {
                        UringEngine.LOG.log(System.Logger.Level.INFO,
                                "bvecq uring: io_uring unavailable, using the thread engine: {0} (logged once)", reason);
                    }
                    f = new ThreadsAsyncFile(file, entries, reason);
                }
            }
            success = true;
            return f;
        } finally {
            if (!success) {
                file.close();
            }
        }
    }

    /** The checks every request on an iterator makes before anything changes. */
    static void checkIter(IoIter it, Direction want, String name) {
        Objects.requireNonNull(it, name);
        if (it.direction() != want) {
            throw new IllegalArgumentException(name + " direction: " + it.direction() + " (expected: " + want + ")");
        }
        if (it.type() == IterType.DISCARD) {
            throw new IllegalArgumentException(name + " type: DISCARD (expected: an iterator with memory)");
        }
        if (it.isClosed()) {
            throw new IllegalStateException(name + ": " + it + " (expected: an open iterator)");
        }
    }

    /** Rejects a negative offset or a range past {@code Long.MAX_VALUE}. */
    static void checkOffset(long fileOffset, long length) {
        if (fileOffset < 0) {
            throw new IllegalArgumentException("fileOffset: " + fileOffset + " (expected: fileOffset >= 0)");
        }
        if (fileOffset + length < 0) {
            throw new IllegalArgumentException("fileOffset + length: overflow (fileOffset=" + fileOffset + ", length="
                    + length + ")");
        }
    }

    /** A BVECQ iterator of its own over {@code length} bytes from a caller's position (it holds a chain reference). */
    static IoIter chainIter(long fileOffset, BvecqPos from, long length, WritePolicy policy) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(policy, "policy");
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: length >= 0)");
        }
        checkOffset(fileOffset, length);
        if (!from.isSet()) {
            throw new IllegalStateException("BvecqPos is unset: write needs a set position");
        }
        try {
            return IoIter.bvecq(Direction.SOURCE, from, length);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 0 <= length <= " + from.remaining()
                    + ", the bytes in the chain from " + from + ")");
        }
    }
}
