package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {

    /**
     * Three AdamW updates of f(p) = 3 p^2 / 2 (gradient 3 p) by hand, as PyTorch's AdamW computes them:
     * p *= 1 - lr wd, then the bias-corrected Adam step. With wd = 0 it is plain Adam.
     */
    @Test
    void adamWMatchesAHandComputationAndDecaysIndependentlyOfTheGradient() {
        for (double wd : new double[] {0, 0.01, 0.5}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray p = m.create(new float[] {2f});
                p.setRequiresGradient(true);
                double lr = 0.1, b1 = 0.9, b2 = 0.9, eps = 1e-8;
                Adam opt = new Adam(m, Map.of("p", p), lr, b1, b2, eps, wd);
                double pv = 2, mm = 0, v = 0;
                for (int t = 1; t <= 3; t++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(p.square().mul(1.5f).sum());
                    }
                    opt.step();
                    double g = 3 * pv;
                    pv *= 1 - lr * wd;
                    mm = b1 * mm + (1 - b1) * g;
                    v = b2 * v + (1 - b2) * g * g;
                    pv -= lr * (mm / (1 - Math.pow(b1, t))) / (Math.sqrt(v / (1 - Math.pow(b2, t))) + eps);
                    assertThat((double) p.getFloat()).as("wd %s step %d", wd, t).isCloseTo(pv, within(1e-5));
                }
            }
        }
    }
}
