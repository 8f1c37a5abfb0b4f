package io.bvecq.uring;

/**
 * Constants and struct layouts of the io_uring ABI ({@code include/uapi/linux/io_uring.h}), as offsets into
 * native memory. Facts of the kernel's interface, the same on every 64-bit architecture.
 */
final class IoUringAbi {
    private IoUringAbi() {
    }

    // struct io_uring_params: 120 bytes
    static final int PARAMS_SIZE = 120;
    static final int P_SQ_ENTRIES = 0;
    static final int P_CQ_ENTRIES = 4;
    static final int P_FLAGS = 8;
    static final int P_FEATURES = 20;
    /** struct io_sqring_offsets at 40: head, tail, ring_mask, ring_entries, flags, dropped, array, resv1, user_addr. */
    static final int P_SQ_OFF = 40;
    /** struct io_cqring_offsets at 80: head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1, user_addr. */
    static final int P_CQ_OFF = 80;
    static final int SQ_OFF_HEAD = 0;
    static final int SQ_OFF_TAIL = 4;
    static final int SQ_OFF_RING_MASK = 8;
    static final int SQ_OFF_RING_ENTRIES = 12;
    static final int SQ_OFF_FLAGS = 16;
    static final int SQ_OFF_DROPPED = 20;
    static final int SQ_OFF_ARRAY = 24;
    static final int CQ_OFF_HEAD = 0;
    static final int CQ_OFF_TAIL = 4;
    static final int CQ_OFF_RING_MASK = 8;
    static final int CQ_OFF_RING_ENTRIES = 12;
    static final int CQ_OFF_OVERFLOW = 16;
    static final int CQ_OFF_CQES = 20;

    // struct io_uring_sqe: 64 bytes
    static final int SQE_SIZE = 64;
    static final int SQE_OPCODE = 0;
    static final int SQE_FLAGS = 1;
    static final int SQE_IOPRIO = 2;
    static final int SQE_FD = 4;
    static final int SQE_OFF = 8;
    static final int SQE_ADDR = 16;
    static final int SQE_LEN = 24;
    /** rw_flags, fsync_flags, sync_range_flags, cancel_flags: one union. */
    static final int SQE_OP_FLAGS = 28;
    static final int SQE_USER_DATA = 32;
    static final int SQE_BUF_INDEX = 40;

    // struct io_uring_cqe: 16 bytes
    static final int CQE_SIZE = 16;
    static final int CQE_USER_DATA = 0;
    static final int CQE_RES = 8;
    static final int CQE_FLAGS = 12;

    // mmap offsets
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // features
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    static final int IORING_FEAT_NODROP = 1 << 1;

    // io_uring_enter flags
    static final int IORING_ENTER_GETEVENTS = 1;

    // opcodes
    static final byte IORING_OP_NOP = 0;
    static final byte IORING_OP_READV = 1;
    static final byte IORING_OP_WRITEV = 2;
    static final byte IORING_OP_FSYNC = 3;
    static final byte IORING_OP_READ_FIXED = 4;
    static final byte IORING_OP_WRITE_FIXED = 5;
    static final byte IORING_OP_SYNC_FILE_RANGE = 8;
    static final byte IORING_OP_ASYNC_CANCEL = 14;

    static final int IORING_FSYNC_DATASYNC = 1;

    // sqe flags
    static final byte IOSQE_FIXED_FILE = 1;

    // io_uring_register opcodes
    static final int IORING_REGISTER_BUFFERS = 0;
    static final int IORING_UNREGISTER_BUFFERS = 1;
    static final int IORING_REGISTER_FILES = 2;
    static final int IORING_UNREGISTER_FILES = 3;

    // errno values the engine acts on (generic table)
    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EBUSY = 16;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ENOSYS = 38;
    static final int ECANCELED = 125;

    /** Names an opcode for messages, e.g. {@code "IORING_OP_READV"}. */
    static String opName(int opcode) {
        return switch (opcode) {
            case IORING_OP_NOP -> "IORING_OP_NOP";
            case IORING_OP_READV -> "IORING_OP_READV";
            case IORING_OP_WRITEV -> "IORING_OP_WRITEV";
            case IORING_OP_FSYNC -> "IORING_OP_FSYNC";
            case IORING_OP_READ_FIXED -> "IORING_OP_READ_FIXED";
            case IORING_OP_WRITE_FIXED -> "IORING_OP_WRITE_FIXED";
            case IORING_OP_SYNC_FILE_RANGE -> "IORING_OP_SYNC_FILE_RANGE";
            case IORING_OP_ASYNC_CANCEL -> "IORING_OP_ASYNC_CANCEL";
            default -> "IORING_OP_" + opcode;
        };
    }
}
