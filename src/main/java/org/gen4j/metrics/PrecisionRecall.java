package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, section 3): each set's manifold is the
 * union of balls around its samples, each with the radius of the distance to its k-th nearest
 * neighbour in the same set (k = 3). Precision is the fraction of generated samples inside the
 * real manifold, recall the fraction of real samples inside the generated one. Distances are
 * computed on the tensor engine, a block of rows at a time.
 */
public final class PrecisionRecall {

    /** Both numbers, each in [0, 1]. */
    public record Result(double precision, double recall) {}

    private static final int ROWS = 1024;

    private PrecisionRecall() {}

    /**
     * @param real {@code [Nr, d]}
     * @param fake {@code [Nf, d]}
     * @param k neighbourhood size; both sets need more than k samples
     */
    public static Result compute(NDArray real, NDArray fake, int k) {
        return new Result(coverage(real, fake, k), coverage(fake, real, k));
    }

    /** Fraction of {@code probes} within the k-NN manifold of {@code manifold}. */
    static double coverage(NDArray manifold, NDArray probes, int k) {
        int n = (int) manifold.getShape().get(0), p = (int) probes.getShape().get(0);
        if (n <= k) {
            throw new IllegalArgumentException("need more than k = " + k + " samples, got " + n);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray radii = kthNeighbourDistances(manifold, k); // [n]
            long inside = 0;
            for (int from = 0; from < p; from += ROWS) {
                try (NDScope inner = new NDScope()) {
                    inner.suppressNotUsedWarning();
                    NDArray rows = probes.get(new NDIndex(from + ":" + Math.min(p, from + ROWS)));
                    NDArray within = squaredDistances(rows, manifold).lte(radii.reshape(1, -1)).toType(DataType.FLOAT32, false);
                    inside += Math.round(within.max(new int[] {1}).sum().getFloat());
                }
            }
            return (double) inside / p;
        }
    }

    /** Squared distance of each sample to its k-th nearest other sample in the same set. */
    static NDArray kthNeighbourDistances(NDArray x, int k) {
        int n = (int) x.getShape().get(0);
        NDArray out = null;
        for (int from = 0; from < n; from += ROWS) {
            NDArray rows = x.get(new NDIndex(from + ":" + Math.min(n, from + ROWS)));
            // the sample itself is at distance 0, so the k-th neighbour is the (k+1)-th smallest
            NDArray kth = squaredDistances(rows, x).sort(1).get(new NDIndex(":, " + k));
            out = out == null ? kth : out.concat(kth);
        }
        return out;
    }

    /** {@code [a, b]} squared Euclidean distances between rows, clamped at 0 against rounding. */
    static NDArray squaredDistances(NDArray rows, NDArray cols) {
        NDArray r2 = rows.square().sum(new int[] {1}, true);
        NDArray c2 = cols.square().sum(new int[] {1}, true).transpose();
        return r2.add(c2).sub(rows.matMul(cols.transpose()).mul(2)).maximum(0);
    }
}
