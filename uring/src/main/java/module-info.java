/** bvecq uring: asynchronous file I/O on io_uring through FFM system calls, with a thread-pool engine where it is missing. */
module io.bvecq.uring {
    requires transitive io.bvecq.io;
    exports io.bvecq.uring;
}
