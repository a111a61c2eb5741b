package org.gen4j.models.ncpvae;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.train.PriorSampling;

/**
 * NCP-VAE's settings (Aneja, Schwing, Kautz and Vahdat, "A Contrastive Learning Approach for
 * Training Variational Autoencoder Priors", NeurIPS 2021): the frozen base VAE, the per-group
 * classifiers and their optimiser (section 3.1 and 3.3), and how the generator samples the
 * reweighted prior (section 3.2).
 *
 * @param resolution image side; must be the base's
 * @param imageChannels 1 or 3, set from the dataset; must be the base's
 * @param batch real images per step (each gives one positive and one negative per group)
 * @param base the trained VDVAE run folder (its newest checkpoint, moving-average weights); {@code --base RUN}
 * @param hidden channels of every classifier
 * @param classifierBlocks residual blocks per classifier (0: the input layer and the head only)
 * @param learningRate Adam's step size
 * @param beta1 Adam's beta1
 * @param beta2 Adam's beta2
 * @param sampler how the generator samples unless told otherwise: sir, langevin or prior
 * @param proposals SIR's proposals per latent group (M)
 * @param langevinSteps Langevin steps per latent group
 * @param langevinStepSize the Langevin step size eta
 */
public record NcpVaeConfig(
        int resolution,
        int imageChannels,
        int batch,
        String base,
        int hidden,
        int classifierBlocks,
        double learningRate,
        double beta1,
        double beta2,
        PriorSampling.Method sampler,
        int proposals,
        int langevinSteps,
        double langevinStepSize) {

    public NcpVaeConfig {
        ConfigChecks.images(resolution, 1, imageChannels, batch);
        Gen4jException.check(base != null, "base must be a VDVAE run folder (--base RUN).");
        base = base.strip();
        ConfigChecks.positive("hidden", hidden);
        ConfigChecks.notNegative("classifierBlocks", classifierBlocks);
        ConfigChecks.adam(learningRate, beta1, beta2, 1e-8);
        sampling(sampler, proposals, langevinSteps, langevinStepSize);
    }

    /**
     * gen4j's CPU preset: classifiers of 32 channels with one residual block, Adam 1e-3 (0.9, 0.999),
     * 32 images per step, SIR among 16 proposals per group, Langevin dynamics 25 steps of 0.2 in the
     * prior's standardised coordinates (a standard normal start contracts to 0.9^25 = 7% of its offset,
     * and the unadjusted scheme's stationary variance is 1 / (1 - 0.2 / 4) = 1.05 times the target's).
     */
    public static NcpVaeConfig cpu() {
        return new NcpVaeConfig(32, 1, 32, "", 32, 1, 1e-3, 0.9, 0.999, PriorSampling.Method.SIR, 16, 25, 0.2);
    }

    /**
     * A preset for the paper's sampling budget on RGB images: SIR with 5,000 proposals per group (the
     * number recalled from the paper's experiments, section 5; not re-checked against its text, see
     * docs/models/ncpvae.md) and wider classifiers (64 channels, two residual blocks, a gen4j
     * choice). The rest is the {@code cpu} preset's: apart from the proposal count, none of these
     * values comes from the paper.
     */
    public static NcpVaeConfig paper() {
        return new NcpVaeConfig(32, 3, 32, "", 64, 2, 1e-3, 0.9, 0.999, PriorSampling.Method.SIR, 5000, 25, 0.2);
    }

    /** How the generator samples unless told otherwise. */
    public PriorSampling sampling() {
        return sampling(sampler, proposals, langevinSteps, langevinStepSize);
    }

    private static PriorSampling sampling(PriorSampling.Method sampler, int proposals, int steps, double stepSize) {
        return new PriorSampling(sampler, proposals, steps, stepSize);
    }
}
