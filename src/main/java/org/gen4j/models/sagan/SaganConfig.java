package org.gen4j.models.sagan;

import org.gen4j.nn.WeightInit;

/**
 * SAGAN's settings ("Self-Attention Generative Adversarial Networks", Zhang, Goodfellow, Metaxas
 * and Odena, ICML 2019, section 5; the authors' TensorFlow code where the paper is silent).
 *
 * @param resolution image side: 32, 64, 128 or 256 (the paper: 128, ImageNet)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (256)
 * @param numClasses classes the model is conditioned on; set from the dataset (0 when unconditional)
 * @param conditional whether G and D take the class (conditional batch norm, projection); the paper's model does
 * @param zDim latent length (128)
 * @param ch width multiplier of the {@link Architecture} plan (64)
 * @param attentionResolution feature-map side after which G and D have their self-attention block (the code: 32 at
 *     128x128; 0 for none)
 * @param init weight initialisation (the code: Xavier)
 * @param gLearningRate G's Adam step size (1e-4: the two time-scale update rule)
 * @param dLearningRate D's Adam step size (4e-4)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.9)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param dSteps D steps per G step (1)
 * @param emaDecay per-step decay of G's moving average (0: none, the paper samples G itself)
 * @param emaStart G steps before the average starts to decay
 * @param standingStats forward passes of standing batch-norm statistics before sampling (0: running statistics)
 */
public record SaganConfig(
        int resolution,
        int imageChannels,
        int batch,
        int numClasses,
        boolean conditional,
        int zDim,
        int ch,
        int attentionResolution,
        WeightInit init,
        double gLearningRate,
        double dLearningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int dSteps,
        double emaDecay,
        int emaStart,
        int standingStats) implements HingeGan.Settings {

    public SaganConfig {
        HingeGan.checkSettings(resolution, imageChannels, batch, conditional, numClasses, zDim, ch, attentionResolution, gLearningRate,
                dLearningRate, beta1, beta2, adamEpsilon, dSteps, emaDecay, emaStart, standingStats);
    }

    /** The paper's ImageNet model at 128x128 with 1000 classes. */
    public static SaganConfig paper() {
        return new SaganConfig(128, 3, 256, 1000, true, 128, 64, 32, WeightInit.XAVIER, 1e-4, 4e-4, 0, 0.9, 1e-8, 1, 0, 0, 0);
    }

    /**
     * gen4j's CPU preset for 32x32 images with 10 classes. Deviations, of size: width 16 (64 channels
     * in every block; the paper's 128x128 model has up to 1024), a minibatch of 32 (256), attention
     * at 16x16 (the middle of a 32x32 network, as 32x32 is of the paper's 128x128), and a moving
     * average of G with decay 0.999 from G step 1000 on (none in the paper; BigGAN-PyTorch's SAGAN
     * script keeps one from step 2000), which gives cleaner samples after a short run. Every
     * component and the TTUR learning rates are the paper's.
     */
    public static SaganConfig cpu() {
        return new SaganConfig(32, 1, 32, 10, true, 128, 16, 16, WeightInit.XAVIER, 1e-4, 4e-4, 0, 0.9, 1e-8, 1, 0.999, 1000, 0);
    }
}
