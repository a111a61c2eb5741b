package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussiansTest {

    private static float[] kl(NDManager m, double mu1, double ls1, double mu2, double ls2) {
        return Gaussians.kl(m.create(new float[] {(float) mu1}), m.create(new float[] {(float) ls1}), m.create(new float[] {(float) mu2}),
                m.create(new float[] {(float) ls2})).toFloatArray();
    }

    @Test
    void klMatchesTheClosedForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] cases = {{0.3, -0.2, -1.1, 0.4}, {2, 1, 0, 0}, {-0.5, -2, 0.5, -1.5}};
            for (double[] c : cases) {
                double s1 = Math.exp(c[1]), s2 = Math.exp(c[3]);
                double expected = Math.log(s2 / s1) + (s1 * s1 + (c[0] - c[2]) * (c[0] - c[2])) / (2 * s2 * s2) - 0.5;
                assertThat(kl(m, c[0], c[1], c[2], c[3])[0]).isCloseTo((float) expected, within(1e-5f));
            }
            assertThat(kl(m, 0.7, -0.3, 0.7, -0.3)[0]).isCloseTo(0f, within(1e-6f));
        }
    }

    @Test
    void klMatchesAMonteCarloEstimate() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 200_000;
            double mu1 = 0.4, ls1 = -0.3, mu2 = -0.2, ls2 = 0.25;
            float[] eps = new float[n];
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = 0; i < n; i++) {
                eps[i] = (float) rng.nextGaussian();
            }
            NDArray e = m.create(eps);
            NDArray mq = m.full(new Shape(n), (float) mu1), lq = m.full(new Shape(n), (float) ls1);
            NDArray mp = m.full(new Shape(n), (float) mu2), lp = m.full(new Shape(n), (float) ls2);
            NDArray z = Gaussians.sample(mq, lq, e);
            float[] diff = Gaussians.logDensity(z, mq, lq).sub(Gaussians.logDensity(z, mp, lp)).toFloatArray();
            double mean = 0, sq = 0;
            for (float d : diff) {
                mean += d;
                sq += d * d;
            }
            mean /= n;
            double se = Math.sqrt((sq / n - mean * mean) / n);
            assertThat(mean).isCloseTo(kl(m, mu1, ls1, mu2, ls2)[0], within(4 * se));
        }
    }

    @Test
    void logDensityAndCdfMatchTheStandardNormal() {
        try (NDManager m = NDManager.newBaseManager()) {
            float ld = Gaussians.logDensity(m.create(new float[] {1.5f}), m.create(new float[] {0.5f}), m.create(new float[] {(float) Math.log(2)}))
                    .getFloat();
            double expected = -Math.log(2) - 0.5 * Math.log(2 * Math.PI) - 0.5 * 0.25;
            assertThat(ld).isCloseTo((float) expected, within(1e-5f));
            float[] cdf = Gaussians.cdf(m.create(new float[] {0f, 1.959964f, -1f})).toFloatArray();
            assertThat(cdf[0]).isCloseTo(0.5f, within(1e-6f));
            assertThat(cdf[1]).isCloseTo(0.975f, within(1e-5f));
            assertThat(cdf[2]).isCloseTo(0.158655f, within(1e-5f));
        }
    }
}
