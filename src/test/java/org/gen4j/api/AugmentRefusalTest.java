package org.gen4j.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.augment.Augmentation;
import org.gen4j.augment.Augmenter;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TrainableModel;
import org.junit.jupiter.api.Test;

/** A model without a discriminator (a VAE) is not {@code Augmentable}: augmentation is refused by type, not by name. */
class AugmentRefusalTest {

    /** A trainable model with no discriminator. */
    static final class NoDiscriminator implements TrainableModel {
        @Override public void schedule(long imagesSeen) {}
        @Override public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) { return Map.of(); }
        @Override public Map<String, Object> status() { return Map.of(); }
        @Override public ImageGenerator generator() { return null; }
        @Override public Map<String, NDArray> stateTensors() { return Map.of(); }
        @Override public JsonObject stateJson() { return new JsonObject(); }
        @Override public void loadState(Map<String, NDArray> tensors, JsonObject json) {}
        @Override public void close() {}
    }

    @Test
    void augmentationOfAModelWithoutDiscriminatorIsRefusedAndNoneIsAccepted() {
        try (NoDiscriminator vae = new NoDiscriminator()) {
            assertThatThrownBy(() -> Training.withAugmenter(vae, Augmentation.create("ada", 0.6), "vdvae"))
                    .isInstanceOf(Gen4jException.class).hasMessage("--augment applies to the images a discriminator sees, and model vdvae has none.");
            assertThatCode(() -> Training.withAugmenter(vae, Augmenter.NONE, "vdvae")).doesNotThrowAnyException();
        }
    }
}
