package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;

/**
 * Kernel Inception Distance (Binkowski et al. 2018, section 4): the unbiased estimate of the
 * squared maximum mean discrepancy between real and generated features under the cubic
 * polynomial kernel {@code k(x, y) = (x.y / d + 1)^3}, averaged over random subsets of both sets
 * (stylegan3's protocol: 100 subsets of at most 1000).
 */
public final class Kid {

    private Kid() {}

    /**
     * @param real {@code [Nr, d]}
     * @param fake {@code [Nf, d]}
     * @param subsets number of subset pairs to average
     * @param maxSubsetSize subset size (capped by the smaller set)
     * @param seed subset selection seed
     */
    public static double compute(NDArray real, NDArray fake, int subsets, int maxSubsetSize, long seed) {
        int nr = (int) real.getShape().get(0), nf = (int) fake.getShape().get(0);
        int d = (int) real.getShape().get(1);
        int m = Math.min(Math.min(nr, nf), maxSubsetSize);
        if (m < 2) {
            throw new IllegalArgumentException("KID needs at least 2 samples per set");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double total = 0;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray r64 = real.toType(DataType.FLOAT64, true), f64 = fake.toType(DataType.FLOAT64, true);
            for (int s = 0; s < subsets; s++) {
                try (NDScope inner = new NDScope()) {
                    inner.suppressNotUsedWarning();
                    NDArray x = f64.get(new NDIndex("{}", f64.getManager().create(choose(rng, nf, m))));
                    NDArray y = r64.get(new NDIndex("{}", r64.getManager().create(choose(rng, nr, m))));
                    NDArray kxx = kernel(x, x, d), kyy = kernel(y, y, d), kxy = kernel(x, y, d);
                    double a = kxx.sum().getDouble() + kyy.sum().getDouble() - trace(kxx).getDouble() - trace(kyy).getDouble();
                    total += a / (m - 1) - 2 * kxy.sum().getDouble() / m;
                }
            }
        }
        return total / subsets / m;
    }

    private static NDArray kernel(NDArray x, NDArray y, int d) {
        return x.matMul(y.transpose()).div(d).add(1).pow(3);
    }

    private static NDArray trace(NDArray square) {
        int n = (int) square.getShape().get(0);
        return square.reshape(-1).get(new NDIndex("::" + (n + 1))).sum();
    }

    /** {@code m} distinct indices out of {@code n} (partial Fisher-Yates). */
    static long[] choose(SplittableRandom rng, int n, int m) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        long[] out = new long[m];
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
            out[i] = p[i];
        }
        return out;
    }
}
