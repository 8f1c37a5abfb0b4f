/**
 * The IoIter family: ITER_BVECQ and the other iterator types.
 */
package io.bvecq.iter;
