package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/**
 * A hierarchical latent-variable model that can encode images and decode them from their own top
 * latent groups, the groups below drawn from the prior: VDVAE's figure of samples that share the
 * top latents of an image (Child 2021, figure 4).
 */
public interface Reconstructor {

    /** Channels of the images it takes. */
    int imageChannels();

    /** Side of the images it takes. */
    int resolution();

    /** Latent groups, top first: the largest depth {@link #reconstruct} takes. */
    int latentGroups();

    /**
     * Encodes {@code images} {@code [N, C, R, R]} and decodes with posterior samples for the top
     * {@code depth} groups and prior samples at {@code temperature} below.
     *
     * @return images {@code [N, C, R, R]} in [-1, 1]
     */
    NDArray reconstruct(NDArray images, int depth, double temperature, StepRandom random);
}
