package io.bvecq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.bvecq.BufferPool;
import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import io.bvecq.Disposal;
import io.bvecq.extract.Bounce;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Contract 12, bounce under a mutating writer: the bytes of a bounced copy and the CRC32C that
 * {@link Bounce#copy} reports for it always agree, whatever the writer changes in the source meanwhile.
 * The copy itself may be torn (part old, part new bytes): a stable-writes sink only needs the checksum it
 * is handed to describe the bytes it is handed.
 *
 * <p>Under test: {@code Bounce.copy}, through {@code Bounce.copyInto}, the one copy+CRC32C loop, which
 * {@code IoFile}'s bounced writes run too; it takes the checksum from the destination, block by block after each
 * block was copied, never from the caller's memory. There is no release/acquire pair here: the writer
 * races the copy on plain memory on purpose, as a user rewriting a buffer under direct I/O does. A copy
 * that checksummed the source (or the destination before the copy finished) would, when the writer
 * changed a byte between the two, report a CRC that does not match its bytes.
 *
 * <p>The source is one {@link Disposal#NONE} node with two 4 KiB slots over an 8 KiB heap array filled with
 * {@code 0x11}. The writer overwrites the array with {@code 0x22}; the bouncer copies all 8 KiB into the
 * default pool, then recomputes the CRC32C of the copy's bytes itself and classifies them.
 * <ul>
 *   <li>r1: 1 if the reported CRC equals the CRC of the copy's bytes, else 0;</li>
 *   <li>r2: the copy's bytes: 0 = all old ({@code 0x11}), 1 = all new ({@code 0x22}), 2 = a mix of old
 *       and new, 3 = some byte that was never in the source; -1 if the copy's length was not 8 KiB.</li>
 * </ul>
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE,
        desc = "The copy was done before the writer reached the source: all old bytes, matching CRC.")
@Outcome(id = "1, 1", expect = ACCEPTABLE,
        desc = "The writer was done before the copy read the source: all new bytes, matching CRC.")
@Outcome(id = "1, 2", expect = ACCEPTABLE,
        desc = "The copy interleaved with the writer: a torn mix of old and new bytes, and a CRC that matches "
                + "exactly that mix.")
@Outcome(expect = FORBIDDEN,
        desc = "The reported CRC does not describe the copied bytes (it was taken from the source, or before "
                + "the copy was complete), or the copy holds bytes never in the source: Bounce.copy is broken.")
@State
public class BounceMutatingWriterTest {
    private static final int SIZE = 2 * BufferPool.PAGE_SIZE;
    private final MemorySegment memory = MemorySegment.ofArray(new byte[SIZE]);
    private final Bvecq source = Bvecq.allocOne(2, Disposal.NONE);
    private final BvecqPos pos;

    /** Builds the source chain over the old bytes and a position at its start. */
    public BounceMutatingWriterTest() {
        memory.fill((byte) 0x11);
        source.appendSlot(memory, 0, SIZE / 2, null);
        source.appendSlot(memory, SIZE / 2, SIZE / 2, null);
        pos = BvecqPos.at(source);
    }

    /** The caller rewrites its buffer while the copy runs. */
    @Actor
    public void writer() {
        memory.fill((byte) 0x22);
    }

    /**
     * Bounces the whole source, checks the copy against its CRC, and returns the copy's memory.
     *
     * @param r r1 and r2
     */
    @Actor
    public void bouncer(II_Result r) {
        Bounce.Copy copy = Bounce.copy(pos, SIZE, BufferPool.defaultPool());
        try {
            CRC32C crc = new CRC32C();
            int olds = 0;
            int news = 0;
            int others = 0;
            long total = 0;
            for (Bvecq n = copy.head(); n != null; n = n.nextAcquire()) {
                int nr = n.nrSlotsAcquire();
                for (int s = 0; s < nr; s++) {
                    MemorySegment region = n.segment(s).asSlice(n.offset(s), n.length(s));
                    crc.update(region.asByteBuffer());
                    for (long i = 0; i < region.byteSize(); i++) {
                        byte b = region.get(ValueLayout.JAVA_BYTE, i);
                        if (b == 0x11) {
                            olds++;
                        } else if (b == 0x22) {
                            news++;
                        } else {
                            others++;
                        }
                    }
                    total += region.byteSize();
                }
            }
            r.r1 = crc.getValue() == copy.crc32c() ? 1 : 0;
            r.r2 = total != SIZE || copy.length() != SIZE ? -1 : others > 0 ? 3 : news == 0 ? 0 : olds == 0 ? 1 : 2;
        } finally {
            copy.head().release();
        }
    }

    /** Drops the position and the source. */
    @Arbiter
    public void release() {
        pos.unset();
        source.release();
    }
}
