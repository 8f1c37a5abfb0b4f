package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bvecq.Bvecq;
import io.bvecq.BvecqBuffers;
import io.bvecq.Disposal;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract slips found in review: where an iterator is left on failure, what messages name, what stays reachable. */
class IoFileContractTest {
    private Path dir;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        dir = TestChains.tempDir();
        file = dir.resolve("f");
    }

    @AfterEach
    void tearDown() {
        TestChains.deleteTree(dir);
    }

    /**
     * The direct descriptor is the file the buffered one is open on, even if the path names another file by
     * the time it is opened (here: the file is moved away and a new one takes its name between the two
     * opens). A second open of the path would send direct writes into the new file.
     */
    @Test
    void theDirectDescriptorIsTheSameFileWhenThePathIsSwappedBetweenTheOpens() throws IOException {
        byte[] data = TestChains.randomBytes(4096, 11);
        Files.write(file, new byte[0]);
        Path moved = dir.resolve("moved");
        FaultySyscalls sys = new FaultySyscalls().before(FaultySyscalls.Op.OPEN, 2, () -> {
            try {
                Files.move(file, moved);
                Files.write(file, new byte[0]); // another file under the name
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (Arena a = Arena.ofConfined(); IoFile f = IoFile.open(file, sys, Path.of("/sys"), StandardOpenOption.WRITE)) {
            assertEquals(2, sys.calls(FaultySyscalls.Op.OPEN), "the swap happened between the two opens");
            MemorySegment seg = a.allocate(data.length, 4096).copyFrom(MemorySegment.ofArray(data));
            WriteResult r = f.write(0, IoIter.segment(Direction.SOURCE, seg), WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy(), "the write took the direct descriptor");
        }
        assertArrayEquals(data, Files.readAllBytes(moved), "the bytes went to the file that was opened");
        assertEquals(0, Files.size(file), "nothing went to the file put under its name");
    }

    /** NOFOLLOW_LINKS refuses a symlink in the file's place with ELOOP and writes nothing through it. */
    @Test
    void noFollowRefusesASymlinkAndLeavesItsTargetAlone() throws IOException {
        Path target = dir.resolve("target");
        Files.write(target, new byte[] {1, 2, 3});
        Files.createSymbolicLink(file, target);
        IoErrnoException e = assertThrows(IoErrnoException.class,
                () -> IoFile.open(file, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("ELOOP", e.errnoName(), e.getMessage());
        try (IoFile f = IoFile.open(file, StandardOpenOption.WRITE)) { // without it the link is followed
            assertEquals(3, f.size());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        // a regular file opened with it keeps its direct descriptor (reopened through /proc, a link followed)
        try (Arena a = Arena.ofConfined();
                IoFile f = IoFile.open(target, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            MemorySegment seg = a.allocate(4096, 4096);
            WriteResult r = f.write(0, IoIter.segment(Direction.SOURCE, seg), WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy(), r.decision().toString());
        }
    }

    /** An Error from below (here thrown by the syscall layer) must not leave the iterator advanced with nothing written. */
    @Test
    void anyFailureLeavesTheIteratorWhereItWas() throws IOException {
        byte[] data = TestChains.randomBytes(8192, 9);
        Runnable fail = () -> {
            throw new OutOfMemoryError("simulated failure inside the write");
        };
        FaultySyscalls sys = new FaultySyscalls().before(FaultySyscalls.Op.WRITE, 1, fail)
                .before(FaultySyscalls.Op.WRITE, 2, fail);
        try (Arena a = Arena.ofConfined();
                IoFile f = IoFile.open(file, sys, Path.of("/sys"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            MemorySegment seg = a.allocate(data.length, 4096).copyFrom(MemorySegment.ofArray(data));
            for (IoIter it : new IoIter[] {IoIter.kvec(Direction.SOURCE, seg.asSlice(0, 4096), seg.asSlice(4096)),
                    IoIter.segment(Direction.SOURCE, seg)}) {
                assertThrows(OutOfMemoryError.class, () -> f.write(0, it, WritePolicy.BUFFERED));
                assertEquals(8192, it.count(), it + ": nothing reached the file, nothing consumed");
                assertEquals(0, it.consumed());
            }
        }
    }

    /** A bounced write that fails in its second window leaves the iterator after exactly the bytes written. */
    @Test
    void aBouncedWriteFailingLateIsAdvancedByWhatReachedTheFile() throws IOException {
        int size = 3 << 20;
        byte[] data = TestChains.randomBytes(size, 10);
        FaultySyscalls sys = new FaultySyscalls().fail(FaultySyscalls.Op.WRITE, 2, Errno.EIO);
        try (Arena a = Arena.ofConfined();
                IoFile f = IoFile.open(file, sys, Path.of("/sys"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            MemorySegment seg = a.allocate(size + 1, 4096).asSlice(1).copyFrom(MemorySegment.ofArray(data));
            IoIter it = IoIter.segment(Direction.SOURCE, seg);
            IoErrnoException e = assertThrows(IoErrnoException.class, () -> f.write(0, it, WritePolicy.BOUNCE));
            assertEquals(1 << 20, e.bytesTransferred(), "one window reached the file");
            assertEquals(1 << 20, it.consumed(), "copied further, settled back to what was written");
        }
        assertArrayEquals(Arrays.copyOf(data, 1 << 20), Files.readAllBytes(file));
    }

    @Test
    void messagesNameTheParameterTheCallerPassed() throws IOException {
        try (IoFile f = IoFile.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertEquals("size: -1 (expected: size >= 0)",
                    assertThrows(IllegalArgumentException.class, () -> f.truncate(-1)).getMessage());
            assertEquals("offset: -1 (expected: offset >= 0)",
                    assertThrows(IllegalArgumentException.class, () -> f.zeroRange(-1, 10)).getMessage());
            assertEquals("src", assertThrows(NullPointerException.class,
                    () -> f.write(0, (IoIter) null, WritePolicy.AUTO)).getMessage());
            assertEquals("dst", assertThrows(NullPointerException.class, () -> f.read(0, (IoIter) null)).getMessage());
        }
    }

    /** Nothing of a call outlives it: the caller's memory becomes unreachable once the caller drops it. */
    @Test
    void noThreadLocalKeepsTheCallersMemoryReachable() throws IOException, InterruptedException {
        WeakReference<?>[] refs;
        try (IoFile f = IoFile.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            refs = writeHeapChain(f);
            for (int i = 0; i < 50 && (refs[0].get() != null || refs[1].get() != null); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(refs[0].get(), "the last chain written is still reachable after the call returned");
            assertNull(refs[1].get(), "the memory of the last chain written is still reachable");
        }
    }

    /** Writes a chain over heap memory, releases it and returns weak references to the chain and its memory. */
    private static WeakReference<?>[] writeHeapChain(IoFile f) throws IOException {
        byte[] data = TestChains.randomBytes(8192, 11);
        Bvecq chain = Bvecq.allocOne(Disposal.NONE);
        BvecqBuffers.appendRegion(chain, Disposal.NONE, MemorySegment.ofArray(data), 0, data.length, null);
        try {
            assertEquals(8192, f.write(0, chain, WritePolicy.BUFFERED).bytes());
        } finally {
            chain.release();
        }
        return new WeakReference<?>[] {new WeakReference<>(chain), new WeakReference<>(data)};
    }
}
