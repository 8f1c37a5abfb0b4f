package io.bvecq.io;

/**
 * What an error about one {@link IoFile} call must name besides the failing system call and errno: the
 * file and the range the caller asked for. The transfer loops work on parts of the range; each names its
 * part by the bytes of the request done before it ({@code from}), so the file offset of a part is
 * {@code offset + from} and a failure reports {@code from + done} bytes transferred.
 *
 * @param path the file, as opened
 * @param offset the file offset of the request's first byte
 * @param length the request's length
 */
record Request(String path, long offset, long length) {
    /** The file offset of the byte {@code from} bytes into the request. */
    long at(long from) {
        return offset + from;
    }

    /** The exception for {@code call} failing with {@code errno} after {@code transferred} bytes of the request. */
    IoErrnoException failed(String call, int errno, long transferred) {
        return new IoErrnoException(call, errno, path, offset, length, transferred);
    }
}
