package org.gen4j.models.biggan;

import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.sagan.Architecture;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.nn.WeightInit;

/**
 * BigGAN's settings ("Large Scale GAN Training for High Fidelity Natural Image Synthesis", Brock,
 * Donahue and Simonyan, ICLR 2019, section 3 and appendices B and C; BigGAN-PyTorch where the
 * paper is silent).
 *
 * @param resolution image side: 32, 64, 128 or 256 (the paper: 128, ImageNet)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (2048)
 * @param numClasses classes the model is conditioned on; set from the dataset (0 when unconditional)
 * @param conditional whether G and D take the class; the paper's model does
 * @param zDim latent length (120 at 128x128: six chunks of 20); with {@code hierarchical} it must divide by blocks + 1
 * @param sharedDim length of the shared class embedding (128)
 * @param hierarchical whether z is split over the blocks (section 3, "hierarchical latent spaces")
 * @param ch width multiplier of the {@link Architecture} plan (96)
 * @param attentionResolution feature-map side after which G and D have their self-attention block (64; 0 for none)
 * @param init weight initialisation (orthogonal, appendix C)
 * @param gLearningRate G's Adam step size (5e-5)
 * @param dLearningRate D's Adam step size (2e-4)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.999)
 * @param adamEpsilon Adam epsilon (BigGAN-PyTorch's ImageNet scripts: 1e-6)
 * @param dSteps D steps per G step (2)
 * @param orthoBeta weight of the orthogonal regularisation of G's weights (1e-4; section 3.1)
 * @param emaDecay per-step decay of G's moving average (0.9999)
 * @param emaStart G steps before the average starts to decay (BigGAN-PyTorch's ImageNet scripts: 20000)
 * @param standingStats forward passes of standing batch-norm statistics before sampling (BigGAN-PyTorch: 16; 0 for the running ones)
 */
public record BigGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int numClasses,
        boolean conditional,
        int zDim,
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
        double orthoBeta,
        double emaDecay,
        int emaStart,
        int standingStats) implements BigGan.Settings {

    public BigGanConfig {
        HingeGan.checkSettings(resolution, imageChannels, batch, conditional, numClasses, zDim, ch, attentionResolution, gLearningRate,
                dLearningRate, beta1, beta2, adamEpsilon, dSteps, emaDecay, emaStart, standingStats);
        HierarchicalLatents.checkChunks(hierarchical, zDim, resolution);
        ConfigChecks.positive("sharedDim", sharedDim);
        ConfigChecks.notNegative("orthoBeta", orthoBeta);
    }

    /** The paper's ImageNet model at 128x128 with 1000 classes. */
    public static BigGanConfig paper() {
        return new BigGanConfig(128, 3, 2048, 1000, true, 120, 128, true, 96, 64, WeightInit.ORTHOGONAL, 5e-5, 2e-4, 0, 0.999, 1e-6,
                2, 1e-4, 0.9999, 20000, 16);
    }

    /**
     * gen4j's CPU preset for 32x32 images with 10 classes, from BigGAN-PyTorch's CIFAR script:
     * learning rates 2e-4 for both, N(0, 0.02) initialisation, no attention, a minibatch of 50 and the
     * moving average starting after 1000 G steps. Deviations of size and length: width 16 (64
     * channels in every block; the script's 64 gives 256), the paper's 2 D steps per G step (the
     * script's 4 would leave a short run a quarter of its G steps), and the moving average decaying
     * by 0.999 (0.9999) so that it follows a run of a few thousand G steps. BigGAN's components are
     * kept where the CIFAR script turns them off: the shared embedding, hierarchical latents and
     * orthogonal regularisation (beta 1e-4).
     */
    public static BigGanConfig cpu() {
        return new BigGanConfig(32, 1, 50, 10, true, 128, 128, true, 16, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 2, 1e-4, 0.999,
                1000, 0);
    }
}
