package io.bvecq.io;

/**
 * Why a {@link WriteDecision} chose its strategy. A reason names the condition that decided, not the
 * strategy: {@link #STABLE_WRITES} explains a bounce under {@link WritePolicy#AUTO} and a refusal under
 * {@link WritePolicy#STRICT} alike. Use it as a key to count fallbacks.
 */
public enum WriteReason {
    /** The sink does not need stable writes and memory and offset are aligned: zero-copy is safe. */
    ZERO_COPY_SAFE("the sink samples the data once and the write is aligned: zero-copy is safe"),
    /**
     * The memory belongs to the toolkit and nothing modifies it while the write is in flight (a pooled
     * copy), so even a stable-writes sink can take it zero-copy.
     */
    STABLE_SOURCE("the memory is toolkit-owned and not modified in flight: zero-copy is safe"),
    /**
     * The sink needs stable writes but nobody but the application can notice a torn write
     * ({@link BlastRadius#UNCHECKED}); {@link WritePolicy#AUTO} accepts zero-copy.
     */
    UNCHECKED_RADIUS("the sink needs stable writes but only the application can notice a torn write"),
    /** {@link WritePolicy#TRUSTED}: the caller promised not to modify its memory in flight. */
    TRUSTED_CALLER("the caller promised not to modify its memory while the write is in flight"),
    /**
     * The sink needs stable writes (it reads the data more than once) and the memory is the caller's,
     * which could change between the passes.
     */
    STABLE_WRITES("the sink needs stable writes and the caller could modify its memory in flight"),
    /** {@link WritePolicy#BOUNCE} asked for a copy. */
    POLICY_BOUNCE("the policy asks for bounce buffering"),
    /** {@link WritePolicy#BUFFERED} asked for buffered I/O. */
    POLICY_BUFFERED("the policy asks for uncached buffered I/O"),
    /** The memory does not meet the sink's direct-I/O memory alignment; a copy into aligned memory does. */
    UNALIGNED_MEMORY("the memory is not aligned for direct I/O"),
    /**
     * The file offset or length is not a multiple of the sink's direct-I/O offset alignment; no copy can
     * change that.
     */
    UNALIGNED_OFFSET("the file offset or length is not aligned for direct I/O"),
    /** The sink does not support direct I/O at all (its alignments are 0). */
    DIRECT_UNSUPPORTED("the sink does not support direct I/O");

    private final String description;

    WriteReason(String description) {
        this.description = description;
    }

    /**
     * A one-line explanation for people, without the numbers of one decision (see
     * {@link WriteDecision#text()} for those).
     *
     * @return the explanation
     */
    public String description() {
        return description;
    }
}
