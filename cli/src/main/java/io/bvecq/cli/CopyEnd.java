package io.bvecq.cli;

import io.bvecq.io.IoFile;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One end of {@code bvq copy}: a file used at offsets through {@link IoFile}, or a stream used in order
 * through a {@link FileChannel}, never both; and the name the user knows it by, for messages.
 */
abstract class CopyEnd implements AutoCloseable {
    private final String name;
    /** The file, or null for a stream; set once by the subclass while it opens. */
    IoFile file;
    /** The stream, or null for a file; set once by the subclass while it opens. */
    FileChannel channel;

    CopyEnd(String name) {
        this.name = name;
    }

    /** The end as the user named it, e.g. {@code "standard input"} or the path given. */
    final String name() {
        return name;
    }

    /** The file to use at offsets, or null for a stream. */
    final IoFile file() {
        return file;
    }

    /** The stream to use in order, or null for a file. */
    final FileChannel channel() {
        return channel;
    }

    /** Whether this end is a stream (pipe, device, FIFO, socket, standard input or output). */
    final boolean stream() {
        return channel != null;
    }

    /** Closes the file or the stream. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
        if (channel != null) {
            channel.close();
        }
    }
}
