package org.gen4j.models.csgan;

import org.gen4j.models.gan.ConfigChecks;

/**
 * CS-GAN's settings (Wu, Rosca and Lillicrap 2019, section 3.3 and appendix; the authors'
 * {@code cs_gan/main.py} defaults, where the paper is silent).
 *
 * @param resolution image side, a power of two from 16
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (64)
 * @param zDim latent length (128)
 * @param gChannels G's feature maps at 4x4, halving as the side doubles (512)
 * @param dChannels D's feature maps at full resolution, doubling as the side halves (64)
 * @param learningRate Adam step size of G and D (2e-4)
 * @param beta1 Adam beta1 (0.5)
 * @param beta2 Adam beta2 (0.999)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param latentSteps gradient steps on z before every update (3)
 * @param stepSize initial latent step size, learned in log space with G (0.01)
 * @param optimisationCost weight of {@code E ||z_opt - z_0||^2} in G's loss (3)
 * @param sampleLatentSteps latent steps when sampling (3: the code evaluates with them; 0 samples G directly)
 * @param emaDecay per-step decay of G's moving average (0: none, as the code)
 */
public record CsGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int zDim,
        int gChannels,
        int dChannels,
        double learningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int latentSteps,
        double stepSize,
        double optimisationCost,
        int sampleLatentSteps,
        double emaDecay) {

    public CsGanConfig {
        ConfigChecks.images(resolution, 16, imageChannels, batch);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("gChannels", gChannels);
        ConfigChecks.positive("dChannels", dChannels);
        ConfigChecks.adam(learningRate, beta1, beta2, adamEpsilon);
        ConfigChecks.notNegative("latentSteps", latentSteps);
        ConfigChecks.positive("stepSize", stepSize);
        ConfigChecks.notNegative("optimisationCost", optimisationCost);
        ConfigChecks.notNegative("sampleLatentSteps", sampleLatentSteps);
        ConfigChecks.fraction("emaDecay", emaDecay);
    }

    /** The authors' CIFAR-10 setup. */
    public static CsGanConfig paper() {
        return new CsGanConfig(32, 3, 64, 128, 512, 64, 2e-4, 0.5, 0.999, 1e-8, 3, 0.01, 3, 3, 0);
    }

    /**
     * gen4j's CPU preset: the authors' setup with a quarter of the feature maps (128 at 4x4 in G, 16
     * at full resolution in D), a minibatch of 32 (64) and a moving average of G decaying by 0.99
     * (none). The three latent steps, their learned step size and the optimisation cost are the
     * paper's.
     */
    public static CsGanConfig cpu() {
        return new CsGanConfig(32, 1, 32, 128, 128, 16, 2e-4, 0.5, 0.999, 1e-8, 3, 0.01, 3, 3, 0.99);
    }
}
