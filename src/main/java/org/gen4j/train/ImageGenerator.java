package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/** What sampling, interpolation and evaluation need from a trained model: latents in, images out. */
public interface ImageGenerator {

    /** Length of a latent vector. */
    int latentDim();

    /** Channels of the images produced (1 grayscale, 3 RGB). */
    int imageChannels();

    /** Side of the images produced now (a growing model's current resolution). */
    int resolution();

    /** Number of classes it is conditioned on; 0 for an unconditional model. */
    int numClasses();

    /**
     * Generates images.
     *
     * @param latents {@code [N, latentDim]}
     * @param classes {@code [N]} class indices (int64) for conditional models, otherwise {@code null}
     * @return {@code [N, C, R, R]}, values nominally in [-1, 1]
     */
    NDArray generate(NDArray latents, NDArray classes);
}
