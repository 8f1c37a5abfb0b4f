package io.bvecq.io;

/**
 * The decision table of {@link WritePolicy}; see the table in its class doc. A decision whose detail holds no
 * number of the call is one shared constant (decisions are immutable), so the common outcomes allocate nothing.
 */
final class WriteDecider {
    private static final WriteDecision BUFFERED_BY_POLICY =
            new WriteDecision(WriteStrategy.BUFFERED, WriteReason.POLICY_BUFFERED, "");
    private static final WriteDecision BOUNCE_BY_POLICY =
            new WriteDecision(WriteStrategy.BOUNCE, WriteReason.POLICY_BOUNCE, "");
    private static final WriteDecision REFUSED_NO_DIRECT =
            new WriteDecision(WriteStrategy.REFUSED, WriteReason.DIRECT_UNSUPPORTED, "dioOffsetAlign=0");
    private static final WriteDecision BUFFERED_NO_DIRECT =
            new WriteDecision(WriteStrategy.BUFFERED, WriteReason.DIRECT_UNSUPPORTED, "dioOffsetAlign=0");
    private static final WriteDecision DIRECT_ZERO_COPY_SAFE =
            new WriteDecision(WriteStrategy.DIRECT, WriteReason.ZERO_COPY_SAFE, "stableWrites=0");
    private static final WriteDecision DIRECT_STABLE_SOURCE =
            new WriteDecision(WriteStrategy.DIRECT, WriteReason.STABLE_SOURCE, "stableWrites=1");
    private static final WriteDecision DIRECT_UNCHECKED_RADIUS =
            new WriteDecision(WriteStrategy.DIRECT, WriteReason.UNCHECKED_RADIUS, "stableWrites=1, radius=UNCHECKED");

    private WriteDecider() {
    }

    static WriteDecision decide(WritePolicy policy, SinkProfile sink, long fileOffset, long length, long memAlignment,
            boolean stableSource) {
        if (policy == WritePolicy.BUFFERED) {
            return BUFFERED_BY_POLICY;
        }
        WriteStrategy fallback = policy == WritePolicy.STRICT ? WriteStrategy.REFUSED : WriteStrategy.BUFFERED;
        if (!sink.supportsDirectIo()) {
            return fallback == WriteStrategy.REFUSED ? REFUSED_NO_DIRECT : BUFFERED_NO_DIRECT;
        }
        long offMask = sink.dioOffsetAlign() - 1;
        if (((fileOffset | length) & offMask) != 0) {
            return new WriteDecision(fallback, WriteReason.UNALIGNED_OFFSET, "fileOffset=" + fileOffset
                    + ", length=" + length + ", dioOffsetAlign=" + sink.dioOffsetAlign());
        }
        // Direct I/O is possible at this offset; a copy can fix everything that remains.
        WriteStrategy bounce = policy == WritePolicy.STRICT ? WriteStrategy.REFUSED : WriteStrategy.BOUNCE;
        if (policy == WritePolicy.BOUNCE) {
            return BOUNCE_BY_POLICY;
        }
        boolean callerAtRisk = sink.stableWrites() && !stableSource;
        if (callerAtRisk && policy != WritePolicy.TRUSTED && sink.blastRadius() != BlastRadius.UNCHECKED) {
            return new WriteDecision(bounce, WriteReason.STABLE_WRITES, "stableWrites=1, radius=" + sink.blastRadius());
        }
        if ((memAlignment & (sink.dioMemAlign() - 1)) != 0) {
            return new WriteDecision(bounce, WriteReason.UNALIGNED_MEMORY, "memAlignment=0x"
                    + Long.toHexString(memAlignment) + ", dioMemAlign=" + sink.dioMemAlign());
        }
        if (!sink.stableWrites()) {
            return DIRECT_ZERO_COPY_SAFE;
        }
        if (stableSource) {
            return DIRECT_STABLE_SOURCE;
        }
        if (policy == WritePolicy.TRUSTED) {
            return new WriteDecision(WriteStrategy.DIRECT, WriteReason.TRUSTED_CALLER,
                    "stableWrites=1, radius=" + sink.blastRadius());
        }
        return DIRECT_UNCHECKED_RADIUS;
    }
}
