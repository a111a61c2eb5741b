package org.gen4j.models.logan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.gen4j.Tensors;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.LatentStepsGenerator;
import org.gen4j.train.LatentTruncation;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class LoganTest {

    /** BigGAN-deep at 32x32, width 4 (16 channels), 16-d z, 2 classes, batch 4, one D step per G step. */
    static LoganConfig tiny(int latentSteps) {
        return new LoganConfig(32, 1, 4, 2, true, 16, 8, 4, 2, 4, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 1, 0, 0.5, 0, 0, 0.9, 0.01,
                300, 0.5, latentSteps, 1);
    }

    @Test
    void everyLatentStepIsTakenAndLatentsStayInTheUniformPriorsSupport() {
        try (Logan model = new Logan(tiny(3), 1); NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z = new StepRandom(1, 0).uniform(m, 4, 16).mul(2).sub(1);
            NDArray c = Embedding.oneHot(m.create(new long[] {0, 1, 0, 1}), 2);
            var gen = (org.gen4j.models.sagan.Generator) model.networks().get(0);
            NDArray one = model.optimise(gen, z.duplicate(), c, c, 1, null).z();
            NDArray three = model.optimise(gen, z.duplicate(), c, c, 3, null).z();
            assertThat(Tensors.maxAbsDiff(one, three)).as("three steps move z further than one").isGreaterThan(1e-5);
            assertThat(Tensors.maxAbsDiff(three, three.clip(-1, 1))).isZero();
            assertThat(Tensors.maxAbsDiff(one, z)).isGreaterThan(1e-6);
        }
    }

    @Test
    void onlyTheMaskedShareOfTheMinibatchIsMoved() {
        try (Logan model = new Logan(tiny(2), 1); NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z = new StepRandom(1, 0).uniform(m, 4, 16).mul(2).sub(1);
            NDArray c = Embedding.oneHot(m.create(new long[] {0, 1, 0, 1}), 2);
            var gen = (org.gen4j.models.sagan.Generator) model.networks().get(0);
            model.networks().forEach(n -> n.setTraining(false)); // no power iteration between the calls, no batch coupling
            NDArray moved = m.create(new float[] {1, 0, 1, 0}, new ai.djl.ndarray.types.Shape(4, 1));
            NDArray all = model.optimise(gen, z.duplicate(), c, c, 2, null).z();
            NDArray some = model.optimise(gen, z.duplicate(), c, c, 2, moved).z();
            for (int i = 0; i < 4; i++) {
                NDArray expected = i % 2 == 0 ? all.get(i) : z.get(i);
                assertThat(Tensors.maxAbsDiff(some.get(i), expected)).as("row %d", i).isLessThan(1e-6);
            }
        }
    }

    @Test
    void trainingLogsTheLatentStepAndSamplingDrawsUniformLatents() {
        try (Logan model = new Logan(tiny(1), 1); NDManager m = NDManager.newBaseManager()) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Map<String, Double> out = model.step(new StepRandom(2, 0).uniform(m, 4, 1, 32, 32), m.create(new long[] {0, 1, 1, 0}),
                        new StepRandom(3, 0));
                assertThat(out).containsKeys("loss_D", "loss_G", "latent_step");
            }
            LatentStepsGenerator g = (LatentStepsGenerator) model.generator();
            for (float v : g.latent(7)) {
                assertThat(v).isBetween(-1f, 1f);
            }
            assertThat(g.withLatentSteps(0).generate(m.create(g.latent(7), new ai.djl.ndarray.types.Shape(1, 16)), m.create(new long[] {1}))
                    .getShape().get(1)).isEqualTo(1);
            assertThatThrownBy(() -> ((LatentTruncation) g).truncated(0.5)).hasMessageContaining("U(-1, 1)");
        }
    }
}
