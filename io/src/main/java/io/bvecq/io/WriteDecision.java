package io.bvecq.io;

import java.util.Objects;

/**
 * The outcome of {@link WritePolicy#decide}: how to carry out one write, and why.
 *
 * @param strategy what to do
 * @param reason the condition that decided it
 * @param detail the numbers behind the reason for people (alignments, offsets), possibly empty
 */
public record WriteDecision(WriteStrategy strategy, WriteReason reason, String detail) implements java.io.Serializable {
    /**
     * Creates a decision.
     *
     * @param strategy what to do
     * @param reason the condition that decided it
     * @param detail the numbers behind the reason, possibly empty
     * @throws NullPointerException if an argument is null
     */
    public WriteDecision {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Tells whether the write must not be carried out.
     *
     * @return {@code strategy() == REFUSED}
     */
    public boolean isRefused() {
        return strategy == WriteStrategy.REFUSED;
    }

    /**
     * Tells whether the write leaves the path the caller asked for because of a condition of the sink or
     * the write: a bounce or buffered write that the policy did not ask for by name. This is what the io
     * module logs once per file system and counts per reason.
     *
     * @return {@code true} for {@link WriteStrategy#BOUNCE} or {@link WriteStrategy#BUFFERED} with a reason
     *     other than {@link WriteReason#POLICY_BOUNCE} and {@link WriteReason#POLICY_BUFFERED}
     */
    public boolean isFallback() {
        return (strategy == WriteStrategy.BOUNCE || strategy == WriteStrategy.BUFFERED)
                && reason != WriteReason.POLICY_BOUNCE && reason != WriteReason.POLICY_BUFFERED;
    }

    /**
     * Returns this decision, or throws if it is a refusal. For callers that treat a refusal as an I/O
     * error of the write.
     *
     * @return this decision, whose strategy is not {@link WriteStrategy#REFUSED}
     * @throws WriteRefusedException if the decision is a refusal; it carries this decision
     */
    public WriteDecision requireNotRefused() throws WriteRefusedException {
        if (isRefused()) {
            throw new WriteRefusedException(this);
        }
        return this;
    }

    /**
     * The decision for people: {@code "bounce: the sink needs stable writes and ... (stableWrites=1, radius=EVERYONE)"}.
     *
     * @return strategy, reason and detail in one line
     */
    public String text() {
        String s = strategy.label() + ": " + reason.description();
        return detail.isEmpty() ? s : s + " (" + detail + ")";
    }
}
