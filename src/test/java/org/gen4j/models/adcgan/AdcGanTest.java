package org.gen4j.models.adcgan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class AdcGanTest {

    static AdcGanConfig tiny(boolean shared) {
        return new AdcGanConfig(32, 1, 4, 3, 16, shared, 8, shared, 2, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 1, 1, 1, 0.5, 0, 0);
    }

    @Test
    void theDiscriminatorHasA2KWayClassifierAndNoProjection() {
        try (AdcGan model = new AdcGan(tiny(false), 1); NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> s = model.stateTensors();
            assertThat(s.get("D.adc.weight").getShape()).isEqualTo(new Shape(6, 8));
            assertThat(s.get("D.linear.weight").getShape()).isEqualTo(new Shape(1, 8));
            assertThat(s.keySet()).noneMatch(k -> k.contains("embed"));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Map<String, Double> out = model.step(new StepRandom(1, 0).uniform(m, 4, 1, 32, 32), m.create(new long[] {0, 1, 2, 1}),
                        new StepRandom(2, 0));
                assertThat(out).containsKeys("loss_D", "adc_D", "loss_G", "adc_G");
                assertThat(out.get("adc_D")).isPositive();
            }
        }
    }

    @Test
    void theSharedEmbeddingFormUsesBigGansGenerator() {
        try (AdcGan model = new AdcGan(tiny(true), 1)) {
            assertThat(model.stateTensors()).containsKey("G.cond.shared.weight");
        }
    }
}
