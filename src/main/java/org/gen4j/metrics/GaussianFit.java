package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.ejml.data.DMatrixRMaj;

/**
 * Mean and covariance of feature vectors, the summary FID compares.
 *
 * @param mean {@code d} values
 * @param covariance {@code d x d}, unbiased ({@code N - 1} in the denominator)
 * @param count how many vectors it was fitted to
 */
public record GaussianFit(double[] mean, DMatrixRMaj covariance, long count) {

    /** Fits {@code features [N, d]} (N at least 2), in double precision. */
    public static GaussianFit of(NDArray features) {
        long n = features.getShape().get(0);
        int d = (int) features.getShape().get(1);
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 feature vectors, got " + n);
        }
        try (NDArray x = features.toType(DataType.FLOAT64, true);
                NDArray mu = x.mean(new int[] {0});
                NDArray centred = x.sub(mu);
                NDArray cov = centred.transpose().matMul(centred).div(n - 1)) {
            return new GaussianFit(mu.toDoubleArray(), new DMatrixRMaj(d, d, true, cov.toDoubleArray()), n);
        }
    }

    public int dimension() {
        return mean.length;
    }
}
