package io.bvecq.io;

/** How a write is carried out, as chosen by {@link WritePolicy#decide}. */
public enum WriteStrategy {
    /** Zero-copy direct I/O from the caller's memory. */
    DIRECT,
    /** Copy into aligned toolkit memory ({@code Bounce}), then direct I/O from the copy. */
    BOUNCE,
    /** Uncached buffered I/O, carried out by {@link IoFile} ({@code RWF_DONTCACHE} or its emulation). */
    BUFFERED,
    /** Not carried out: {@link WritePolicy#STRICT} forbids every fallback that would be needed. */
    REFUSED;

    /**
     * Tells whether the strategy uses direct I/O (so alignment rules apply and parallel writers need no
     * serialisation).
     *
     * @return {@code true} for {@link #DIRECT} and {@link #BOUNCE}
     */
    public boolean isDirectIo() {
        return this == DIRECT || this == BOUNCE;
    }

    /**
     * The lower-case name for command output and JSON: {@code direct}, {@code bounce}, {@code buffered},
     * {@code refused}.
     *
     * @return the label
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
