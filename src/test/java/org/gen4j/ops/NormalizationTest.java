package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void pixelNormGivesUnitRmsOverChannelsAtEveryPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(0, 3, new Shape(2, 5, 3, 4), ai.djl.ndarray.types.DataType.FLOAT32);
            float[] y = Normalization.pixelNorm(x, 1e-8).toFloatArray();
            for (int n = 0; n < 2; n++) {
                for (int p = 0; p < 12; p++) {
                    double ss = 0;
                    for (int c = 0; c < 5; c++) {
                        double v = y[(n * 5 + c) * 12 + p];
                        ss += v * v;
                    }
                    assertThat(Math.sqrt(ss / 5)).isCloseTo(1.0, within(1e-5));
                }
            }
        }
    }

    @Test
    void pixelNormMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one pixel with features (3, 4): mean square 12.5
            NDArray x = m.create(new float[] {3, 4}, new Shape(1, 2, 1, 1));
            float[] y = Normalization.pixelNorm(x, 1e-8).toFloatArray();
            assertThat(y[0]).isCloseTo((float) (3 / Math.sqrt(12.5 + 1e-8)), within(1e-6f));
            assertThat(y[1]).isCloseTo((float) (4 / Math.sqrt(12.5 + 1e-8)), within(1e-6f));
            // the epsilon keeps a zero vector at zero
            assertThat(Normalization.pixelNorm(m.zeros(new Shape(1, 3)), 1e-8).toFloatArray()).containsOnly(0f);
        }
    }
}
