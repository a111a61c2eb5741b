package org.gen4j.models.icgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.Gen4jException;
import org.gen4j.Tensors;
import org.gen4j.data.Dataset;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.InstanceGenerator;
import org.gen4j.train.LatentTruncation;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class IcGanTest {

    static IcGanConfig tiny(int numClasses, int k) {
        return new IcGanConfig(32, 1, 4, numClasses, numClasses > 0, 16, 8, 12, 2, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 1, k, "",
                0.5, 0, 0);
    }

    /** {@code n} 32x32 grayscale images of noise, labelled 0, 1, 0, 1, ... */
    static Dataset noise(int n, int channels) {
        byte[] px = new byte[n * channels * 1024];
        new SplittableRandom(5).nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        return new Dataset("noise", px, n, channels, 32, 32, labels, List.of("a", "b"));
    }

    @Test
    void theInstanceFeaturesReachGAndDAndTrainingDrawsFromNeighbourhoods() {
        try (IcGan model = new IcGan(tiny(0, 3), 1); NDManager m = NDManager.newBaseManager()) {
            model.attach(noise(12, 1), line -> {});
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Map<String, Double> out = model.step(new StepRandom(1, 0).uniform(m, 4, 1, 32, 32), null, new int[] {0, 5, 7, 11},
                        new StepRandom(2, 0));
                assertThat(out).containsKeys("loss_D", "loss_G");
            }
            InstanceGenerator g = (InstanceGenerator) model.generator();
            assertThat(g.instances()).isEqualTo(12);
            NDArray z = new StepRandom(3, 0).normal(m, 1, 16);
            NDArray a = g.generateFrom(z, g.trainingInstance(2, m), null), b = g.generateFrom(z, g.trainingInstance(9, m), null);
            assertThat(Tensors.maxAbsDiff(a, b)).as("swapping h changes G's image").isGreaterThan(1e-5);
            IcDiscriminator d = (IcDiscriminator) model.networks().get(1);
            d.setTraining(false);
            NDArray x = new StepRandom(4, 0).normal(m, 1, 1, 32, 32);
            assertThat(Math.abs(d.forward(x, g.trainingInstance(2, m)).getFloat() - d.forward(x, g.trainingInstance(9, m)).getFloat()))
                    .as("swapping h changes D's score").isGreaterThan(1e-6f);
            // any image: its own features
            NDArray image = new StepRandom(6, 0).uniform(m, 1, 1, 32, 32).mul(2).sub(1);
            NDArray h = g.instanceFeatures(image);
            assertThat((double) h.square().sum().getFloat()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(g.at(h).generate(new StepRandom(7, 0).normal(m, 3, 16), null).getShape()).isEqualTo(new Shape(3, 1, 32, 32));
            // truncation keeps the instance conditioning; a walk between classes has nothing to blend
            ImageGenerator truncated = ((LatentTruncation) g).truncated(0.5);
            assertThat(truncated).isInstanceOf(InstanceGenerator.class);
            assertThat(((InstanceGenerator) truncated).generateFrom(z, g.trainingInstance(2, m), null).getShape()).isEqualTo(new Shape(1, 1, 32, 32));
            assertThat(truncated.generate(z, null).getShape()).isEqualTo(new Shape(1, 1, 32, 32));
            assertThatThrownBy(() -> ((ConditionalGenerator) g).generateMixed(z, m.ones(new Shape(1, 1))))
                    .isInstanceOf(Gen4jException.class).hasMessageContaining("walk between seeds instead");
        }
    }

    @Test
    void theClassConditionalFormTakesClassesAndBadDataIsRefused() {
        try (IcGan model = new IcGan(tiny(2, 3), 1); NDManager m = NDManager.newBaseManager()) {
            model.attach(noise(10, 1), line -> {});
            NDArray img = model.generator().generate(new StepRandom(3, 0).normal(m, 2, 16), m.create(new long[] {0, 1}));
            assertThat(img.getShape()).isEqualTo(new Shape(2, 1, 32, 32));
            assertThat(model.stateTensors()).containsKeys("G.cond.shared.weight", "D.embed.weight");
        }
        try (IcGan model = new IcGan(tiny(0, 20), 1)) {
            assertThatThrownBy(() -> model.attach(noise(10, 1), line -> {})).hasMessageContaining("k = 20 neighbours needs more than 20 instances");
        }
        assertThatThrownBy(() -> new IcGan(new IcGanConfig(32, 3, 4, 0, false, 16, 8, 12, 2, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 1,
                3, "", 0.5, 0, 0), 1)).hasMessageContaining("channel");
    }
}
