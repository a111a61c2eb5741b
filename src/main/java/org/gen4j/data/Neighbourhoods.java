package org.gen4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.gen4j.Gen4jException;

/**
 * The k-nearest-neighbour neighbourhoods of a set of instances in feature space, as IC-GAN defines
 * them (Casanova et al., NeurIPS 2021, section 3.1): features L2-normalised, similarity their inner
 * product (the cosine; the authors' exact faiss L2 search on normalised features ranks the same),
 * each instance's neighbourhood itself and its k most similar other instances. Computed exactly by
 * brute force, a block of rows at a time on the tensor engine.
 */
public final class Neighbourhoods {

    private static final int BLOCK = 256;

    private Neighbourhoods() {}

    /** Each row of {@code features [n, d]} divided by its L2 norm (rows of zeros stay zero). */
    public static float[] normalise(float[] features, int n, int d) {
        float[] out = new float[features.length];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                sq += (double) features[i * d + j] * features[i * d + j];
            }
            double inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (features[i * d + j] * inv);
            }
        }
        return out;
    }

    /**
     * @param normalised L2-normalised features {@code [n, d]}, row-major
     * @return per instance, {@code k + 1} indices: itself first, then its k nearest others, most similar first
     */
    public static int[][] build(NDManager manager, float[] normalised, int n, int d, int k) {
        Gen4jException.check(k >= 1 && k < n, "the neighbourhood size k must be between 1 and %d (the instances less one), got %d.", n - 1, k);
        int[][] out = new int[n][];
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray all = manager.create(normalised, new Shape(n, d));
            NDArray allT = all.transpose();
            for (int from = 0; from < n; from += BLOCK) {
                int rows = Math.min(BLOCK, n - from);
                try (NDScope block = new NDScope()) {
                    block.suppressNotUsedWarning();
                    long[] idx = all.get(from + ":" + (from + rows)).matMul(allT).topK(k + 1, 1, true, true).get(1).toLongArray();
                    for (int r = 0; r < rows; r++) {
                        // the instance itself (similarity 1) leads; an identical twin may tie with it
                        int self = from + r;
                        int[] nb = new int[k + 1];
                        nb[0] = self;
                        int j = 1;
                        for (int t = 0; t <= k && j <= k; t++) {
                            int candidate = (int) idx[r * (k + 1) + t];
                            if (candidate != self) {
                                nb[j++] = candidate;
                            }
                        }
                        out[self] = nb;
                    }
                }
            }
        }
        return out;
    }
}
