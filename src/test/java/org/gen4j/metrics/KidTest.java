package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class KidTest {

    static double k(float[] x, int i, float[] y, int j, int d) {
        double dot = 0;
        for (int c = 0; c < d; c++) {
            dot += (double) x[i * d + c] * y[j * d + c];
        }
        return Math.pow(dot / d + 1, 3);
    }

    /** With subsets as large as the sets, one subset is the whole set: compare with the textbook sum. */
    @Test
    void equalsABruteForceUnbiasedMmd() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            int n = 12, d = 5;
            NDArray real = m.randomNormal(new Shape(n, d)), fake = m.randomNormal(new Shape(n, d)).mul(1.3f).add(0.2f);
            float[] x = fake.toFloatArray(), y = real.toFloatArray();
            double xx = 0, yy = 0, xy = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        xx += k(x, i, x, j, d);
                        yy += k(y, i, y, j, d);
                    }
                    xy += k(x, i, y, j, d);
                }
            }
            double expected = xx / (n * (n - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / (n * (double) n);
            assertThat(Kid.compute(real, fake, 3, n, 0)).isCloseTo(expected, within(1e-9 * Math.abs(expected) + 1e-12));
        }
    }

    @Test
    void isNearZeroForTheSameDistributionAndGrowsWithAShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(2);
            NDArray a = m.randomNormal(new Shape(400, 8)), b = m.randomNormal(new Shape(400, 8));
            double same = Kid.compute(a, b, 20, 200, 1);
            double shifted = Kid.compute(a, b.add(1), 20, 200, 1);
            assertThat(Math.abs(same)).isLessThan(0.01);
            assertThat(shifted).isGreaterThan(0.1);
        }
    }
}
