/**
 * jcstress tests for every concurrency contract of bvecq (issue 6), one race per class.
 *
 * <table class="striped">
 *   <caption>Contract to test</caption>
 *   <thead><tr><th>#</th><th>contract</th><th>test</th></tr></thead>
 *   <tbody>
 *   <tr><td>1</td><td>slot publication</td><td>{@link io.bvecq.stress.BvecqSlotPublicationTest}</td></tr>
 *   <tr><td>2</td><td>node publication</td><td>{@link io.bvecq.stress.BvecqNodePublicationTest}</td></tr>
 *   <tr><td>3</td><td>the re-check after {@code next}</td><td>{@link io.bvecq.stress.BvecqPosRecheckTest}</td></tr>
 *   <tr><td>3b</td><td>the re-check, through a BVECQ iterator</td><td>{@link io.bvecq.stress.BvecqIterRecheckTest}</td></tr>
 *   <tr><td>4</td><td>rolling buffer append vs deleteSpent</td><td>{@link io.bvecq.stress.RollingBufferDeleteSpentTest}</td></tr>
 *   <tr><td>5</td><td>release/release: disposal exactly once</td><td>{@link io.bvecq.stress.BvecqReleaseReleaseTest}</td></tr>
 *   <tr><td>6</td><td>retain racing the final release</td><td>{@link io.bvecq.stress.BvecqRetainReleaseTest}</td></tr>
 *   <tr><td>7</td><td>position moving on while the old node is released</td><td>{@link io.bvecq.stress.BvecqPosMoveReleaseTest}</td></tr>
 *   <tr><td>8</td><td>pool take/return</td><td>{@link io.bvecq.stress.BufferPoolTakeReturnTest}</td></tr>
 *   <tr><td>8b</td><td>pool take/return in batches (buffer allocation, node disposal)</td><td>{@link io.bvecq.stress.BufferPoolBatchTakeReturnTest}</td></tr>
 *   <tr><td>9</td><td>UNLOCK exactly once: abandoned read vs completion</td><td>{@link io.bvecq.stress.UnlockAbandonedReadTest}</td></tr>
 *   <tr><td>10</td><td>extract vs the source owner's release</td><td>{@link io.bvecq.stress.ExtractSourceReleaseTest}</td></tr>
 *   <tr><td>11</td><td>leak detector vs release</td><td>{@link io.bvecq.stress.LeakDetectorReleaseTest}</td></tr>
 *   <tr><td>12</td><td>bounce under a mutating writer</td><td>{@link io.bvecq.stress.BounceMutatingWriterTest}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>{@link io.bvecq.stress.SuiteRunner} runs them (the build's {@code verify} does, in {@code -m quick})
 * and fails on any FAILED or ERROR result or when fewer tests ran than the jar holds. Deliberately broken
 * variants for the sensitivity checks live in {@code io.bvecq.stress.sensitivity}, outside the suite.
 */
package io.bvecq.stress;
