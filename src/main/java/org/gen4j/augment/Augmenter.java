package org.gen4j.augment;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.util.Map;
import org.gen4j.train.StepRandom;

/**
 * A random, differentiable transform of the images a discriminator sees (Karras et al. 2020,
 * section 2: augmenting reals and fakes alike, inside D's loss, keeps the generator's distribution
 * unleaked when the transform is invertible in distribution). Each call draws fresh parameters per
 * sample from the step's random stream; the output is differentiable with respect to the images.
 */
public interface Augmenter {

    /** No augmentation: every image passes unchanged and nothing is drawn. */
    Augmenter NONE = new Augmenter() {
        @Override
        public NDArray apply(NDArray images, StepRandom random) {
            return images;
        }

        @Override
        public String spec() {
            return "none";
        }
    };

    /**
     * The images transformed, parameters drawn per sample from {@code random}.
     *
     * @param images {@code [N, C, H, W]}, C 1 or 3, values in about [-1, 1]
     * @return {@code [N, C, H, W]}, differentiable in {@code images}
     */
    NDArray apply(NDArray images, StepRandom random);

    /**
     * Told D's scores of one minibatch of real images, from D's main loss pass (what an adaptive
     * augmenter steers by); the default ignores them.
     *
     * @param scores {@code [N]} or {@code [N, 1]} logits of the (augmented) reals
     */
    default void observeRealScores(NDArray scores) {}

    /** Values for the progress line and metrics.jsonl (ADA's {@code augment_p}); empty by default. */
    default Map<String, Object> status() {
        return Map.of();
    }

    /** Adds the augmenter's state (ADA's p and its statistics) to a checkpoint's JSON. */
    default void write(JsonObject json) {}

    /** Restores what {@link #write} saved. */
    default void read(JsonObject json) {}

    /** The canonical form of the {@code --augment} value that makes this augmenter. */
    String spec();
}
