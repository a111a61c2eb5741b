package org.gen4j.models.unetgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.Tensors;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Init;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class UnetGanTest {

    static UnetGanConfig tiny(double warmupKimg) {
        return new UnetGanConfig(32, 1, 4, 2, true, 16, 8, true, 2, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 1, 1.0, warmupKimg, 1,
                0.5, 0, 0);
    }

    @Test
    void theUNetGivesAGlobalLogitAndALogitPerPixelWithClassProjections() {
        for (int side : new int[] {32, 64}) {
            try (NDManager m = NDManager.newBaseManager()) {
                UnetDiscriminator d = new UnetDiscriminator(m, new SplittableRandom(1), side, 2, 3, 2, Init.normal(0.1));
                d.setTraining(false);
                NDArray x = new StepRandom(1, 0).normal(m, 3, 3, side, side);
                UnetDiscriminator.Output a = d.forward(x, Embedding.oneHot(m.create(new long[] {0, 0, 1}), 2));
                UnetDiscriminator.Output b = d.forward(x, Embedding.oneHot(m.create(new long[] {1, 0, 1}), 2));
                assertThat(a.global().getShape()).isEqualTo(new Shape(3));
                assertThat(a.pixels().getShape()).isEqualTo(new Shape(3, 1, side, side));
                // the class reaches both outputs of the first image only
                assertThat(Tensors.maxAbsDiff(a.pixels().get("0"), b.pixels().get("0"))).isGreaterThan(1e-6);
                assertThat(Tensors.maxAbsDiff(a.pixels().get("1:"), b.pixels().get("1:"))).isLessThan(1e-6);
                assertThat(Math.abs(a.global().getFloat(0) - b.global().getFloat(0))).isGreaterThan(1e-6f);
            }
        }
    }

    @Test
    void theMixingProbabilityWarmsUpLinearly() {
        UnetGanConfig c = new UnetGanConfig(32, 1, 4, 2, true, 16, 8, true, 2, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 1, 0.5, 20, 1,
                0.5, 0, 0);
        assertThat(c.mixProbabilityAt(0)).isZero();
        assertThat(c.mixProbabilityAt(10_000)).isCloseTo(0.25, within(1e-12));
        assertThat(c.mixProbabilityAt(40_000)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aCutMixStepTrainsTheDecoderOnTheMaskWithTheConsistencyTerm() {
        try (UnetGan model = new UnetGan(tiny(0), 1); NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, Double> out = model.step(new StepRandom(2, 0).uniform(m, 4, 1, 32, 32), m.create(new long[] {0, 1, 1, 0}),
                    new StepRandom(3, 0));
            assertThat(out.get("mix")).isEqualTo(1.0);
            assertThat(out).containsKeys("loss_D", "consistency", "loss_G");
        }
        try (UnetGan model = new UnetGan(tiny(1000), 1); NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            model.schedule(0);
            Map<String, Double> out = model.step(new StepRandom(2, 0).uniform(m, 4, 1, 32, 32), m.create(new long[] {0, 1, 1, 0}),
                    new StepRandom(3, 0));
            assertThat(out.get("mix")).isZero(); // probability 0 at the start of the warm-up
        }
    }
}
