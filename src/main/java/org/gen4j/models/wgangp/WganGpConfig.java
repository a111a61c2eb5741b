package org.gen4j.models.wgangp;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;

/**
 * WGAN-GP's settings (Gulrajani et al. 2017, Algorithm 1 and appendix; the authors' CIFAR-10
 * ResNet script {@code gan_cifar_resnet.py} for the networks and the schedule).
 *
 * @param resolution image side, 32 (the paper's ResNet) or larger powers of two (more downsampling blocks)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch the critic's minibatch size m (64)
 * @param generatorBatch images per G step (the code: 128, twice the critic's)
 * @param numClasses classes; set from the dataset (0 when unconditional)
 * @param conditional class-conditional, as the authors' CIFAR-10 script: conditional batch norm in G and an ACGAN
 *     classifier on the critic (the paper's unconditional model: false)
 * @param zDim latent length (128)
 * @param dimG G's feature maps (128)
 * @param dimD the critic's feature maps (128)
 * @param learningRate Adam step size of G and critic (2e-4)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.9)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param criticSteps critic steps per G step n_critic (5)
 * @param gpLambda weight lambda of the gradient penalty (10)
 * @param decaySteps G steps over which both learning rates fall linearly to 0 (100000; 0 keeps them)
 * @param acganScale weight of the classifier loss on real images in the critic's objective (1)
 * @param acganScaleG weight of the classifier loss on generated images in G's objective (0.1)
 * @param emaDecay per-step decay of G's moving average (0: none, the paper samples G itself)
 */
public record WganGpConfig(
        int resolution,
        int imageChannels,
        int batch,
        int generatorBatch,
        int numClasses,
        boolean conditional,
        int zDim,
        int dimG,
        int dimD,
        double learningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int criticSteps,
        double gpLambda,
        int decaySteps,
        double acganScale,
        double acganScaleG,
        double emaDecay) {

    public WganGpConfig {
        ConfigChecks.images(resolution, 32, imageChannels, batch);
        ConfigChecks.positive("generatorBatch", generatorBatch);
        Gen4jException.check(conditional ? numClasses >= 1 : numClasses == 0,
                "numClasses must be positive for a conditional model and 0 otherwise, got %d (conditional=%s).", numClasses, conditional);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("dimG", dimG);
        ConfigChecks.positive("dimD", dimD);
        ConfigChecks.adam(learningRate, beta1, beta2, adamEpsilon);
        ConfigChecks.positive("criticSteps", criticSteps);
        ConfigChecks.notNegative("gpLambda", gpLambda);
        ConfigChecks.notNegative("decaySteps (0 keeps the learning rate)", decaySteps);
        ConfigChecks.notNegative("acganScale", acganScale);
        ConfigChecks.notNegative("acganScaleG", acganScaleG);
        ConfigChecks.fraction("emaDecay", emaDecay);
    }

    /** The paper's unconditional CIFAR-10 ResNet. */
    public static WganGpConfig paper() {
        return new WganGpConfig(32, 3, 64, 128, 0, false, 128, 128, 128, 2e-4, 0, 0.9, 1e-8, 5, 10, 100000, 1, 0.1, 0);
    }

    /**
     * gen4j's CPU preset: the paper's ResNet with 32 feature maps in G and the critic (128), a
     * minibatch of 32 for both (64 and 128), the learning rate kept constant (the code decays it to 0
     * over 100,000 G steps, far beyond a CPU run), and a moving average of G decaying by 0.99 (none),
     * over the last hundred or so G steps, which smooths the samples of a short run. Every component
     * is the paper's.
     */
    public static WganGpConfig cpu() {
        return new WganGpConfig(32, 1, 32, 32, 0, false, 128, 32, 32, 2e-4, 0, 0.9, 1e-8, 5, 10, 0, 1, 0.1, 0.99);
    }

    /** Both learning rates before G step {@code g}: linear decay to 0 over {@code decaySteps}. */
    public double learningRateAt(long g) {
        return decaySteps == 0 ? learningRate : learningRate * Math.max(0, 1 - (double) g / decaySteps);
    }
}
