/**
 * Deliberately broken variants of some contract tests, to show that jcstress can catch the bug each
 * contract guards against on this machine. They are expected to FAIL; the CI run excludes this package
 * (see {@link io.bvecq.stress.SuiteRunner#CONTRACTS}). Run them with
 * {@code java -cp jcstress.jar io.bvecq.stress.SuiteRunner --tests 'io\.bvecq\.stress\.sensitivity\..*'}
 * or {@code bvq stress --tests 'io\.bvecq\.stress\.sensitivity\..*'}.
 */
package io.bvecq.stress.sensitivity;
