package org.gen4j.models.stylegan3;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.train.Configs;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;
import org.junit.jupiter.api.Test;

/** Class-conditional StyleGAN3: the class enters G's mapping, the minibatch's labels reach training. */
class ConditionalStyleGan3Test extends ManagedTest {

    @Test
    void theClassChangesTheImageAndATrainingStepTakesLabels() {
        StyleGan3Config c = Configs.override(StyleGan3Test.tiny("t"), Map.of("numClasses", "2", "conditional", "true", "dMappingLayers", "2"),
                "test");
        try (StyleGan3 model = new StyleGan3(c, 1)) {
            StyleGenerator g = model.generator();
            assertThat(g.numClasses()).isEqualTo(2);
            NDArray z = new StepRandom(2, 0).normal(m, 2, 8);
            assertThat(Tensors.maxAbsDiff(g.generate(z, m.create(new long[] {0, 0})), g.generate(z, m.create(new long[] {1, 1}))))
                    .isGreaterThan(1e-4);
            Map<String, Double> out = model.step(new StepRandom(5, 0).uniform(m, 4, 1, 16, 16).mul(2).sub(1), m.create(new long[] {0, 1, 1, 0}),
                    new StepRandom(5, 1));
            assertThat(out.get("loss_G")).isFinite();
            assertThat(out.get("loss_D")).isFinite();
            assertThat(out.get("r1_penalty")).isFinite();
        }
    }
}
