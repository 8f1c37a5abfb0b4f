/**
 * bvecq netfs: the request engine of a network file system client. A read or write request over a chain
 * is carved into sub-requests, issued to a server and a local cache in parallel, retried from where it
 * stopped and collected strictly in file order.
 */
module io.bvecq.netfs {
    requires transitive io.bvecq.io;
    requires transitive io.bvecq.uring;
    requires java.net.http;

    exports io.bvecq.netfs;
}
