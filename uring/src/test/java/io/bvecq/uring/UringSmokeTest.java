package io.bvecq.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.io.WritePolicy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UringSmokeTest {
    @TempDir
    Path dir;

    @Test
    void writeThenReadRoundTrips() throws Exception {
        Path p = dir.resolve("f");
        byte[] data = new byte[3 * 4096 + 100];
        new Random(1).nextBytes(data);
        try (AsyncFile f = AsyncFile.open(p, AsyncFile.Engine.URING, 8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); Arena a = Arena.ofShared()) {
            assertEquals(AsyncFile.Engine.URING, f.engine());
            MemorySegment src = a.allocate(data.length, 4096);
            MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, data.length);
            IoIter it = IoIter.segment(Direction.SOURCE, src);
            assertEquals(data.length, f.write(0, it, WritePolicy.AUTO).get(10, TimeUnit.SECONDS).bytes());
            assertEquals(0, it.count());
            MemorySegment dst = a.allocate(data.length + 4096, 4096);
            IoIter in = IoIter.segment(Direction.DEST, dst);
            assertEquals(data.length, f.read(0, in).get(10, TimeUnit.SECONDS));
            byte[] back = dst.asSlice(0, data.length).toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(data, back);
            f.sync(false).get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }
}
