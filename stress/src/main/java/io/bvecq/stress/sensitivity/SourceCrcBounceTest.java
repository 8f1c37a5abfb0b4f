package io.bvecq.stress.sensitivity;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BufferPool;
import io.bvecq.PoolChunk;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Sensitivity check for contract 12 ({@link io.bvecq.stress.BounceMutatingWriterTest}): the same writer
 * and the same checks, against a test-local bounce that copies the source into a pool chunk and then
 * takes the CRC32C from the <em>source</em>, the mistake {@code Bounce.copy} avoids. When the writer
 * changes bytes between the copy and the checksum, the reported CRC no longer describes the copy.
 *
 * <ul>
 *   <li>r1: 1 if the reported CRC equals the CRC of the copy's bytes;</li>
 *   <li>r2: the copy's bytes: 0 = all old, 1 = all new, 2 = mixed, 3 = foreign.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "All old bytes, matching CRC.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "All new bytes, matching CRC.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Torn copy, matching CRC.")
@Outcome(expect = FORBIDDEN, desc = "The CRC taken from the source does not describe the copy.")
@State
public class SourceCrcBounceTest {
    private static final int SIZE = BufferPool.PAGE_SIZE;
    private final MemorySegment memory = MemorySegment.ofArray(new byte[SIZE]);

    /** Fills the source with the old bytes. */
    public SourceCrcBounceTest() {
        memory.fill((byte) 0x11);
    }

    /** The caller rewrites its buffer. */
    @Actor
    public void writer() {
        memory.fill((byte) 0x22);
    }

    /**
     * Copies, then checksums the source (BROKEN on purpose), then checks the copy against that CRC.
     *
     * @param r r1 and r2
     */
    @Actor
    public void bouncer(II_Result r) {
        PoolChunk chunk = BufferPool.defaultPool().take();
        try {
            MemorySegment copy = chunk.segment().asSlice(0, SIZE);
            MemorySegment.copy(memory, 0, copy, 0, SIZE);
            CRC32C reported = new CRC32C();
            reported.update(memory.asByteBuffer()); // BROKEN on purpose: the source, not the copy
            CRC32C actual = new CRC32C();
            actual.update(copy.asByteBuffer());
            int olds = 0;
            int news = 0;
            for (long i = 0; i < SIZE; i++) {
                byte b = copy.get(ValueLayout.JAVA_BYTE, i);
                olds += b == 0x11 ? 1 : 0;
                news += b == 0x22 ? 1 : 0;
            }
            r.r1 = reported.getValue() == actual.getValue() ? 1 : 0;
            r.r2 = olds + news != SIZE ? 3 : news == 0 ? 0 : olds == 0 ? 1 : 2;
        } finally {
            chunk.release();
        }
    }
}
