package org.gen4j.models.biggan;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.sagan.Architecture;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.nn.WeightInit;

/**
 * BigGAN-deep's settings (Brock et al. 2019, appendix B; BigGAN-PyTorch's {@code BigGANdeep.py}
 * and its launch script where the paper is silent).
 *
 * @param resolution image side: 32, 64, 128 or 256 (the paper: 128, ImageNet)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (2048)
 * @param numClasses classes; set from the dataset (0 when unconditional)
 * @param conditional whether G and D take the class
 * @param zDim latent length (128), concatenated with the shared embedding
 * @param sharedDim length of the shared class embedding (128)
 * @param ch width multiplier of the {@link Architecture} plan (128)
 * @param depth residual blocks per resolution in G and D (2)
 * @param channelRatio bottleneck reduction of the blocks (4)
 * @param attentionResolution feature-map side of the self-attention block (64; 0 for none)
 * @param init weight initialisation (orthogonal)
 * @param gLearningRate G's Adam step size (5e-5, as BigGAN)
 * @param dLearningRate D's Adam step size (2e-4)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.999)
 * @param adamEpsilon Adam epsilon (1e-6)
 * @param dSteps D steps per G step (2)
 * @param orthoBeta weight of G's orthogonal regularisation (1e-4)
 * @param emaDecay per-step decay of G's moving average (0.9999)
 * @param emaStart G steps before the average starts to decay (20000)
 * @param standingStats forward passes of standing batch-norm statistics before sampling (16; 0 for the running ones)
 */
public record BigGanDeepConfig(
        int resolution,
        int imageChannels,
        int batch,
        int numClasses,
        boolean conditional,
        int zDim,
        int sharedDim,
        int ch,
        int depth,
        int channelRatio,
        int attentionResolution,
        WeightInit init,
        double gLearningRate,
        double dLearningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int dSteps,
        double orthoBeta,
        double emaDecay,
        int emaStart,
        int standingStats) implements DeepNetworks.Settings {

    public BigGanDeepConfig {
        HingeGan.checkSettings(resolution, imageChannels, batch, conditional, numClasses, zDim, ch, attentionResolution, gLearningRate,
                dLearningRate, beta1, beta2, adamEpsilon, dSteps, emaDecay, emaStart, standingStats);
        ConfigChecks.positive("sharedDim", sharedDim);
        ConfigChecks.positive("depth", depth);
        Gen4jException.check(channelRatio >= 1 && ch % channelRatio == 0, "channelRatio must be at least 1 and divide ch %d, got %d.", ch,
                channelRatio);
        ConfigChecks.notNegative("orthoBeta", orthoBeta);
    }

    /** The paper's ImageNet model at 128x128 with 1000 classes. */
    public static BigGanDeepConfig paper() {
        return new BigGanDeepConfig(128, 3, 2048, 1000, true, 128, 128, 128, 2, 4, 64, WeightInit.ORTHOGONAL, 5e-5, 2e-4, 0, 0.999,
                1e-6, 2, 1e-4, 0.9999, 20000, 16);
    }

    /**
     * gen4j's CPU preset for 32x32 images with 10 classes, on BigGAN's CIFAR-script settings (see
     * {@link BigGanConfig#cpu}): width 16 (64 channels, bottlenecks of 16), two blocks per
     * resolution, no attention, 2 D steps per G step, learning rates 2e-4, N(0, 0.02) initialisation,
     * a minibatch of 50, and the moving average decaying by 0.999 from G step 1000.
     */
    public static BigGanDeepConfig cpu() {
        return new BigGanDeepConfig(32, 1, 50, 10, true, 128, 128, 16, 2, 4, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 2, 1e-4,
                0.999, 1000, 0);
    }
}
