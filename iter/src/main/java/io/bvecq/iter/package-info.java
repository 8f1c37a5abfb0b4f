/**
 * The IoIter family: one cursor type, {@link io.bvecq.iter.IoIter}, over a single segment, arrays of
 * segments or regions, a bvecq chain ({@code ITER_BVECQ}) or nothing at all (DISCARD), with the kernel
 * iov_iter operations: advance and revert, copies in both directions, zeroing, alignment and page
 * measures, truncate and reexpand, saved states ({@link io.bvecq.iter.IterState}), extraction into a
 * reusable {@link io.bvecq.iter.Regions}, {@code limit}, in-place checksums and {@code ByteBuffer} views.
 * Where the kernel clamps or trusts a caller, these methods reject the call and change nothing.
 */
package io.bvecq.iter;
