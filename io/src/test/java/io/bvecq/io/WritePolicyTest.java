package io.bvecq.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WritePolicyTest {
    // A sink like a 4 KiB-sector device whose memory must be 512-aligned.
    private static final long MEM = 512;
    private static final long OFF = 4096;

    /**
     * The decision table, row by row. Columns: policy, stableWrites, radius, direct supported, offset
     * aligned, memory aligned, stable (toolkit) source, expected strategy, expected reason.
     */
    @ParameterizedTest(name = "{0} stable={1} {2} dio={3} offOk={4} memOk={5} toolkit={6} -> {7} {8}")
    @CsvSource({
        // AUTO on a sink without stable writes
        "AUTO,     false, UNCHECKED, true,  true,  true,  false, DIRECT,   ZERO_COPY_SAFE",
        "AUTO,     false, EVERYONE,  true,  true,  true,  false, DIRECT,   ZERO_COPY_SAFE",
        "AUTO,     false, EVERYONE,  true,  true,  false, false, BOUNCE,   UNALIGNED_MEMORY",
        "AUTO,     false, EVERYONE,  true,  false, true,  false, BUFFERED, UNALIGNED_OFFSET",
        "AUTO,     false, EVERYONE,  false, true,  true,  false, BUFFERED, DIRECT_UNSUPPORTED",
        // AUTO on a stable-writes sink, graded by radius
        "AUTO,     true,  UNCHECKED, true,  true,  true,  false, DIRECT,   UNCHECKED_RADIUS",
        "AUTO,     true,  UNCHECKED, true,  true,  false, false, BOUNCE,   UNALIGNED_MEMORY",
        "AUTO,     true,  BAD_APP,   true,  true,  true,  false, BOUNCE,   STABLE_WRITES",
        "AUTO,     true,  EVERYONE,  true,  true,  true,  false, BOUNCE,   STABLE_WRITES",
        "AUTO,     true,  EVERYONE,  true,  true,  false, false, BOUNCE,   STABLE_WRITES",
        "AUTO,     true,  EVERYONE,  true,  false, true,  false, BUFFERED, UNALIGNED_OFFSET",
        "AUTO,     true,  EVERYONE,  false, true,  true,  false, BUFFERED, DIRECT_UNSUPPORTED",
        "AUTO,     true,  EVERYONE,  true,  true,  true,  true,  DIRECT,   STABLE_SOURCE",
        "AUTO,     true,  EVERYONE,  true,  true,  false, true,  BOUNCE,   UNALIGNED_MEMORY",
        // BOUNCE
        "BOUNCE,   false, UNCHECKED, true,  true,  true,  false, BOUNCE,   POLICY_BOUNCE",
        "BOUNCE,   true,  EVERYONE,  true,  true,  true,  true,  BOUNCE,   POLICY_BOUNCE",
        "BOUNCE,   true,  EVERYONE,  true,  false, true,  false, BUFFERED, UNALIGNED_OFFSET",
        "BOUNCE,   false, UNCHECKED, false, true,  true,  false, BUFFERED, DIRECT_UNSUPPORTED",
        // BUFFERED: always
        "BUFFERED, false, UNCHECKED, true,  true,  true,  false, BUFFERED, POLICY_BUFFERED",
        "BUFFERED, true,  EVERYONE,  false, false, false, true,  BUFFERED, POLICY_BUFFERED",
        // STRICT: direct where AUTO is direct, refused where AUTO falls back
        "STRICT,   false, UNCHECKED, true,  true,  true,  false, DIRECT,   ZERO_COPY_SAFE",
        "STRICT,   true,  UNCHECKED, true,  true,  true,  false, DIRECT,   UNCHECKED_RADIUS",
        "STRICT,   true,  BAD_APP,   true,  true,  true,  false, REFUSED,  STABLE_WRITES",
        "STRICT,   true,  EVERYONE,  true,  true,  true,  true,  DIRECT,   STABLE_SOURCE",
        "STRICT,   false, EVERYONE,  true,  true,  false, false, REFUSED,  UNALIGNED_MEMORY",
        "STRICT,   false, EVERYONE,  true,  false, true,  false, REFUSED,  UNALIGNED_OFFSET",
        "STRICT,   false, EVERYONE,  false, true,  true,  false, REFUSED,  DIRECT_UNSUPPORTED",
        // TRUSTED: zero-copy whatever the radius; alignment still rules
        "TRUSTED,  true,  EVERYONE,  true,  true,  true,  false, DIRECT,   TRUSTED_CALLER",
        "TRUSTED,  true,  BAD_APP,   true,  true,  true,  false, DIRECT,   TRUSTED_CALLER",
        "TRUSTED,  true,  UNCHECKED, true,  true,  true,  false, DIRECT,   TRUSTED_CALLER",
        "TRUSTED,  false, EVERYONE,  true,  true,  true,  false, DIRECT,   ZERO_COPY_SAFE",
        "TRUSTED,  true,  EVERYONE,  true,  true,  false, false, BOUNCE,   UNALIGNED_MEMORY",
        "TRUSTED,  true,  EVERYONE,  true,  false, true,  false, BUFFERED, UNALIGNED_OFFSET",
        "TRUSTED,  true,  EVERYONE,  false, true,  true,  false, BUFFERED, DIRECT_UNSUPPORTED",
    })
    void decisionTable(WritePolicy policy, boolean stable, BlastRadius radius, boolean dio, boolean offOk, boolean memOk,
            boolean toolkit, WriteStrategy strategy, WriteReason reason) {
        WriteDecision d = policy.decide(sink(stable, radius, dio), shape(offOk, memOk, toolkit));
        assertEquals(strategy, d.strategy(), d.text());
        assertEquals(reason, d.reason(), d.text());
    }

    /** Every combination of inputs, checked against the properties the table must have. */
    @Test
    void everyCombinationKeepsTheSafetyRules() {
        int combos = 0;
        for (WritePolicy policy : WritePolicy.values()) {
            for (boolean stable : new boolean[] {false, true}) {
                for (BlastRadius radius : BlastRadius.values()) {
                    for (boolean dio : new boolean[] {false, true}) {
                        for (boolean offOk : new boolean[] {false, true}) {
                            for (boolean memOk : new boolean[] {false, true}) {
                                for (boolean toolkit : new boolean[] {false, true}) {
                                    combos++;
                                    SinkProfile s = sink(stable, radius, dio);
                                    WriteShape w = shape(offOk, memOk, toolkit);
                                    WriteDecision d = policy.decide(s, w);
                                    String ctx = policy + " " + s + " " + w + " -> " + d.text();
                                    // direct only when the hardware allows it
                                    if (d.strategy() == WriteStrategy.DIRECT) {
                                        assertTrue(dio && offOk && memOk, ctx);
                                    }
                                    if (!dio || !offOk) {
                                        assertFalse(d.strategy().isDirectIo(), ctx);
                                    }
                                    // only STRICT refuses; STRICT never falls back
                                    assertEquals(policy == WritePolicy.STRICT, d.isRefused()
                                            || (policy == WritePolicy.STRICT && d.strategy() == WriteStrategy.DIRECT), ctx);
                                    // the safety rule: caller memory on a stable-writes sink with a radius
                                    // beyond the app never goes zero-copy unless the caller vouched for it
                                    if (stable && !toolkit && radius != BlastRadius.UNCHECKED
                                            && policy != WritePolicy.TRUSTED) {
                                        assertNotEquals(WriteStrategy.DIRECT, d.strategy(), ctx);
                                    }
                                    // STRICT = AUTO without fallbacks, same reason
                                    if (policy == WritePolicy.STRICT) {
                                        WriteDecision auto = WritePolicy.AUTO.decide(s, w);
                                        assertEquals(auto.reason(), d.reason(), ctx);
                                        assertEquals(auto.strategy() == WriteStrategy.DIRECT
                                                ? WriteStrategy.DIRECT : WriteStrategy.REFUSED, d.strategy(), ctx);
                                    }
                                    if (policy == WritePolicy.BUFFERED) {
                                        assertEquals(WriteReason.POLICY_BUFFERED, d.reason(), ctx);
                                    }
                                    assertFalse(d.text().isEmpty());
                                    // the shapeless form decides exactly as the shape does
                                    if (!toolkit) {
                                        assertEquals(d, policy.decideCallerMemory(s, w.fileOffset(), w.length(),
                                                w.memAlignment()), ctx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(5 * 2 * 3 * 2 * 2 * 2 * 2, combos);
    }

    @Test
    void fallbacksAreTheUnaskedDetours() {
        SinkProfile stable = new SinkProfile(true, BlastRadius.EVERYONE, MEM, OFF);
        WriteShape aligned = WriteShape.callerMemory(0, OFF, 0);
        assertTrue(WritePolicy.AUTO.decide(stable, aligned).isFallback());
        assertFalse(WritePolicy.BOUNCE.decide(stable, aligned).isFallback());
        assertFalse(WritePolicy.BUFFERED.decide(stable, aligned).isFallback());
        assertFalse(WritePolicy.TRUSTED.decide(stable, aligned).isFallback());
        assertFalse(WritePolicy.STRICT.decide(stable, aligned).isFallback()); // refused, not a detour
        assertTrue(WritePolicy.BOUNCE.decide(stable, WriteShape.callerMemory(1, OFF, 0)).isFallback());
    }

    @Test
    void refusalThrowsOnlyWhenAsked() throws Exception {
        SinkProfile stable = new SinkProfile(true, BlastRadius.BAD_APP, MEM, OFF);
        WriteDecision refused = WritePolicy.STRICT.decide(stable, WriteShape.callerMemory(0, OFF, 0));
        WriteRefusedException e = assertThrows(WriteRefusedException.class, refused::requireNotRefused);
        assertSame(refused, e.decision());
        assertTrue(e.getMessage().contains("STRICT") && e.getMessage().contains("stable writes"), e.getMessage());
        WriteDecision ok = WritePolicy.AUTO.decide(stable, WriteShape.callerMemory(0, OFF, 0));
        assertSame(ok, ok.requireNotRefused());
        assertThrows(IllegalArgumentException.class, () -> new WriteRefusedException(ok));
    }

    @Test
    void alignmentIsCheckedByMask() {
        SinkProfile s = SinkProfile.of(false, MEM, OFF);
        assertEquals(WriteStrategy.DIRECT, WritePolicy.AUTO.decide(s, WriteShape.callerMemory(8192, 4096, 512 | 4096)).strategy());
        // one byte off, in each input
        assertEquals(WriteReason.UNALIGNED_MEMORY, WritePolicy.AUTO.decide(s, WriteShape.callerMemory(8192, 4096, 256)).reason());
        assertEquals(WriteReason.UNALIGNED_OFFSET, WritePolicy.AUTO.decide(s, WriteShape.callerMemory(8193, 4096, 0)).reason());
        assertEquals(WriteReason.UNALIGNED_OFFSET, WritePolicy.AUTO.decide(s, WriteShape.callerMemory(8192, 4095, 0)).reason());
        assertEquals(WriteReason.UNALIGNED_OFFSET, WritePolicy.AUTO.decide(s, WriteShape.callerMemory(8192, 4097, 0)).reason());
        // an empty write at an aligned offset is trivially direct
        assertEquals(WriteStrategy.DIRECT, WritePolicy.AUTO.decide(s, WriteShape.callerMemory(0, 0, 0)).strategy());
        WriteDecision d = WritePolicy.AUTO.decide(s, WriteShape.callerMemory(8192, 4096, 3));
        assertTrue(d.text().startsWith("bounce: ") && d.text().contains("dioMemAlign=512"), d.text());
    }

    @Test
    void labelsAreLowerCaseNames() {
        assertEquals("direct", WriteStrategy.DIRECT.label());
        assertEquals("bounce", WriteStrategy.BOUNCE.label());
        assertEquals("buffered", WriteStrategy.BUFFERED.label());
        assertEquals("refused", WriteStrategy.REFUSED.label());
        assertTrue(WriteStrategy.BOUNCE.isDirectIo() && WriteStrategy.DIRECT.isDirectIo());
        assertFalse(WriteStrategy.BUFFERED.isDirectIo() || WriteStrategy.REFUSED.isDirectIo());
    }

    @Test
    void defaultRadiusIsConservative() {
        assertEquals(BlastRadius.EVERYONE, SinkProfile.of(true, MEM, OFF).blastRadius());
        assertEquals(BlastRadius.UNCHECKED, SinkProfile.of(false, MEM, OFF).blastRadius());
        assertFalse(SinkProfile.of(false, 0, 0).supportsDirectIo());
    }

    @Test
    void badProfilesAndShapesAreRejected() {
        List<Runnable> bad = new ArrayList<>();
        bad.add(() -> new SinkProfile(false, BlastRadius.EVERYONE, 3, 4096));
        bad.add(() -> new SinkProfile(false, BlastRadius.EVERYONE, 512, 4095));
        bad.add(() -> new SinkProfile(false, BlastRadius.EVERYONE, -512, 4096));
        bad.add(() -> new SinkProfile(false, BlastRadius.EVERYONE, 0, 4096));
        bad.add(() -> new SinkProfile(false, BlastRadius.EVERYONE, 512, 0));
        bad.add(() -> WriteShape.callerMemory(-1, 0, 0));
        bad.add(() -> WriteShape.callerMemory(0, -1, 0));
        bad.add(() -> WriteShape.callerMemory(0, 0, -1));
        SinkProfile ok = SinkProfile.of(false, MEM, OFF);
        bad.add(() -> WritePolicy.AUTO.decideCallerMemory(ok, -1, 0, 0));
        bad.add(() -> WritePolicy.STRICT.decideCallerMemory(ok, 0, -1, 0));
        bad.add(() -> WritePolicy.BUFFERED.decideCallerMemory(ok, 0, 0, -1));
        for (Runnable r : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().contains("expected"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SinkProfile(false, BlastRadius.EVERYONE, 3, 4096));
        assertEquals("dioMemAlign: 3 (expected: 0 or a power of two)", e.getMessage());
        assertThrows(NullPointerException.class, () -> new SinkProfile(false, null, 512, 4096));
        assertThrows(NullPointerException.class, () -> WritePolicy.AUTO.decide(null, WriteShape.callerMemory(0, 0, 0)));
        assertThrows(NullPointerException.class, () -> WritePolicy.AUTO.decide(SinkProfile.of(false, 0, 0), null));
        assertThrows(NullPointerException.class, () -> WritePolicy.AUTO.decideCallerMemory(null, 0, 0, 0));
    }

    private static SinkProfile sink(boolean stable, BlastRadius radius, boolean dio) {
        return dio ? new SinkProfile(stable, radius, MEM, OFF) : new SinkProfile(stable, radius, 0, 0);
    }

    private static WriteShape shape(boolean offOk, boolean memOk, boolean toolkit) {
        long off = offOk ? 3 * OFF : 3 * OFF + 512;
        long mem = memOk ? 0x7f00_0000_1000L | OFF : 0x7f00_0000_1000L | 8;
        return new WriteShape(off, 2 * OFF, mem, toolkit);
    }
}
