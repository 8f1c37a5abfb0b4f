package io.bvecq.io;

import java.util.Objects;

/**
 * How a caller wants its writes to reach a sink that may need <em>stable writes</em>: a sink that reads
 * the data more than once (a checksum or parity pass, then the transfer) and is corrupted if the memory
 * changes in between. The caller passes one of these values with every write; {@link #decide} turns it,
 * the sink and the shape of the write into a {@link WriteDecision}.
 *
 * <table class="striped">
 *   <caption>What each policy does once direct I/O is possible at this file offset</caption>
 *   <thead><tr><th>policy</th><th>sink needs stable writes, caller memory</th><th>otherwise</th>
 *       <th>memory unaligned</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #AUTO}</td><td>bounce if the blast radius is {@link BlastRadius#BAD_APP} or
 *       {@link BlastRadius#EVERYONE}; direct if {@link BlastRadius#UNCHECKED}</td><td>direct</td>
 *       <td>bounce</td></tr>
 *   <tr><td>{@link #BOUNCE}</td><td>bounce</td><td>bounce</td><td>bounce</td></tr>
 *   <tr><td>{@link #BUFFERED}</td><td>buffered</td><td>buffered</td><td>buffered</td></tr>
 *   <tr><td>{@link #STRICT}</td><td>refused where {@code AUTO} would bounce</td><td>direct</td>
 *       <td>refused</td></tr>
 *   <tr><td>{@link #TRUSTED}</td><td>direct</td><td>direct</td><td>bounce</td></tr>
 *   </tbody>
 * </table>
 * Where direct I/O is impossible (the sink has no direct I/O, or the file offset or length is not a
 * multiple of the sink's offset alignment, which no copy can fix) every policy but {@code STRICT}
 * falls back to buffered I/O and {@code STRICT} refuses.
 *
 * <p>Thread rule: the values are immutable; {@link #decide} is a pure function, callable from any thread.
 */
public enum WritePolicy {
    /**
     * The default: zero-copy direct I/O, unless the sink needs stable writes and a bad write would reach
     * beyond the application's own view ({@link BlastRadius#BAD_APP}, {@link BlastRadius#EVERYONE}); then
     * bounce. Unaligned memory is bounced into aligned memory, unaligned offsets fall back to buffered I/O.
     */
    AUTO,
    /** Always copy into toolkit memory and write the copy with direct I/O (kernel {@code IOMAP_DIO_BOUNCE}). */
    BOUNCE,
    /** Always use uncached buffered I/O (the first XFS proposal); carried out by {@link IoFile}. */
    BUFFERED,
    /**
     * Zero-copy direct I/O or nothing (asked for as {@code O_DIRECT_NO_FALLBACK}): wherever {@link #AUTO}
     * would bounce or fall back to buffered I/O, the decision is {@link WriteStrategy#REFUSED}.
     */
    STRICT,
    /**
     * The caller promises not to modify its memory while a write is in flight and gets zero-copy direct
     * I/O even on a stable-writes sink, whatever the blast radius. A broken promise on an
     * {@link BlastRadius#EVERYONE} sink corrupts other users' data: use it only when the caller controls
     * every writer of the memory. Unaligned memory is still bounced, unaligned offsets still buffered.
     */
    TRUSTED;

    /**
     * Decides how one write is carried out.
     *
     * @param sink what the destination needs and allows
     * @param shape where the write goes, how long it is and how its memory is aligned
     * @return the strategy and its reason; never null. {@link WriteStrategy#REFUSED} only for {@link #STRICT}.
     * @throws NullPointerException if an argument is null
     */
    public WriteDecision decide(SinkProfile sink, WriteShape shape) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(shape, "shape");
        return WriteDecider.decide(this, sink, shape.fileOffset(), shape.length(), shape.memAlignment(),
                shape.stableSource());
    }

    /**
     * Decides how one write from the caller's memory is carried out: the same decision as
     * {@code decide(sink, WriteShape.callerMemory(fileOffset, length, memAlignment))}, made without a shape
     * object, so that a write path can decide without allocating. Pure; callable from any thread. A refused
     * call has no effect.
     *
     * @param sink what the destination needs and allows
     * @param fileOffset where the write goes, {@code >= 0}
     * @param length its length, {@code >= 0}
     * @param memAlignment the OR of its segments' addresses and lengths, {@code >= 0}
     * @return the strategy and its reason; never null. {@link WriteStrategy#REFUSED} only for {@link #STRICT}.
     * @throws NullPointerException if {@code sink} is null
     * @throws IllegalArgumentException if a value is negative (as {@link WriteShape}'s constructor)
     */
    public WriteDecision decideCallerMemory(SinkProfile sink, long fileOffset, long length, long memAlignment) {
        Objects.requireNonNull(sink, "sink");
        WriteShape.check(fileOffset, length, memAlignment);
        return WriteDecider.decide(this, sink, fileOffset, length, memAlignment, false);
    }
}
