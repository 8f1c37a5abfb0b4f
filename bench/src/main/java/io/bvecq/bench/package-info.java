/** JMH benchmarks of bvecq beside its peers. */
package io.bvecq.bench;
