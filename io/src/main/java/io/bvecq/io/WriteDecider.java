package io.bvecq.io;

/** The decision table of {@link WritePolicy}; see the table in its class doc. */
final class WriteDecider {
    private WriteDecider() {
    }

    static WriteDecision decide(WritePolicy policy, SinkProfile sink, WriteShape w) {
        if (policy == WritePolicy.BUFFERED) {
            return new WriteDecision(WriteStrategy.BUFFERED, WriteReason.POLICY_BUFFERED, "");
        }
        WriteStrategy fallback = policy == WritePolicy.STRICT ? WriteStrategy.REFUSED : WriteStrategy.BUFFERED;
        if (!sink.supportsDirectIo()) {
            return new WriteDecision(fallback, WriteReason.DIRECT_UNSUPPORTED, "dioOffsetAlign=0");
        }
        long offMask = sink.dioOffsetAlign() - 1;
        if (((w.fileOffset() | w.length()) & offMask) != 0) {
            return new WriteDecision(fallback, WriteReason.UNALIGNED_OFFSET, "fileOffset=" + w.fileOffset()
                    + ", length=" + w.length() + ", dioOffsetAlign=" + sink.dioOffsetAlign());
        }
        // Direct I/O is possible at this offset; a copy can fix everything that remains.
        WriteStrategy bounce = policy == WritePolicy.STRICT ? WriteStrategy.REFUSED : WriteStrategy.BOUNCE;
        if (policy == WritePolicy.BOUNCE) {
            return new WriteDecision(WriteStrategy.BOUNCE, WriteReason.POLICY_BOUNCE, "");
        }
        boolean callerAtRisk = sink.stableWrites() && !w.stableSource();
        if (callerAtRisk && policy != WritePolicy.TRUSTED && sink.blastRadius() != BlastRadius.UNCHECKED) {
            return new WriteDecision(bounce, WriteReason.STABLE_WRITES, "stableWrites=1, radius=" + sink.blastRadius());
        }
        if ((w.memAlignment() & (sink.dioMemAlign() - 1)) != 0) {
            return new WriteDecision(bounce, WriteReason.UNALIGNED_MEMORY, "memAlignment=0x"
                    + Long.toHexString(w.memAlignment()) + ", dioMemAlign=" + sink.dioMemAlign());
        }
        if (!sink.stableWrites()) {
            return new WriteDecision(WriteStrategy.DIRECT, WriteReason.ZERO_COPY_SAFE, "stableWrites=0");
        }
        if (w.stableSource()) {
            return new WriteDecision(WriteStrategy.DIRECT, WriteReason.STABLE_SOURCE, "stableWrites=1");
        }
        if (policy == WritePolicy.TRUSTED) {
            return new WriteDecision(WriteStrategy.DIRECT, WriteReason.TRUSTED_CALLER,
                    "stableWrites=1, radius=" + sink.blastRadius());
        }
        return new WriteDecision(WriteStrategy.DIRECT, WriteReason.UNCHECKED_RADIUS, "stableWrites=1, radius=UNCHECKED");
    }
}
