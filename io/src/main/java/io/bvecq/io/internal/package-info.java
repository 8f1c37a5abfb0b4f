/**
 * Internals of the io module for its sibling modules only (a qualified export to {@code io.bvecq.uring}):
 * the FFM downcall helpers with {@code errno} capture, and the door to an {@link io.bvecq.io.IoFile}'s
 * descriptors and fallback accounting. Not an API: anything here may change with the modules it serves.
 */
package io.bvecq.io.internal;
