package io.bvecq;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** The stream views of a {@link ChainBuffer}; each call goes straight to the buffer. */
final class BufferStreams {
    private BufferStreams() {
    }

    /** Reads from the buffer; the end of the data right now is the end of the stream. */
    static final class In extends InputStream {
        private final ChainBuffer buffer;

        In(ChainBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.size() == 0 ? -1 : buffer.readByte() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            long size = buffer.size();
            if (size == 0) {
                return -1;
            }
            int n = (int) Math.min(len, size);
            buffer.readFully(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, buffer.size()));
            buffer.skip(k);
            return k;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, buffer.size());
        }

        @Override
        public String toString() {
            return buffer + ".inputStream()";
        }
    }

    /** Writes to the buffer. */
    static final class Out extends OutputStream {
        private final ChainBuffer buffer;

        Out(ChainBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void write(int b) {
            buffer.writeByte(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public String toString() {
            return buffer + ".outputStream()";
        }
    }
}
