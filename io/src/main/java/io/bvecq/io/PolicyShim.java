package io.bvecq.io;

// TEMPORARY: mirrors the shape of the write-policy API of the extract module (issue 4), which has not
// landed on main yet. Deleted, and replaced by imports of io.bvecq.extract, when it lands.

/** Temporary stand-ins for io.bvecq.extract's policy types. */
public final class PolicyShim {
    private PolicyShim() {
    }

    public enum WritePolicy { AUTO, BOUNCE, BUFFERED, STRICT, TRUSTED;
        public WriteDecision decide(SinkProfile sink, WriteShape w) {
            if (this == BUFFERED) {
                return new WriteDecision(WriteStrategy.BUFFERED, WriteReason.POLICY_BUFFERED, "");
            }
            WriteStrategy fallback = this == STRICT ? WriteStrategy.REFUSED : WriteStrategy.BUFFERED;
            if (sink.dioOffsetAlign() == 0) {
                return new WriteDecision(fallback, WriteReason.DIRECT_UNSUPPORTED, "dioOffsetAlign=0");
            }
            if (((w.fileOffset() | w.length()) & (sink.dioOffsetAlign() - 1)) != 0) {
                return new WriteDecision(fallback, WriteReason.UNALIGNED_OFFSET, "fileOffset=" + w.fileOffset());
            }
            WriteStrategy bounce = this == STRICT ? WriteStrategy.REFUSED : WriteStrategy.BOUNCE;
            if (this == BOUNCE) {
                return new WriteDecision(WriteStrategy.BOUNCE, WriteReason.POLICY_BOUNCE, "");
            }
            if (sink.stableWrites() && !w.stableSource() && this != TRUSTED && sink.blastRadius() != BlastRadius.UNCHECKED) {
                return new WriteDecision(bounce, WriteReason.STABLE_WRITES, "stableWrites=1");
            }
            if ((w.memAlignment() & (sink.dioMemAlign() - 1)) != 0) {
                return new WriteDecision(bounce, WriteReason.UNALIGNED_MEMORY, "dioMemAlign=" + sink.dioMemAlign());
            }
            return new WriteDecision(WriteStrategy.DIRECT, this == TRUSTED && sink.stableWrites()
                    ? WriteReason.TRUSTED_CALLER : WriteReason.ZERO_COPY_SAFE, "");
        }
    }

    public enum WriteStrategy { DIRECT, BOUNCE, BUFFERED, REFUSED;
        public boolean isDirectIo() {
            return this == DIRECT || this == BOUNCE;
        }
    }

    public enum BlastRadius { UNCHECKED, BAD_APP, EVERYONE }

    public enum WriteReason { ZERO_COPY_SAFE, STABLE_SOURCE, UNCHECKED_RADIUS, TRUSTED_CALLER, STABLE_WRITES, POLICY_BOUNCE,
        POLICY_BUFFERED, UNALIGNED_MEMORY, UNALIGNED_OFFSET, DIRECT_UNSUPPORTED;
        public String description() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    public record SinkProfile(boolean stableWrites, BlastRadius blastRadius, long dioMemAlign, long dioOffsetAlign) {
        public boolean supportsDirectIo() {
            return dioOffsetAlign != 0;
        }
    }

    public record WriteShape(long fileOffset, long length, long memAlignment, boolean stableSource) {
        public static WriteShape callerMemory(long fileOffset, long length, long memAlignment) {
            return new WriteShape(fileOffset, length, memAlignment, false);
        }
    }

    public record WriteDecision(WriteStrategy strategy, WriteReason reason, String detail) {
        public boolean isRefused() {
            return strategy == WriteStrategy.REFUSED;
        }

        public boolean isFallback() {
            return (strategy == WriteStrategy.BOUNCE || strategy == WriteStrategy.BUFFERED)
                    && reason != WriteReason.POLICY_BOUNCE && reason != WriteReason.POLICY_BUFFERED;
        }

        public String text() {
            String s = strategy.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason.description();
            return detail.isEmpty() ? s : s + " (" + detail + ")";
        }
    }

    public static final class WriteRefusedException extends java.io.IOException {
        private static final long serialVersionUID = 1L;
        private final transient WriteDecision decision;

        WriteRefusedException(WriteDecision decision) {
            super("write refused by policy STRICT: " + decision.text());
            this.decision = decision;
        }

        public WriteDecision decision() {
            return decision;
        }
    }
}
