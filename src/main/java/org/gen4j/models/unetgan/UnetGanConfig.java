package org.gen4j.models.unetgan;

import org.gen4j.models.biggan.HierarchicalLatents;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.nn.WeightInit;

/**
 * U-Net GAN's settings (Schonfeld et al. 2020, sections 3 and 4; the authors' COCO-Animals script
 * {@code train_cocoanimals.sh}, the conditional one, where the paper is silent).
 *
 * @param resolution image side: 32, 64, 128 or 256 (COCO-Animals: 128)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (80)
 * @param numClasses classes; set from the dataset (0 when unconditional)
 * @param conditional whether G and D take the class (COCO-Animals: yes; FFHQ and CelebA: no)
 * @param zDim latent length (128)
 * @param sharedDim length of G's shared class embedding (128)
 * @param hierarchical whether z is split over G's blocks
 * @param ch width multiplier of G's plan and the U-Net's (64)
 * @param init weight initialisation (orthogonal)
 * @param gLearningRate G's Adam step size (5e-5)
 * @param dLearningRate D's Adam step size (2e-4)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.999)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param dSteps D steps per G step (1)
 * @param mixProbability the probability that a D step is a CutMix step once warmed up (0.5)
 * @param mixWarmupKimg images over which that probability rises linearly from 0 (COCO-Animals: 200 epochs)
 * @param consistencyWeight weight of the per-pixel consistency regulariser (1)
 * @param emaDecay per-step decay of G's moving average (0.9999)
 * @param emaStart G steps before the average starts to decay (0)
 * @param standingStats forward passes of standing batch-norm statistics before sampling (100)
 */
public record UnetGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int numClasses,
        boolean conditional,
        int zDim,
        int sharedDim,
        boolean hierarchical,
        int ch,
        WeightInit init,
        double gLearningRate,
        double dLearningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int dSteps,
        double mixProbability,
        double mixWarmupKimg,
        double consistencyWeight,
        double emaDecay,
        int emaStart,
        int standingStats) implements HingeGan.Settings {

    public UnetGanConfig {
        HingeGan.checkSettings(resolution, imageChannels, batch, conditional, numClasses, zDim, ch, 0, gLearningRate, dLearningRate,
                beta1, beta2, adamEpsilon, dSteps, emaDecay, emaStart, standingStats);
        HierarchicalLatents.checkChunks(hierarchical, zDim, resolution);
        ConfigChecks.positive("sharedDim", sharedDim);
        ConfigChecks.probability("mixProbability", mixProbability);
        ConfigChecks.notNegative("mixWarmupKimg", mixWarmupKimg);
        ConfigChecks.notNegative("consistencyWeight", consistencyWeight);
    }

    /** The authors' COCO-Animals setup at 128x128 (10 classes, about 38,000 images: 200 epochs are 7,600 kimg). */
    public static UnetGanConfig paper() {
        return new UnetGanConfig(128, 3, 80, 10, true, 128, 128, false, 64, WeightInit.ORTHOGONAL, 5e-5, 2e-4, 0, 0.999, 1e-8, 1, 0.5,
                7600, 1, 0.9999, 0, 100);
    }

    /**
     * gen4j's CPU preset for 32x32 images: width 16 (64 channels in G's blocks, 16 to 64 in the
     * U-Net), a minibatch of 32, the paper's learning rates (G 5e-5, D 2e-4: with 2e-4 for both, as
     * BigGAN-PyTorch's CIFAR script has it, G collapsed to about one image per class and a 40 kimg
     * emoji run ended at FID 128.6 against 46.5), the CutMix probability warming up
     * over the first 20 kimg, and the moving average decaying by 0.999 from G step 1000 with the
     * running batch-norm statistics (0.9999 from the start, with 100 standing passes).
     */
    public static UnetGanConfig cpu() {
        return new UnetGanConfig(32, 1, 32, 10, true, 128, 128, true, 16, WeightInit.N02, 5e-5, 2e-4, 0, 0.999, 1e-8, 1, 0.5, 20, 1,
                0.999, 1000, 0);
    }

    /** The probability that a D step mixes, after {@code imagesSeen}: linear from 0 to {@code mixProbability} over the warm-up. */
    public double mixProbabilityAt(long imagesSeen) {
        return mixWarmupKimg == 0 ? mixProbability : mixProbability * Math.min(1, imagesSeen / (mixWarmupKimg * 1000));
    }
}
