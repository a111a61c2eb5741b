package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RmsPropTest {

    /** Two updates of f(p) = 3 p^2 / 2 (gradient 3 p) by hand: v = 0.01 g^2, p -= lr g / (sqrt(v) + eps). */
    @Test
    void twoStepsMatchHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {2f});
            p.setRequiresGradient(true);
            RmsProp opt = new RmsProp(m, Map.of("p", p), 0.1, 0.99, 1e-8);
            double pv = 2, v = 0;
            for (int i = 0; i < 2; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(p.square().mul(1.5f).sum());
                }
                opt.step();
                double g = 3 * pv;
                v = 0.99 * v + 0.01 * g * g;
                pv -= 0.1 * g / (Math.sqrt(v) + 1e-8);
                assertThat((double) p.getFloat()).isCloseTo(pv, within(1e-5));
            }
            assertThat(opt.state("opt.")).containsOnlyKeys("opt.v.p");
            assertThat(opt.steps()).isEqualTo(2);
        }
    }
}
