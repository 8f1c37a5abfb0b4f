/** jcstress tests for every concurrency contract of bvecq. */
package io.bvecq.stress;
