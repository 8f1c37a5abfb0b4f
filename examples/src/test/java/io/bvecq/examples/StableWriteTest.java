package io.bvecq.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.ChainBuffer;
import io.bvecq.io.FileCapabilities;
import io.bvecq.io.IoFile;
import io.bvecq.io.SinkProfile;
import io.bvecq.io.WritePolicy;
import io.bvecq.io.WriteResult;
import io.bvecq.io.WriteShape;
import io.bvecq.io.WriteStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StableWriteTest extends LeakFree {
    @TempDir
    Path dir;

    @Test
    void autoWritesZeroCopyWhereSafeAndTheBytesLand() throws IOException {
        byte[] data = random(64 << 10, 5);
        Path p = dir.resolve("auto");
        try (BufferPool pool = BufferPool.create(); Bvecq chain = chain(pool, data)) {
            WriteResult r = StableWrite.write(p, 8192, chain, WritePolicy.AUTO);
            assertEquals(data.length, r.bytes());
            FileCapabilities caps;
            try (IoFile f = IoFile.open(p)) {
                caps = f.capabilities();
            }
            // what AUTO must do on this device, from the pure decision table
            WriteStrategy want = WritePolicy.AUTO.decide(caps.sinkProfile(),
                    WriteShape.callerMemory(8192, data.length, BufferPool.PAGE_SIZE)).strategy();
            assertEquals(want, r.decision().strategy(), r.decision().text());
            assertEquals(caps.stableWrites() ? WriteStrategy.BOUNCE : WriteStrategy.DIRECT, r.decision().strategy(),
                    "aligned pool memory on " + caps);
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(new byte[8192], Arrays.copyOf(file, 8192));
        assertArrayEquals(data, Arrays.copyOfRange(file, 8192, file.length));
    }

    @Test
    void onAStableWritesDeviceAutoBounces() {
        // sysfs cannot be faked from outside the library: the decision table is what IoFile carries out
        SinkProfile raid5 = SinkProfile.of(true, 4096, 512);
        assertEquals(WriteStrategy.BOUNCE,
                WritePolicy.AUTO.decide(raid5, WriteShape.callerMemory(0, 65536, 4096)).strategy());
        assertEquals(WriteStrategy.DIRECT,
                WritePolicy.AUTO.decide(raid5, WriteShape.toolkitMemory(0, 65536, 4096)).strategy(),
                "memory nobody modifies needs no bounce");
    }

    @Test
    void bounceReportsTheChecksumOfExactlyWhatWasWritten() throws IOException {
        byte[] data = random(96 << 10, 6);
        Path p = dir.resolve("bounce");
        try (BufferPool pool = BufferPool.create(); Bvecq chain = chain(pool, data)) {
            WriteResult r = StableWrite.write(p, 0, chain, WritePolicy.BOUNCE);
            assertEquals(WriteStrategy.BOUNCE, r.decision().strategy(), r.decision().text());
            CRC32C want = new CRC32C();
            want.update(data);
            assertEquals(want.getValue(), r.crc32c());
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    private static Bvecq chain(BufferPool pool, byte[] data) {
        try (ChainBuffer buf = new ChainBuffer(pool)) {
            buf.write(data);
            return buf.extract(buf.size());
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
