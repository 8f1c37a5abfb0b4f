package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Stable writes: detection from an injected sysfs tree, and what AUTO does about them on a real file whose
 * device is made to look like a stable-writes device.
 */
class StableWritesTest {
    private Path dir;
    private Path sysfs;
    private BufferPool pool;

    @BeforeEach
    void setUp() throws IOException {
        dir = TestChains.tempDir();
        sysfs = dir.resolve("sys");
        pool = BufferPool.create();
    }

    @AfterEach
    void tearDown() {
        pool.close();
        TestChains.deleteTree(dir);
    }

    /** Builds sys/dev/block/MAJ:MIN for a disk (or a partition of it) whose queue says {@code stable}. */
    private void fakeDevice(int major, int minor, boolean partition, String stable, String mdLevel) throws IOException {
        Path disk = sysfs.resolve("devices/virtual/block/fake" + major + "_" + minor);
        Files.createDirectories(disk.resolve("queue"));
        Files.writeString(disk.resolve("queue/stable_writes"), stable + "\n");
        if (mdLevel != null) {
            Files.createDirectories(disk.resolve("md"));
            Files.writeString(disk.resolve("md/level"), mdLevel + "\n");
        }
        Path target = disk;
        if (partition) {
            target = disk.resolve("part1");
            Files.createDirectories(target);
            Files.writeString(target.resolve("partition"), "1\n");
        }
        Files.createDirectories(sysfs.resolve("dev/block"));
        Files.createSymbolicLink(sysfs.resolve("dev/block/" + major + ":" + minor), target);
    }

    @Test
    void detectsStableWritesOnAWholeDisk() throws IOException {
        fakeDevice(8, 0, false, "1", null);
        StableWrites.Info i = StableWrites.read(sysfs, 8, 0);
        assertTrue(i.stable());
        assertEquals(BlastRadius.BAD_APP, i.radius());
        assertTrue(i.source().endsWith("queue/stable_writes"), i.source());
    }

    @Test
    void aPartitionReadsItsParentDisksQueue() throws IOException {
        fakeDevice(8, 1, true, "1", null);
        StableWrites.Info i = StableWrites.read(sysfs, 8, 1);
        assertTrue(i.stable(), i.toString());
        assertFalse(i.source().contains("part1"), "the partition has no queue: " + i.source());
    }

    @Test
    void parityRaidPutsEveryoneAtRisk() throws IOException {
        fakeDevice(9, 0, false, "1", "raid5");
        assertEquals(BlastRadius.EVERYONE, StableWrites.read(sysfs, 9, 0).radius());
    }

    @Test
    void zeroOrMissingMeansNoStableWrites() throws IOException {
        fakeDevice(8, 16, false, "0", null);
        assertFalse(StableWrites.read(sysfs, 8, 16).stable());
        StableWrites.Info none = StableWrites.read(sysfs, 0, 42);
        assertFalse(none.stable());
        assertEquals(BlastRadius.UNCHECKED, none.radius());
        assertTrue(none.source().contains("no block device 0:42"), none.source());
    }

    /** Opens a file in the temp dir with the sysfs tree saying its real device needs stable writes. */
    private IoFile openStable(Path p, Syscalls sys) throws IOException {
        int major;
        int minor;
        try (IoFile probe = IoFile.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            major = probe.capabilities().devMajor();
            minor = probe.capabilities().devMinor();
        }
        if (!Files.exists(sysfs.resolve("dev/block/" + major + ":" + minor))) {
            fakeDevice(major, minor, false, "1", null);
        }
        IoFile f = IoFile.open(p, sys, sysfs, StandardOpenOption.WRITE);
        assertTrue(f.capabilities().stableWrites(), f.capabilities().toString());
        return f;
    }

