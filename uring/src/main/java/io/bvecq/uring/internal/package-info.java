/**
 * Internals of the uring module that the jcstress contracts exercise directly. Not exported: not an API.
 */
package io.bvecq.uring.internal;
