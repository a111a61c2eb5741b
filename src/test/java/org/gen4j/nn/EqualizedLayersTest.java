package org.gen4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EqualizedLayersTest {

    @Test
    void heConstantIsGainOverSqrtFanIn() {
        try (NDManager m = NDManager.newBaseManager()) {
            EqualizedConv2d conv = new EqualizedConv2d(m, new SplittableRandom(0), 16, 8, 3, 1, Math.sqrt(2));
            assertThat(conv.scale()).isCloseTo(Math.sqrt(2.0 / (16 * 9)), within(1e-15));
            EqualizedLinear dense = new EqualizedLinear(m, new SplittableRandom(0), 512, 8, 1);
            assertThat(dense.scale()).isCloseTo(1 / Math.sqrt(512), within(1e-15));
        }
    }

    @Test
    void weightsAreStoredAsStandardNormalAndBiasesAsZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            EqualizedConv2d conv = new EqualizedConv2d(m, new SplittableRandom(0), 64, 64, 3, 1, Math.sqrt(2));
            float[] w = conv.parameters().get("weight").toFloatArray();
            double mean = 0, sq = 0;
            for (float v : w) {
                mean += v;
                sq += v * v;
            }
            mean /= w.length;
            assertThat(mean).isCloseTo(0, within(0.02));
            assertThat(Math.sqrt(sq / w.length - mean * mean)).isCloseTo(1, within(0.02));
            assertThat(conv.parameters().get("bias").toFloatArray()).containsOnly(0f);
        }
    }

    /** The run-time scale multiplies the stored weights: a 1x1 convolution by hand. */
    @Test
    void forwardAppliesTheScaleToTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            EqualizedConv2d conv = new EqualizedConv2d(m, new SplittableRandom(0), 2, 1, 1, 0, 1);
            float[] w = conv.parameters().get("weight").toFloatArray();
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2));
            float[] y = conv.forward(x).toFloatArray();
            double s = 1 / Math.sqrt(2);
            assertThat((double) y[0]).isCloseTo(s * (w[0] * 1 + w[1] * 3), within(1e-6));
            assertThat((double) y[1]).isCloseTo(s * (w[0] * 2 + w[1] * 4), within(1e-6));
        }
    }

    @Test
    void wrongInputChannelsNameTheDimension() {
        try (NDManager m = NDManager.newBaseManager()) {
            EqualizedConv2d conv = new EqualizedConv2d(m, new SplittableRandom(0), 3, 4, 3, 1, 1);
            assertThatThrownBy(() -> conv.forward(m.zeros(new Shape(1, 2, 4, 4))))
                    .hasMessageContaining("dimension 1 is 2 but 3 was expected");
        }
    }
}
