package org.gen4j.models.wgangp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class WganGpTest {

    /** 32x32, 8 feature maps, batch 4 (G batch 6), 2 critic steps per G step. */
    static WganGpConfig tiny(int numClasses) {
        return new WganGpConfig(32, 1, 4, 6, numClasses, numClasses > 0, 8, 8, 8, 2e-4, 0, 0.9, 1e-8, 2, 10, 100, 1, 0.1, 0);
    }

    static Map<String, Double> step(WganGp model, NDManager m, int step, NDArray classes) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return model.step(new StepRandom(2, step).uniform(m, 4, 1, 32, 32).mul(2).sub(1), classes, new StepRandom(3, step));
        }
    }

    @Test
    void theCriticLossIsTheWassersteinTermPlusLambdaTimesThePenalty() {
        try (WganGp model = new WganGp(tiny(0), 1); NDManager m = NDManager.newBaseManager()) {
            for (int s = 0; s < 3; s++) {
                Map<String, Double> out = step(model, m, s, null);
                assertThat(out.get("loss_D")).isCloseTo(-out.get("wdist") + 10 * out.get("gp"), within(1e-4 * (1 + Math.abs(out.get("loss_D")))));
                assertThat(out.containsKey("loss_G")).isEqualTo(s % 2 == 1);
            }
        }
    }

    @Test
    void theCriticHasNoNormalisationAndTheLearningRateDecaysLinearly() {
        try (WganGp model = new WganGp(tiny(0), 1)) {
            assertThat(model.stateTensors().keySet()).noneMatch(k -> k.startsWith("D.") && (k.contains("bn") || k.contains("running")));
            assertThat(model.stateTensors().keySet()).anyMatch(k -> k.startsWith("G.block0.bn1"));
        }
        WganGpConfig c = WganGpConfig.paper();
        assertThat(c.learningRateAt(0)).isEqualTo(2e-4);
        assertThat(c.learningRateAt(50000)).isCloseTo(1e-4, within(1e-12));
        assertThat(c.learningRateAt(100000)).isZero();
        assertThat(WganGpConfig.cpu().learningRateAt(10_000_000)).isEqualTo(2e-4);
    }

    @Test
    void theConditionalModelHasAnAuxiliaryClassifierAndSamplesEachClass() {
        try (WganGp model = new WganGp(tiny(3), 1); NDManager m = NDManager.newBaseManager()) {
            assertThat(model.stateTensors().get("D.acgan.weight").getShape()).isEqualTo(new Shape(3, 8));
            assertThat(model.stateTensors().get("G.block0.bn1.gain.weight").getShape()).isEqualTo(new Shape(8, 3));
            Map<String, Double> out = step(model, m, 0, m.create(new long[] {0, 1, 2, 0}));
            assertThat(out).containsKey("acgan_D");
            assertThat(model.generator().numClasses()).isEqualTo(3);
            assertThat(model.generator().generate(m.zeros(new Shape(2, 8)), m.create(new long[] {2, 1})).getShape())
                    .isEqualTo(new Shape(2, 1, 32, 32));
        }
    }
}
