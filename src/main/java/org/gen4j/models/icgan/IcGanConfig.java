package org.gen4j.models.icgan;

import org.gen4j.Gen4jException;
import org.gen4j.models.biggan.HierarchicalLatents;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.nn.WeightInit;

/**
 * IC-GAN's settings (Casanova et al. 2021, section 3 and appendix; the authors'
 * {@code icgan_res64.json}, ImageNet 64x64, where the paper is silent).
 *
 * @param resolution image side: 32, 64, 128 or 256 (64)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (256)
 * @param numClasses classes of the class-conditional form; set from the dataset (0 for the instance-only IC-GAN)
 * @param conditional the class-conditional form cc-IC-GAN: instance features plus class (the paper's IC-GAN: false)
 * @param zDim latent length (120: five chunks of 24 at 64x64)
 * @param sharedDim length of the class embedding of the class-conditional form (128)
 * @param featureDim length of the projection of the instance features that G's batch norms read (512)
 * @param ch width multiplier of BigGAN's plan (64)
 * @param attentionResolution feature-map side of the self-attention blocks (32; 0 for none)
 * @param init weight initialisation (orthogonal)
 * @param gLearningRate G's Adam step size (1e-4)
 * @param dLearningRate D's Adam step size (1e-4)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.999)
 * @param adamEpsilon Adam epsilon (1e-6)
 * @param dSteps D steps per G step (1)
 * @param neighbours k, the neighbours of an instance (50)
 * @param featureNet the frozen feature network: a gen4j featnet file or a TorchScript file; empty for the built-in
 *     Fashion-MNIST classifier (the paper's SwAV ResNet-50 is not available offline)
 * @param emaDecay per-step decay of G's moving average (0.9999)
 * @param emaStart G steps before the average starts to decay (20000)
 * @param standingStats forward passes of standing batch-norm statistics before sampling (0: the running ones)
 */
public record IcGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int numClasses,
        boolean conditional,
        int zDim,
        int sharedDim,
        int featureDim,
        int ch,
        int attentionResolution,
        WeightInit init,
        double gLearningRate,
        double dLearningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int dSteps,
        int neighbours,
        String featureNet,
        double emaDecay,
        int emaStart,
        int standingStats) implements HingeGan.Settings {

    public IcGanConfig {
        HingeGan.checkSettings(resolution, imageChannels, batch, conditional, numClasses, zDim, ch, attentionResolution, gLearningRate,
                dLearningRate, beta1, beta2, adamEpsilon, dSteps, emaDecay, emaStart, standingStats);
        HierarchicalLatents.checkChunks(true, zDim, resolution);
        ConfigChecks.positive("sharedDim", sharedDim);
        ConfigChecks.positive("featureDim", featureDim);
        ConfigChecks.positive("neighbours", neighbours);
        Gen4jException.check(featureNet != null, "featureNet must be a path or empty (the built-in network).");
    }

    /** The authors' ImageNet 64x64 IC-GAN, with gen4j's built-in feature network in place of SwAV. */
    public static IcGanConfig paper() {
        return new IcGanConfig(64, 3, 256, 0, false, 120, 128, 512, 64, 32, WeightInit.ORTHOGONAL, 1e-4, 1e-4, 0, 0.999, 1e-6, 1, 50, "",
                0.9999, 20000, 0);
    }

    /**
     * gen4j's CPU preset for 32x32 images: width 16 (64 channels), 128-d z in four chunks, a
     * minibatch of 50, no attention, learning rates 2e-4 (BigGAN's CIFAR values: more learning per
     * short run than 1e-4), k = 20 neighbours (50 in an ImageNet of 1.2 million images; a few
     * thousand emoji would make 50 a broad neighbourhood), N(0, 0.02) initialisation and the moving
     * average decaying by 0.999 from G step 1000.
     */
    public static IcGanConfig cpu() {
        return new IcGanConfig(32, 1, 50, 0, false, 128, 128, 512, 16, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 1, 20, "",
                0.999, 1000, 0);
    }
}
