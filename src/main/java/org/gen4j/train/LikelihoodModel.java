package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/**
 * A model that gives a bound on the likelihood of images, as a variational autoencoder does: what
 * {@code gen4j eval --metrics bpd,iw-bpd} needs. Images are {@code [N, C, R, R]} in [-1, 1] on the
 * 8-bit grid; values are in nats per image (all of its C R R values together).
 */
public interface LikelihoodModel {

    /** Channels of the images it models. */
    int imageChannels();

    /** Side of the images it models. */
    int resolution();

    /**
     * The negative evidence lower bound {@code -E_q[log p(x|z)] + KL(q(z|x) || p(z))} per image, with
     * one posterior sample per image and the KL terms in closed form where the model has them.
     *
     * @return {@code [N]}
     */
    NDArray negativeElbo(NDArray images, StepRandom random);

    /**
     * Log importance weights {@code log p(x|z_k) + log p(z_k) - log q(z_k|x)} of {@code samples}
     * posterior samples per image (Burda et al., ICLR 2016, equation 8): their log-mean-exp is the
     * importance-weighted bound, which equals the ELBO in expectation for one sample and tightens
     * as the samples grow.
     *
     * @return {@code [N, samples]}
     */
    NDArray logImportanceWeights(NDArray images, int samples, StepRandom random);
}
