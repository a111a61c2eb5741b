package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/**
 * A generator conditioned on instances (IC-GAN): images in the neighbourhood of an instance,
 * given by its features in the model's feature space, whether the instance is a training image or
 * any other image.
 */
public interface InstanceGenerator extends ImageGenerator {

    /** Training instances it knows. */
    int instances();

    /** The normalised features {@code [1, d]} of training instance {@code index}, on {@code manager}. */
    NDArray trainingInstance(int index, ai.djl.ndarray.NDManager manager);

    /** Training instance {@code index} itself: {@code [1, C, R, R]} in [-1, 1], on {@code manager}. */
    NDArray trainingImage(int index, ai.djl.ndarray.NDManager manager);

    /** The normalised features {@code [N, d]} of images {@code [N, C, R, R]} in [-1, 1], at the model's resolution. */
    NDArray instanceFeatures(NDArray images);

    /**
     * @param latents {@code [N, latentDim]}
     * @param features instance features {@code [N, d]}
     * @param classes class indices for the class-conditional form, else {@code null}
     */
    NDArray generateFrom(NDArray latents, NDArray features, NDArray classes);

    /** This generator bound to one instance: every image of {@link #generate} conditioned on {@code features [1, d]}. */
    default ImageGenerator at(NDArray features) {
        InstanceGenerator self = this;
        return new Delegate(this) {
            @Override
            public NDArray generate(NDArray latents, NDArray classes) {
                long n = latents.getShape().get(0);
                return self.generateFrom(latents, features.repeat(0, n), classes);
            }
        };
    }
}
