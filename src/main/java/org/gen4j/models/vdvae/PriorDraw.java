package org.gen4j.models.vdvae;

import ai.djl.ndarray.NDArray;

/**
 * Chooses a latent group's value from its prior while VDVAE samples top-down: what a reweighted
 * prior (NCP-VAE's sampling-importance-resampling or Langevin dynamics) puts in place of the plain
 * draw {@code mean + sigma eps}. Shapes: the context {@code [N, width, r, r]}, everything else
 * {@code [N, zdim, r, r]}.
 */
@FunctionalInterface
public interface PriorDraw {

    /**
     * @param group the group's index in decoder order, from 0 (the coarsest)
     * @param context the decoder state the prior of this group sees: a function of the groups above
     * @param mean the prior's mean
     * @param logSigma the prior's log standard deviation, the temperature already applied
     * @param eps the standard normal noise the plain draw would use
     * @return the group's value
     */
    NDArray z(int group, NDArray context, NDArray mean, NDArray logSigma, NDArray eps);
}
