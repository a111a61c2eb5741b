package org.gen4j.ops;

import ai.djl.ndarray.NDArray;

/** Adversarial loss terms as pure functions of discriminator outputs {@code [N]} or {@code [N, 1]}. */
public final class Losses {

    private Losses() {}

    /**
     * Wasserstein critic loss {@code E[D(fake)] - E[D(real)]} (Arjovsky et al. 2017, eq. 3;
     * Gulrajani et al. 2017, eq. 3 without the penalty). Minimised by the critic.
     */
    public static NDArray wganCritic(NDArray realScores, NDArray fakeScores) {
        return fakeScores.mean().sub(realScores.mean());
    }

    /** Wasserstein generator loss {@code -E[D(fake)]}. */
    public static NDArray wganGenerator(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    /**
     * ProGAN's drift term {@code E[D(real)^2]} (Karras et al. 2018, appendix A.1), weighted by
     * epsilon_drift = 0.001 there; it keeps critic outputs from drifting far from zero.
     */
    public static NDArray drift(NDArray realScores) {
        return realScores.square().mean();
    }
}
