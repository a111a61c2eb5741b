package org.gen4j.models.wgan;

import org.gen4j.models.gan.ConfigChecks;

/**
 * WGAN's settings (Arjovsky et al. 2017, Algorithm 1 and section 4; the authors' code
 * martinarjovsky/WassersteinGAN where the paper is silent: the DCGAN networks, the critic
 * schedule and the widths).
 *
 * @param resolution image side, a power of two from 16 (DCGAN's networks halve down to 4x4)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size m (64)
 * @param zDim latent length (100)
 * @param ngf G's width: the last transposed convolution before the image has this many maps (64)
 * @param ndf the critic's width: its first convolution has this many maps (64)
 * @param learningRate RMSProp step size alpha of G and critic (5e-5)
 * @param rmsAlpha RMSProp's decay of the squared-gradient average (PyTorch's 0.99)
 * @param rmsEpsilon RMSProp's epsilon (PyTorch's 1e-8)
 * @param clip the clipping parameter c: critic weights are kept in [-c, c] (0.01)
 * @param criticSteps critic steps per G step n_critic (5)
 * @param warmupCriticSteps critic steps per G step during the warm-up and every {@code warmupEvery} G steps (the code: 100)
 * @param warmupGeneratorSteps G steps of the warm-up (the code: 25)
 * @param warmupEvery G steps between the long critic phases after the warm-up (the code: 500; 0 for none)
 * @param emaDecay per-step decay of G's moving average (0: none, the paper samples G itself)
 */
public record WganConfig(
        int resolution,
        int imageChannels,
        int batch,
        int zDim,
        int ngf,
        int ndf,
        double learningRate,
        double rmsAlpha,
        double rmsEpsilon,
        double clip,
        int criticSteps,
        int warmupCriticSteps,
        int warmupGeneratorSteps,
        int warmupEvery,
        double emaDecay) {

    public WganConfig {
        ConfigChecks.images(resolution, 16, imageChannels, batch);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("ngf", ngf);
        ConfigChecks.positive("ndf", ndf);
        ConfigChecks.positive("learningRate", learningRate);
        ConfigChecks.fraction("rmsAlpha", rmsAlpha);
        ConfigChecks.positive("rmsEpsilon", rmsEpsilon);
        ConfigChecks.positive("clip", clip);
        ConfigChecks.positive("criticSteps", criticSteps);
        ConfigChecks.positive("warmupCriticSteps", warmupCriticSteps);
        ConfigChecks.notNegative("warmupGeneratorSteps", warmupGeneratorSteps);
        ConfigChecks.notNegative("warmupEvery", warmupEvery);
        ConfigChecks.fraction("emaDecay", emaDecay);
    }

    /** The paper's (and the authors' code's) setup at 64x64. */
    public static WganConfig paper() {
        return new WganConfig(64, 3, 64, 100, 64, 64, 5e-5, 0.99, 1e-8, 0.01, 5, 100, 25, 500, 0);
    }

    /**
     * gen4j's CPU preset for 32x32 images. Deviations: widths 32 (64), and a warm-up of 10 G steps
     * with 25 critic steps each, then 25 every 500th (the code: 25 with 100, then 100): the code's
     * warm-up alone is 2,500 critic steps, 160 thousand images, longer than the whole CPU run. The
     * RMSProp rate, clipping, 5 critic steps and the DCGAN networks are the paper's.
     */
    public static WganConfig cpu() {
        return new WganConfig(32, 1, 64, 100, 32, 32, 5e-5, 0.99, 1e-8, 0.01, 5, 25, 10, 500, 0);
    }

    /** Critic steps before G step {@code g}: the long phase during the warm-up and every {@code warmupEvery} G steps. */
    public int criticStepsBefore(long g) {
        boolean longPhase = g < warmupGeneratorSteps || (warmupEvery > 0 && g % warmupEvery == 0);
        return longPhase ? warmupCriticSteps : criticSteps;
    }
}
