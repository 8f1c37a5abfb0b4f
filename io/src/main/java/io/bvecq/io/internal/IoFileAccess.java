package io.bvecq.io.internal;

import io.bvecq.io.IoFile;
import io.bvecq.io.WriteDecision;
import java.util.Objects;

/**
 * The door from sibling modules to an {@link IoFile}'s internals: its descriptors, and the fallback
 * accounting that {@link IoFile#fallbackCounts()} reports and logs, so an engine that does the file's I/O
 * its own way (io_uring) counts and logs its fallbacks exactly as {@code IoFile} does.
 *
 * <p>{@link IoFile} installs the implementation when its class initialises; a caller holding an
 * {@code IoFile} therefore always finds it. Threads: any.
 */
public final class IoFileAccess {
    /** What {@link IoFile} provides. */
    public interface Access {
        /**
         * The buffered descriptor.
         *
         * @param file an open file
         * @return the descriptor, {@code >= 0}
         */
        int fd(IoFile file);

        /**
         * The {@code O_DIRECT} descriptor.
         *
         * @param file an open file
         * @return the descriptor, or -1 when the file system has no direct I/O
         */
        int fdDirect(IoFile file);

        /**
         * Counts a fallback decision for the file and logs it once per file system and reason.
         *
         * @param file the file
         * @param decision a decision that {@linkplain WriteDecision#isFallback() is a fallback}
         */
        void noteFallback(IoFile file, WriteDecision decision);
    }

    private static volatile Access access;

    private IoFileAccess() {
    }

    /**
     * Installs the implementation; called once by {@link IoFile}.
     *
     * @param a the implementation
     * @throws IllegalStateException if one is installed already
     * @throws NullPointerException if {@code a} is null
     */
    public static synchronized void install(Access a) {
        Objects.requireNonNull(a, "a");
        if (access != null) {
            throw new IllegalStateException("IoFileAccess: already installed");
        }
        access = a;
    }

    /**
     * The implementation.
     *
     * @return what {@link IoFile} installed
     * @throws IllegalStateException if {@code IoFile} was never initialised (impossible for a caller holding one)
     */
    public static Access get() {
        Access a = access;
        if (a == null) {
            throw new IllegalStateException("IoFileAccess: IoFile not initialised");
        }
        return a;
    }
}
