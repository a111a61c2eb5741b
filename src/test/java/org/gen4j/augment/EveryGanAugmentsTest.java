package org.gen4j.augment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gen4j.data.Dataset;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import org.gen4j.train.DatasetConditioned;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TrainableModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every GAN in the registry takes an augmenter and passes what its D sees through it. */
class EveryGanAugmentsTest {

    /** ADA at p = 1 that counts what passes through it. */
    static final class Counting implements Augmenter {
        final Ada inner = new Ada(EnumSet.allOf(Ada.Group.class), 0.6, 1);
        int images;
        int observed;

        @Override
        public NDArray apply(NDArray x, StepRandom random) {
            images += (int) x.getShape().get(0);
            return inner.apply(x, random);
        }

        @Override
        public void observeRealScores(NDArray scores) {
            observed++;
            inner.observeRealScores(scores);
        }

        @Override
        public Map<String, Object> status() {
            return inner.status();
        }

        @Override
        public String spec() {
            return inner.spec();
        }
    }

    static Stream<ModelSpec<?>> gans() {
        // a stage-2 model (NCP-VAE) is built on a trained base run and has no discriminator
        return Models.all().stream().filter(s -> !org.gen4j.train.Configs.keys(s.configType()).contains("base"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gans")
    void oneStepWithEveryImageDSeesAugmented(ModelSpec<?> spec) {
        int channels = spec.name().equals("icgan") ? 1 : 3; // IC-GAN's built-in feature network reads grayscale
        int batch = 4, side = smallestSide(spec, channels);
        try (TrainableModel model = spec.createUnchecked(spec.benchConfig(side, 8, batch, channels), 0);
                NDManager m = NDManager.newBaseManager()) {
            if (model instanceof org.gen4j.train.LikelihoodModel) {
                // a likelihood model (VDVAE) has no discriminator to show augmented images to
                assertThat(model).as("%s takes no --augment", spec.name()).isNotInstanceOf(Augmentable.class);
                return;
            }
            assertThat(model).as("%s takes --augment", spec.name()).isInstanceOf(Augmentable.class);
            Counting counting = new Counting();
            ((Augmentable) model).augmentWith(counting);
            if (model instanceof DatasetConditioned dc) {
                dc.attach(noise(64, channels, side), line -> {});
            }
            model.schedule(spec.benchPositionUnchecked(spec.benchConfig(side, 8, batch, channels)));
            NDArray reals = new StepRandom(1, 1).uniform(m, batch, channels, side, side).mul(2).sub(1);
            long[] classes = new long[batch];
            int[] indices = new int[batch];
            for (int i = 0; i < batch; i++) {
                classes[i] = i % 2;
                indices[i] = i;
            }
            Map<String, Double> out = model.step(reals, m.create(classes), indices, new StepRandom(0, 0));
            assertThat(out).containsKey("loss_D");
            assertThat(counting.observed).as("%s: D's real scores observed", spec.name()).isPositive();
            assertThat(counting.images).as("%s: reals and fakes augmented", spec.name()).isGreaterThanOrEqualTo(2 * batch);
            assertThat(model.status()).containsKey("augment_p");
            // the augmenter's state travels with the model's
            assertThat(model.stateJson().has("ada")).isFalse(); // Counting writes nothing...
            ((Augmentable) model).augmentWith(counting.inner); // ...ADA itself does
            assertThat(model.stateJson().getAsJsonObject("ada").get("p").getAsDouble()).isEqualTo(counting.inner.p());
        }
    }

    /** WGAN-GP's penalty (||grad|| - 1)^2 is exactly 1 when the augmentation inside the critic's function erases the image. */
    @org.junit.jupiter.api.Test
    void theGradientPenaltyDifferentiatesThroughTheAugmentation() {
        ModelSpec<?> spec = Models.get("wgan-gp");
        try (TrainableModel model = spec.createUnchecked(spec.benchConfig(32, 8, 4, 1), 0); NDManager m = NDManager.newBaseManager()) {
            NDArray reals = new StepRandom(1, 1).uniform(m, 4, 1, 32, 32);
            double plain = model.step(reals, null, new StepRandom(0, 0)).get("gp");
            ((Augmentable) model).augmentWith(new Augmenter() {
                @Override
                public NDArray apply(NDArray images, StepRandom random) {
                    return org.gen4j.ops.Scalars.mul(images, 0);
                }

                @Override
                public String spec() {
                    return "erase";
                }
            });
            assertThat(plain).isNotEqualTo(1.0);
            assertThat(model.step(reals, null, new StepRandom(0, 1)).get("gp")).isEqualTo(1.0);
        }
    }

    /** 16 where the model's configuration accepts it (faster), else 32. */
    private static int smallestSide(ModelSpec<?> spec, int channels) {
        try {
            spec.benchConfig(16, 16, 4, channels);
            return 16;
        } catch (org.gen4j.Gen4jException e) {
            return 32;
        }
    }

    private static Dataset noise(int n, int channels, int side) {
        byte[] px = new byte[n * channels * side * side];
        new java.util.SplittableRandom(0).nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        return new Dataset("noise", px, n, channels, side, side, labels, new ArrayList<>(List.of("a", "b")));
    }
}
