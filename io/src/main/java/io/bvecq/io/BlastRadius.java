package io.bvecq.io;

/**
 * Who can notice when memory changes while a write to a stable-writes sink is in flight. It grades
 * what {@link WritePolicy#AUTO} does: the wider the radius, the less a zero-copy write is acceptable.
 */
public enum BlastRadius {
    /**
     * Only the application itself can notice: the sink checks nothing on later reads, so the worst
     * outcome is the application's own torn data. {@link WritePolicy#AUTO} writes zero-copy.
     */
    UNCHECKED,
    /**
     * The application that modified its memory gets an error later (a checksum mismatch on read, a
     * failed scrub), and only for its own data. {@link WritePolicy#AUTO} bounces.
     */
    BAD_APP,
    /**
     * Other users' data is at risk: a parity stripe (software RAID5) shared with data the application
     * does not own is computed from bytes that then change. {@link WritePolicy#AUTO} bounces.
     */
    EVERYONE
}