    @Test
    void autoBouncesOnAStableWritesDeviceTrustedDoesNotStrictRefuses() throws IOException {
        byte[] data = TestChains.randomBytes(256 << 10, 1);
        Bvecq src = TestChains.pooled(pool, data);
        try (IoFile f = openStable(dir.resolve("f"), LinuxSyscalls.INSTANCE)) {
            WriteResult auto = f.write(0, src, WritePolicy.AUTO);
            assertEquals(WriteStrategy.BOUNCE, auto.decision().strategy());
            assertEquals(WriteReason.STABLE_WRITES, auto.decision().reason());
            WriteResult trusted = f.write(0, src, WritePolicy.TRUSTED);
            assertEquals(WriteStrategy.DIRECT, trusted.decision().strategy());
            assertThrows(WriteRefusedException.class, () -> f.write(0, src, WritePolicy.STRICT));
        } finally {
            src.release();
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("f")));
    }

    @Test
    void memoryTheCallerVouchesForIsWrittenZeroCopyOnAStableWritesDevice() throws IOException {
        byte[] data = TestChains.randomBytes(64 << 10, 9);
        Bvecq src = TestChains.pooled(pool, data);
        BvecqPos pos = BvecqPos.at(src);
        try (IoFile f = openStable(dir.resolve("owned"), LinuxSyscalls.INSTANCE)) {
            WriteResult r = f.writeStable(0, pos, data.length, WritePolicy.AUTO);
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy());
            assertEquals(WriteReason.STABLE_SOURCE, r.decision().reason());
            assertEquals(WriteStrategy.BOUNCE, f.writeStable(0, pos, data.length, WritePolicy.BOUNCE).decision().strategy());
        } finally {
            pos.unset();
            src.release();
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("owned")));
    }

    @Test
    void memoryChangedWhileTheWriteIsInFlightDoesNotReachTheDiskWhenBounced() throws IOException {
        byte[] data = TestChains.randomBytes(256 << 10, 2);
        byte[] changed = TestChains.randomBytes(256 << 10, 3);
        Bvecq src = TestChains.pooled(pool, data);
        Runnable mutate = () -> overwrite(src, changed);
        Path p = dir.resolve("inflight");
        // AUTO: the kernel is handed the bounce copy; rewriting the caller's memory in flight changes nothing
        try (IoFile f = openStable(p, new FaultySyscalls().before(FaultySyscalls.Op.WRITE, 1, mutate))) {
            WriteResult r = f.write(0, src, WritePolicy.AUTO);
            assertEquals(WriteStrategy.BOUNCE, r.decision().strategy());
            assertEquals(crc(data), r.crc32c());
        }
        assertArrayEquals(data, Files.readAllBytes(p), "the disk holds the bytes as they were at the call");
        // The control: TRUSTED writes zero-copy, so the same mutation does reach the disk (the hazard is real)
        overwrite(src, data);
        try (IoFile f = openStable(p, new FaultySyscalls().before(FaultySyscalls.Op.WRITE, 1, mutate))) {
            assertEquals(WriteStrategy.DIRECT, f.write(0, src, WritePolicy.TRUSTED).decision().strategy());
        } finally {
            src.release();
        }
        assertArrayEquals(changed, Files.readAllBytes(p), "zero-copy wrote the mutated memory");
    }

    @Test
    void concurrentMutatorNeverMakesChecksumAndDiskDisagree() throws Exception {
        runMutatorTrials(dir.resolve("mutator"), this::openStable, 20);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "BVECQ_STABLE_DIR", matches = ".+")
    void onARealStableWritesDevice() throws Exception {
        Path d = Files.createTempDirectory(Path.of(System.getenv("BVECQ_STABLE_DIR")), "bvecq-stable");
        try {
            runMutatorTrials(d.resolve("f"), (p, sys) -> {
                IoFile f = IoFile.open(p, sys, Path.of("/sys"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                assertTrue(f.capabilities().stableWrites(), "BVECQ_STABLE_DIR must be on a stable_writes=1 device: "
                        + f.capabilities());
                return f;
            }, 50);
        } finally {
            TestChains.deleteTree(d);
        }
    }

    @FunctionalInterface
    private interface Opener {
        IoFile open(Path p, Syscalls sys) throws IOException;
    }

    /**
     * A mutator thread rewrites the caller's memory without pause while AUTO writes it. The CRC32C the bounce
     * computed in the same pass as its copy must equal the CRC32C of what reached the disk, in every trial.
     */
    private void runMutatorTrials(Path p, Opener opener, int trials) throws Exception {
        int size = 1 << 20;
        Bvecq src = TestChains.pooled(pool, TestChains.randomBytes(size, 4));
        AtomicBoolean stop = new AtomicBoolean();
        Thread mutator = new Thread(() -> {
            byte v = 0;
            while (!stop.get()) {
                for (Bvecq n = src; n != null && !stop.get(); n = n.nextAcquire()) {
                    for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                        n.segment(s).asSlice(n.offset(s), n.length(s)).fill(v++);
                    }
                }
            }
        }, "mutator");
        try (IoFile f = opener.open(p, LinuxSyscalls.INSTANCE)) {
            mutator.start();
            for (int t = 0; t < trials; t++) {
                WriteResult r = f.write(0, src, WritePolicy.AUTO);
                assertEquals(WriteStrategy.BOUNCE, r.decision().strategy());
                byte[] disk = Files.readAllBytes(p);
                assertEquals(size, disk.length);
                assertEquals(r.crc32c(), crc(disk), "trial " + t + ": the checksum and the data on disk disagree");
            }
        } finally {
            stop.set(true);
            mutator.join();
            src.release();
        }
    }

    private static void overwrite(Bvecq head, byte[] with) {
        int i = 0;
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                MemorySegment.copy(MemorySegment.ofArray(with), i, n.segment(s), n.offset(s), n.length(s));
                i += (int) n.length(s);
            }
        }
    }

    private static long crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }
}
