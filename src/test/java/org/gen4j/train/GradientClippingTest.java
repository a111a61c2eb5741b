package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void theNormCoversEveryParameterAndClippingScalesTheGradientsToTheLimit() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f, 2f});
            NDArray b = m.create(new float[] {3f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(a.square().sum().add(b.square().sum())); // gradients 2, 4 and 6
            }
            List<NDArray> params = List.of(a, b);
            double norm = GradientClipping.norm(params);
            assertThat(norm).isCloseTo(Math.sqrt(4 + 16 + 36), within(1e-5));
            GradientClipping.clip(params, norm, 100); // above the norm: unchanged
            assertThat(GradientClipping.norm(params)).isCloseTo(norm, within(1e-5));
            GradientClipping.clip(params, norm, 2);
            assertThat(GradientClipping.norm(params)).isCloseTo(2, within(1e-5));
            assertThat(a.getGradient().toFloatArray()[1] / b.getGradient().getFloat()).isCloseTo(4f / 6f, within(1e-5f));
        }
    }
}
