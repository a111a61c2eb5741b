package org.gen4j.models.adcgan;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.biggan.HierarchicalLatents;
import org.gen4j.models.sagan.Architecture;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.nn.WeightInit;

/**
 * ADC-GAN's settings (Hou et al., ICML 2022; the authors' CIFAR-10 script
 * {@code launch_cifar10_ema_adcgan.sh} where the paper is silent). ADC-GAN models p(x|y) by
 * construction: its classifier needs the classes, so it has no unconditional form.
 *
 * @param resolution image side: 32, 64, 128 or 256 (CIFAR-10: 32)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (50)
 * @param numClasses classes; set from the dataset
 * @param zDim latent length (128)
 * @param sharedEmbedding whether G's batch norms read BigGAN's shared class embedding (the Tiny-ImageNet script) rather
 *     than per-class tables (the CIFAR script)
 * @param sharedDim length of the shared embedding (128)
 * @param hierarchical whether z is split over G's blocks, with the shared embedding (CIFAR: no)
 * @param ch width multiplier of the {@link Architecture} plan (64: 256 channels at 32x32)
 * @param attentionResolution feature-map side of the self-attention blocks (CIFAR: 0, none)
 * @param init weight initialisation (CIFAR: N(0, 0.02))
 * @param gLearningRate G's Adam step size (2e-4)
 * @param dLearningRate D's Adam step size (2e-4)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.999)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param dSteps D steps per G step (4)
 * @param lambdaD weight of the classifier loss in D's objective (1)
 * @param lambdaG weight of the classifier term in G's objective (1)
 * @param emaDecay per-step decay of G's moving average (0.9999)
 * @param emaStart G steps before the average starts to decay (1000)
 * @param standingStats forward passes of standing batch-norm statistics before sampling (0: the running ones)
 */
public record AdcGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int numClasses,
        int zDim,
        boolean sharedEmbedding,
        int sharedDim,
        boolean hierarchical,
        int ch,
        int attentionResolution,
        WeightInit init,
        double gLearningRate,
        double dLearningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int dSteps,
        double lambdaD,
        double lambdaG,
        double emaDecay,
        int emaStart,
        int standingStats) implements HingeGan.Settings {

    public AdcGanConfig {
        HingeGan.checkSettings(resolution, imageChannels, batch, true, numClasses, zDim, ch, attentionResolution, gLearningRate,
                dLearningRate, beta1, beta2, adamEpsilon, dSteps, emaDecay, emaStart, standingStats);
        Gen4jException.check(numClasses >= 2, "ADC-GAN needs at least two classes, got numClasses=%d.", numClasses);
        Gen4jException.check(!hierarchical || sharedEmbedding, "hierarchical latents need sharedEmbedding=true, as in BigGAN.");
        HierarchicalLatents.checkChunks(hierarchical, zDim, resolution);
        ConfigChecks.positive("sharedDim", sharedDim);
        ConfigChecks.notNegative("lambdaD", lambdaD);
        ConfigChecks.notNegative("lambdaG", lambdaG);
    }

    /** The authors' CIFAR-10 setup. */
    public static AdcGanConfig paper() {
        return new AdcGanConfig(32, 3, 50, 10, 128, false, 128, false, 64, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 4, 1, 1,
                0.9999, 1000, 0);
    }

    /**
     * gen4j's CPU preset: the CIFAR-10 setup with width 16 (64 channels in every block; 256), 2 D
     * steps per G step (4; BigGAN's paper value, which gives a short run twice the G steps) and a
     * moving average decaying by 0.999 (0.9999) from G step 1000.
     */
    public static AdcGanConfig cpu() {
        return new AdcGanConfig(32, 1, 50, 10, 128, false, 128, false, 16, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 2, 1, 1,
                0.999, 1000, 0);
    }
}
