/**
 * Extraction of any source into a chain, the stable-write policy and aligned duplication.
 */
package io.bvecq.extract;
