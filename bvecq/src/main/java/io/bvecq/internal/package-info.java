/**
 * Internals shared with the sibling modules ({@code io.bvecq.iter}, {@code io.bvecq.extract},
 * {@code io.bvecq.io}) through a qualified export, not part of the public API: {@link
 * io.bvecq.internal.SlotCursor} (the one forward walk), {@link io.bvecq.internal.ChainBuilder} (the one
 * way to grow a chain region by region) and {@link io.bvecq.internal.NodeAccess} (the unchecked slot reads).
 */
package io.bvecq.internal;
