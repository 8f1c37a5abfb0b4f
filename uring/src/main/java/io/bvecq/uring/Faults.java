package io.bvecq.uring;

/**
 * The fault-injection seam of {@link UringEngine}: asked before every SQE of a read, write or sync goes to the
 * ring (first submissions and resubmissions alike), it may replace the operation's result. Tests only.
 */
interface Faults {
    /** No faults. */
    Faults NONE = (opcode, fileOffset, length) -> 0;

    /**
     * Plans the outcome of one SQE.
     *
     * @param opcode the io_uring opcode, e.g. {@link IoUringAbi#IORING_OP_WRITEV}
     * @param fileOffset the file offset the SQE starts at
     * @param length the bytes it asks for (0 for a sync)
     * @return 0 to run it as it is; {@code -errno} to complete it with that result without doing it (a NOP goes
     *     to the kernel instead); {@code n > 0} to let it run and then report at most {@code n} bytes done
     */
    int plan(int opcode, long fileOffset, long length);

    /**
     * Plans the outcome of registering buffers.
     *
     * @return 0 to register for real; {@code -errno} to fail the registration with it (e.g. {@code -ENOMEM}, what
     *     a too low {@code RLIMIT_MEMLOCK} gives)
     */
    default int register() {
        return 0;
    }
}
