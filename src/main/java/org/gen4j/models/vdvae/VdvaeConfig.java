package org.gen4j.models.vdvae;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;

/**
 * VDVAE's settings (Child, "Very Deep VAEs Generalize Autoregressive Models and Can Outperform Them
 * on Images", ICLR 2021, section 3 and appendix; the official code openai/vdvae, {@code hps.py},
 * where the paper is silent).
 *
 * @param resolution image side, a power of two (32)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (16 per GPU in the paper's CIFAR-10 runs)
 * @param width channels of the residual stream at every resolution (384)
 * @param zdim channels of each latent group z (16)
 * @param bottleneck the bottleneck blocks' inner width as a fraction of {@code width} (0.25)
 * @param encBlocks the encoder's layout, e.g. {@code 32x11,32d2,16x6,...} (see {@link BlockLayout})
 * @param decBlocks the decoder's layout, e.g. {@code 1x1,4m1,4x2,8m4,...}
 * @param mixtures components of the discretized logistic mixture (10)
 * @param learningRate AdamW's step size after the warm-up (2e-4)
 * @param beta1 AdamW's beta1 (0.9)
 * @param beta2 AdamW's beta2 (0.9)
 * @param weightDecay AdamW's decoupled weight decay (0.01)
 * @param warmupIters iterations of the linear learning-rate warm-up from 0 (100; 0: none)
 * @param gradClip the gradient norm is clipped to this (200)
 * @param skipThreshold updates whose gradient norm (before clipping) reaches this are skipped (400)
 * @param emaRate per-step decay of the weights' moving average that sampling and evaluation use (0.9999)
 */
public record VdvaeConfig(
        int resolution,
        int imageChannels,
        int batch,
        int width,
        int zdim,
        double bottleneck,
        String encBlocks,
        String decBlocks,
        int mixtures,
        double learningRate,
        double beta1,
        double beta2,
        double weightDecay,
        int warmupIters,
        double gradClip,
        double skipThreshold,
        double emaRate) {

    public VdvaeConfig {
        ConfigChecks.images(resolution, 1, imageChannels, batch);
        ConfigChecks.positive("width", width);
        ConfigChecks.positive("zdim", zdim);
        Gen4jException.check(bottleneck > 0 && bottleneck <= 1 && (int) (width * bottleneck) >= 1,
                "bottleneck must lie in (0, 1] and leave at least one channel of width %d, got %s.", width, bottleneck);
        ConfigChecks.positive("mixtures", mixtures);
        ConfigChecks.adam(learningRate, beta1, beta2, 1e-8);
        ConfigChecks.notNegative("weightDecay", weightDecay);
        ConfigChecks.notNegative("warmupIters", warmupIters);
        ConfigChecks.positive("gradClip", gradClip);
        ConfigChecks.positive("skipThreshold", skipThreshold);
        ConfigChecks.fraction("emaRate", emaRate);
        layout(encBlocks, decBlocks, resolution);
    }

    /** The paper's CIFAR-10 setup (official {@code hps.py}, {@code cifar10}): 39 M parameters, 16 images per GPU. */
    public static VdvaeConfig cifar10() {
        return new VdvaeConfig(32, 3, 16, 384, 16, 0.25, "32x11,32d2,16x6,16d2,8x6,8d2,4x3,4d4,1x3",
                "1x1,4m1,4x2,8m4,8x5,16m8,16x10,32m16,32x21", 10, 2e-4, 0.9, 0.9, 0.01, 100, 200, 400, 0.9999);
    }

    /**
     * gen4j's CPU preset for 32x32 images: width 64 (384), 2 encoder blocks and 2 decoder blocks per
     * resolution (the paper's CIFAR-10 layout has 3 to 21), 5 mixture components (10), a step size of
     * 1e-3 (2e-4) and a moving average of 0.995 (0.9999), which follow a run of a thousand or two rather
     * than millions of steps. AdamW's betas and weight decay, the warm-up, clipping and skipping are the paper's.
     */
    public static VdvaeConfig cpu() {
        return new VdvaeConfig(32, 1, 16, 64, 16, 0.25, "32x2,32d2,16x2,16d2,8x2,8d2,4x2,4d4,1x1",
                "1x1,4m1,4x1,8m4,8x1,16m8,16x1,32m16,32x1", 5, 1e-3, 0.9, 0.9, 0.01, 100, 200, 400, 0.995);
    }

    /** The parsed and checked block layout. */
    public BlockLayout layout() {
        return layout(encBlocks, decBlocks, resolution);
    }

    private static BlockLayout layout(String enc, String dec, int resolution) {
        return BlockLayout.parse(enc, dec, resolution);
    }

    /** The bottleneck blocks' inner width. */
    public int middleWidth() {
        return (int) (width * bottleneck);
    }

    /** The step size at iteration {@code t} (0-based): a linear ramp from 0 over {@code warmupIters}, as the official code's schedule. */
    public double learningRateAt(long t) {
        return warmupIters == 0 || t >= warmupIters ? learningRate : learningRate * t / warmupIters;
    }
}
