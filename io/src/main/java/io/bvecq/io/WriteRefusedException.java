package io.bvecq.io;

import java.io.IOException;

/**
 * Thrown by {@link WriteDecision#requireNotRefused()} when {@link WritePolicy#STRICT} refuses a write
 * that could only be carried out by a fallback. It is an {@link IOException} so that the io layer can
 * let it propagate from its write methods; nothing has been written when it is thrown.
 */
public final class WriteRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The refusal (serializable: a record of enums and a string). */
    private final WriteDecision decision;

    /**
     * Creates the exception for a refusal.
     *
     * @param decision a decision whose strategy is {@link WriteStrategy#REFUSED}
     * @throws IllegalArgumentException if the decision is not a refusal
     */
    public WriteRefusedException(WriteDecision decision) {
        super("write refused by policy STRICT: " + decision.text());
        if (!decision.isRefused()) {
            throw new IllegalArgumentException("decision: " + decision + " (expected: strategy REFUSED)");
        }
        this.decision = decision;
    }

    /**
     * The refusal, with its reason.
     *
     * @return the decision, strategy {@link WriteStrategy#REFUSED}
     */
    public WriteDecision decision() {
        return decision;
    }
}
