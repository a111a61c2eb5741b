package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MinibatchStdDevTest {

    /** The statistic for sample n, computed by hand: strided groups {m, m + M, ...}, M = N / G. */
    static double expected(float[] x, int n, int c, int hw, int group, int sample) {
        int g = Math.min(group, n), groups = n / g, m = sample % groups;
        double sumStd = 0;
        for (int f = 0; f < c * hw; f++) {
            double mean = 0;
            for (int k = 0; k < g; k++) {
                mean += x[(m + k * groups) * c * hw + f];
            }
            mean /= g;
            double var = 0;
            for (int k = 0; k < g; k++) {
                double d = x[(m + k * groups) * c * hw + f] - mean;
                var += d * d;
            }
            sumStd += Math.sqrt(var / g + 1e-8);
        }
        return sumStd / (c * hw);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void appendsTheGroupStatisticAsOneMoreFeatureMap(int group) {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 8, c = 3, h = 2, w = 3;
            NDArray x = m.randomNormal(new Shape(n, c, h, w));
            NDArray y = MinibatchStdDev.apply(x, group, 1e-8);
            assertThat(y.getShape()).isEqualTo(new Shape(n, c + 1, h, w));
            float[] xs = x.toFloatArray(), ys = y.toFloatArray();
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < c * h * w; i++) {
                    assertThat(ys[s * (c + 1) * h * w + i]).isEqualTo(xs[s * c * h * w + i]);
                }
                double want = expected(xs, n, c, h * w, group, s);
                for (int p = 0; p < h * w; p++) {
                    assertThat((double) ys[(s * (c + 1) + c) * h * w + p]).isCloseTo(want, within(1e-5));
                }
            }
        }
    }

    @Test
    void identicalSamplesGiveOnlyTheEpsilon() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(4, 2, 2, 2));
            float[] y = MinibatchStdDev.apply(x, 4, 1e-8).toFloatArray();
            assertThat((double) y[2 * 4]).isCloseTo(1e-4, within(1e-9));
        }
    }

    @Test
    void rejectsABatchTheGroupDoesNotDivide() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> MinibatchStdDev.apply(m.ones(new Shape(6, 1, 2, 2)), 4, 1e-8))
                    .hasMessageContaining("not divisible by the group size 4");
        }
    }
}
