package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data extents of sparse files (SEEK_DATA/SEEK_HOLE) and zero-range, on ext4. */
class OccupancyTest {
    private Path dir;
    private BufferPool pool;

    @BeforeEach
    void setUp() throws IOException {
        dir = TestChains.tempDir();
        pool = BufferPool.create();
    }

    @AfterEach
    void tearDown() {
        pool.close();
        TestChains.deleteTree(dir);
    }

    @Test
    void sparseFileReportsItsDataExtentsClippedToTheRange() throws IOException {
        Bvecq block = TestChains.pooled(pool, TestChains.randomBytes(8192, 1));
        try (IoFile f = IoFile.open(dir.resolve("sparse"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            f.write(0, block, WritePolicy.AUTO);
            f.write(1 << 20, block, WritePolicy.AUTO);
            f.truncate(4 << 20);
            assertEquals(List.of(new Extent(0, 8192), new Extent(1 << 20, 8192)), f.dataExtents(0, 4 << 20));
            assertEquals(List.of(new Extent(4096, 4096), new Extent(1 << 20, 100)), f.dataExtents(4096, (1 << 20) + 100));
            assertEquals(List.of(), f.dataExtents(65536, 1 << 20), "all hole");
            assertEquals(List.of(), f.dataExtents(2 << 20, 8 << 20), "past the last data: ENXIO ends the walk");
            assertEquals(List.of(), f.dataExtents(100, 100));
            assertThrows(IllegalArgumentException.class, () -> f.dataExtents(10, 5));
            assertThrows(IllegalArgumentException.class, () -> f.dataExtents(-1, 5));
        } finally {
            block.release();
        }
    }

    @Test
    void zeroRangeClearsWithoutWritingThroughMemory() throws IOException {
        Path p = dir.resolve("zero");
        byte[] data = TestChains.randomBytes(16384, 2);
        Files.write(p, data);
        try (IoFile f = IoFile.open(p, StandardOpenOption.WRITE)) {
            f.zeroRange(4096, 8192);
            f.sync();
            assertEquals(16384, f.size());
        }
        byte[] expect = data.clone();
        java.util.Arrays.fill(expect, 4096, 12288, (byte) 0);
        assertArrayEquals(expect, Files.readAllBytes(p));
    }
}
