/**
 * JMH benchmarks of bvecq beside its peers, on 1 MiB of data cut into slots of 64 B, 4 KiB and 64 KiB
 * ({@code @Param slotSize}). Each class is one operation; its methods are the implementations, so one run
 * puts bvecq and its peers side by side:
 *
 * <table class="striped">
 *   <caption>Benchmarks</caption>
 *   <thead><tr><th>class (group)</th><th>implementations</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code CopyOutBench} (copyOut)</td><td>bvecq, memcpy, netty, nettyUnsafe, okio, nio, segarray</td></tr>
 *   <tr><td>{@code CopyInBench} (copyIn)</td><td>bvecq, memcpy, netty, nettyUnsafe, okio, nio, segarray</td></tr>
 *   <tr><td>{@code RoundTripBench} (roundTrip)</td><td>bvecq, memcpy, netty, nettyUnsafe, okio, nio, segarray</td></tr>
 *   <tr><td>{@code AdvanceBench} (advance)</td><td>bvecq ({@code BvecqPos}), netty, segarray</td></tr>
 *   <tr><td>{@code AdvanceRevertBench} (advanceRevert)</td><td>bvecq ({@code IoIter}), segarray</td></tr>
 *   <tr><td>{@code SliceBench} (slice)</td><td>bvecq, segarray</td></tr>
 *   <tr><td>{@code ExtractBench} (extract)</td><td>bvecq (zero-copy), netty (retained slices)</td></tr>
 *   <tr><td>{@code BounceCrcBench} (bounceCrc)</td><td>bvecq (fused bounce + CRC32C), twoPass</td></tr>
 *   <tr><td>{@code PoolBench} (pool/threads)</td><td>bvecq, netty; one and two threads</td></tr>
 *   <tr><td>{@code RollingBench} (rolling)</td><td>bvecq, netty, okio</td></tr>
 *   <tr><td>{@code BufferBench} (64 B round trip, longs, ints)</td><td>chain ({@code ChainBuffer} over 4 KiB
 *       chunks), chainReserved (over 1 MiB chunks, {@code reserve} first), okio, netty (pooled direct),
 *       nettyUnsafe</td></tr>
 *   <tr><td>{@code ChannelBench} (gathering write to a FileChannel)</td><td>bvecq ({@code Channels}), netty
 *       ({@code nioBuffers()}), nettyUnsafe</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Methods named {@code bvecq<Variant>} are kept for investigation and left out of {@code bvq bench}.
 * Run everything with {@code bvq bench} (tables, JSON, HTML), or the jar directly:
 * {@code java -jar bench/target/benchmarks.jar CopyOut -prof gc}.
 */
package io.bvecq.bench;
