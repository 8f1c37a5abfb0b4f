/**
 * The bvecq chain: {@link io.bvecq.Bvecq} nodes of memory regions, {@link io.bvecq.BvecqPos} positions,
 * chain operations in {@link io.bvecq.BvecqBuffers}, the {@link io.bvecq.RollingBuffer}, the
 * page-aligned {@link io.bvecq.BufferPool} and the {@link io.bvecq.LeakDetector}.
 */
package io.bvecq;
