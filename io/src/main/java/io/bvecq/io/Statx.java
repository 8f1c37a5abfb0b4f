package io.bvecq.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The fields of {@code struct statx} the io package reads, decoded from the kernel's buffer. Offsets
 * come from {@code include/uapi/linux/stat.h}: the struct is 256 bytes on every architecture.
 */
record Statx(int mask, int mode, long size, int devMajor, int devMinor, int dioMemAlign, int dioOffsetAlign,
        int atomicWriteUnitMin, int atomicWriteUnitMax) {
    /** The size of {@code struct statx}. */
    static final int SIZE = 256;

    private static final long MASK = 0x00;
    private static final long MODE = 0x1c;
    private static final long FILE_SIZE = 0x28;
    private static final long DEV_MAJOR = 0x88;
    private static final long DEV_MINOR = 0x8c;
    private static final long DIO_MEM_ALIGN = 0x98;
    private static final long DIO_OFFSET_ALIGN = 0x9c;
    private static final long ATOMIC_WRITE_UNIT_MIN = 0xa8;
    private static final long ATOMIC_WRITE_UNIT_MAX = 0xac;

    /** Decodes a buffer filled by {@code statx}; fields the kernel did not report (mask) read as 0. */
    static Statx decode(MemorySegment buf) {
        int mask = buf.get(ValueLayout.JAVA_INT_UNALIGNED, MASK);
        int mode = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, MODE));
        long size = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, FILE_SIZE);
        boolean dio = (mask & Linux.STATX_DIOALIGN) != 0;
        boolean atomic = (mask & Linux.STATX_WRITE_ATOMIC) != 0;
        return new Statx(mask, mode, size,
                buf.get(ValueLayout.JAVA_INT_UNALIGNED, DEV_MAJOR),
                buf.get(ValueLayout.JAVA_INT_UNALIGNED, DEV_MINOR),
                dio ? buf.get(ValueLayout.JAVA_INT_UNALIGNED, DIO_MEM_ALIGN) : 0,
                dio ? buf.get(ValueLayout.JAVA_INT_UNALIGNED, DIO_OFFSET_ALIGN) : 0,
                atomic ? buf.get(ValueLayout.JAVA_INT_UNALIGNED, ATOMIC_WRITE_UNIT_MIN) : 0,
                atomic ? buf.get(ValueLayout.JAVA_INT_UNALIGNED, ATOMIC_WRITE_UNIT_MAX) : 0);
    }

    boolean isRegular() {
        return (mode & Linux.S_IFMT) == Linux.S_IFREG;
    }

    boolean isDirectory() {
        return (mode & Linux.S_IFMT) == Linux.S_IFDIR;
    }
}
