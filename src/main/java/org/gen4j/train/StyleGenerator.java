package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/**
 * A generator with StyleGAN's intermediate latent space W: a mapping network turns latents into
 * one w per synthesis layer, which makes style mixing, truncation and walks in W possible.
 */
public interface StyleGenerator extends ImageGenerator {

    /** How many w vectors the synthesis network takes (one per layer it styles). */
    int numWs();

    /** Length of each w. */
    int wDim();

    /**
     * Maps latents to per-layer w, truncated towards the tracked average w in the layers below
     * {@code cutoff}: {@code w_avg + psi (w - w_avg)} (StyleGAN, section 3.1 and appendix B).
     *
     * @param latents {@code [N, latentDim]}
     * @param classes class indices for conditional models, else {@code null}
     * @param psi 1 leaves w unchanged, 0 gives the average w
     * @param cutoff layers {@code [0, cutoff)} are truncated; {@link #numWs()} truncates all
     * @return {@code [N, numWs, wDim]}
     */
    NDArray mapping(NDArray latents, NDArray classes, double psi, int cutoff);

    /** Images {@code [N, C, R, R]} from per-layer w {@code [N, numWs, wDim]}. */
    NDArray synthesis(NDArray ws);

    /**
     * This generator with its per-pixel noise drawn as {@code mode} says (sampling uses
     * {@link NoiseMode#CONST}, the official code's {@code noise_mode='const'}); a model without
     * noise inputs refuses.
     */
    default StyleGenerator withNoise(NoiseMode mode) {
        throw new org.gen4j.Gen4jException("this model has no per-pixel noise; drop --noise-mode.");
    }

    @Override
    default NDArray generate(NDArray latents, NDArray classes) {
        return synthesis(mapping(latents, classes, 1, numWs()));
    }

    /** This generator with truncation {@code psi} below layer {@code cutoff} (see {@link #mapping}). */
    default ImageGenerator truncated(double psi, int cutoff) {
        StyleGenerator self = this;
        return new Delegate(this) {
            @Override
            public NDArray generate(NDArray latents, NDArray classes) {
                return self.synthesis(self.mapping(latents, classes, psi, cutoff));
            }
        };
    }

    /**
     * A generator whose latents are points of W {@code [N, wDim]}, each given to every layer: walks
     * in W render through this.
     */
    default ImageGenerator fromW() {
        StyleGenerator self = this;
        return new Delegate(this) {
            @Override
            public int latentDim() {
                return self.wDim();
            }

            @Override
            public float[] latent(long seed) {
                return Sampler.latent(seed, self.wDim());
            }

            @Override
            public NDArray generate(NDArray w, NDArray classes) {
                return self.synthesis(w.expandDims(1).repeat(1, self.numWs()));
            }
        };
    }
}
