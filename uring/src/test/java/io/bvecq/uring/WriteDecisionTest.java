package io.bvecq.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteReason;
import io.bvecq.io.WriteResult;
import io.bvecq.io.WriteStrategy;
import io.bvecq.iter.Direction;
import io.bvecq.iter.IoIter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both engines decide writes as {@link io.bvecq.io.IoFile} does and report them the same way. */
class WriteDecisionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(AsyncFile.Engine.class)
    void decisionsMatchIoFileAndFallbacksAreCounted(AsyncFile.Engine engine) throws Exception {
        Path p = dir.resolve("d-" + engine);
        byte[] data = new byte[3 * 4096];
        new Random(8).nextBytes(data);
        byte[] model = new byte[4 * 4096];
        try (AsyncFile f = AsyncFile.open(p, engine, 8, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                Arena a = Arena.ofShared()) {
            // aligned memory and offset: zero-copy direct
            MemorySegment aligned = a.allocate(data.length, 4096);
            MemorySegment.copy(data, 0, aligned, ValueLayout.JAVA_BYTE, 0, data.length);
            WriteResult r = f.write(0, IoIter.segment(Direction.SOURCE, aligned), WritePolicy.AUTO)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(f.file().plan(WritePolicy.AUTO, 0, data.length, aligned.address() | data.length),
                    r.decision());
            assertEquals(WriteStrategy.DIRECT, r.decision().strategy());
            System.arraycopy(data, 0, model, 0, data.length);

            // unaligned memory: bounced, with the CRC32C of the bytes written
            MemorySegment odd = a.allocate(data.length + 1, 8).asSlice(1, data.length);
            MemorySegment.copy(data, 0, odd, ValueLayout.JAVA_BYTE, 0, data.length);
            r = f.write(4096, IoIter.segment(Direction.SOURCE, odd), WritePolicy.AUTO).get(10, TimeUnit.SECONDS);
            assertEquals(WriteStrategy.BOUNCE, r.decision().strategy());
            assertEquals(WriteReason.UNALIGNED_MEMORY, r.decision().reason());
            CRC32C crc = new CRC32C();
            crc.update(data);
            assertEquals(crc.getValue(), r.crc32c());
            System.arraycopy(data, 0, model, 4096, data.length);

            // unaligned offset: uncached buffered
            r = f.write(100, IoIter.segment(Direction.SOURCE, aligned, 0, 5000), WritePolicy.AUTO)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(WriteStrategy.BUFFERED, r.decision().strategy());
            assertEquals(WriteReason.UNALIGNED_OFFSET, r.decision().reason());
            System.arraycopy(data, 0, model, 100, 5000);

            assertEquals(1L, f.file().fallbackCounts().get(WriteReason.UNALIGNED_MEMORY));
            assertEquals(1L, f.file().fallbackCounts().get(WriteReason.UNALIGNED_OFFSET));
            assertTrue(f.file().fallbackCounts().size() == 2, f.file().fallbackCounts().toString());
        }
        assertArrayEquals(Arrays.copyOf(model, 4096 + data.length), Files.readAllBytes(p));
    }
}
