/**
 * Linux file I/O through FFM downcalls: direct, bounced and uncached buffered.
 */
package io.bvecq.io;
