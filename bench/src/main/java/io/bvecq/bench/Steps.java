package io.bvecq.bench;

import java.util.SplittableRandom;

/**
 * A precomputed sequence of random move distances, so that the measured loop draws no random numbers
 * and allocates nothing: {@link #next()} is an array load and a masked increment.
 */
final class Steps {
    private static final int COUNT = 4096;
    private final int[] steps = new int[COUNT];
    private int index;

    /**
     * Draws the sequence.
     *
     * @param max the largest distance; distances are uniform in {@code [1, max]}
     * @param seed the seed, fixed so that every implementation walks the same distances
     */
    Steps(int max, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < COUNT; i++) {
            steps[i] = 1 + r.nextInt(max);
        }
    }

    /** The next distance, cycling through the sequence. */
    int next() {
        int i = index;
        index = (i + 1) & (COUNT - 1);
        return steps[i];
    }
}
