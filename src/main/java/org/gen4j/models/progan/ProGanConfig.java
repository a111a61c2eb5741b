package org.gen4j.models.progan;

import org.gen4j.models.gan.ConfigChecks;

/**
 * ProGAN's settings (Karras et al. 2018, "Progressive Growing of GANs for Improved Quality,
 * Stability, and Variation", section 3 and appendix A.1). Channel counts follow the official
 * code: the blocks working at {@code 2^s x 2^s} have {@code min(fmapBase / 2^(s-1), fmapMax)}
 * feature maps.
 *
 * @param resolution final image side, a power of two from 4 up
 * @param imageChannels 1 (grayscale) or 3 (RGB); set from the dataset
 * @param batch minibatch size
 * @param latentDim length of the latent z (the paper: 512)
 * @param fmapBase channel budget, halved at every doubling of resolution (the paper: 8192)
 * @param fmapMax channel cap (the paper: 512)
 * @param stableKimg images (thousands) trained at each resolution before the next fades in (the paper: 800)
 * @param fadeKimg images (thousands) over which a new resolution fades in (the paper: 800)
 * @param learningRate Adam step size (0.001)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.99)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param gpLambda WGAN-GP weight lambda (10)
 * @param driftEpsilon weight of the E[D(x)^2] drift term (0.001)
 * @param emaBeta per-step decay of the generator's moving average (0.999)
 * @param mbstdGroup minibatch standard deviation group size (4)
 * @param resetOptimizerOnGrow forget Adam moments when a fade-in starts or ends (official code: true)
 */
public record ProGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int latentDim,
        int fmapBase,
        int fmapMax,
        double stableKimg,
        double fadeKimg,
        double learningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        double gpLambda,
        double driftEpsilon,
        double emaBeta,
        int mbstdGroup,
        boolean resetOptimizerOnGrow) {

    public ProGanConfig {
        ConfigChecks.images(resolution, 4, imageChannels, batch);
        ConfigChecks.positive("latentDim", latentDim);
        ConfigChecks.positive("fmapBase", fmapBase);
        ConfigChecks.positive("fmapMax", fmapMax);
        ConfigChecks.positive("stableKimg", stableKimg);
        ConfigChecks.positive("fadeKimg", fadeKimg);
        ConfigChecks.adam(learningRate, beta1, beta2, adamEpsilon);
        ConfigChecks.notNegative("gpLambda", gpLambda);
        ConfigChecks.notNegative("driftEpsilon", driftEpsilon);
        ConfigChecks.fraction("emaBeta", emaBeta);
        ConfigChecks.notNegative("mbstdGroup (0 turns the layer off)", mbstdGroup);
    }

    /** The paper's setup (appendix A.1) at the given resolution. */
    public static ProGanConfig paper(int resolution, int imageChannels) {
        return new ProGanConfig(resolution, imageChannels, 16, 512, 8192, 512, 800, 800,
                0.001, 0.0, 0.99, 1e-8, 10, 0.001, 0.999, 4, true);
    }

    /**
     * gen4j's CPU preset: recognisable 32x32 Fashion-MNIST garments in about 15 minutes on two
     * cores. Deviations from the paper, all of size: at most 64 feature maps, halving from 64 at
     * 16x16 to 32 at 32x32 (paper: 512), a 128-d latent (512), 15 + 15 kimg per growth phase
     * (800 + 800), and a moving average decaying by 0.99 per step (0.999) so that it follows
     * phases this short. The paper's minibatch of 16 and every component are kept.
     */
    public static ProGanConfig cpu(int resolution, int imageChannels) {
        return new ProGanConfig(resolution, imageChannels, 16, 128, 512, 64, 15, 15,
                0.001, 0.0, 0.99, 1e-8, 10, 0.001, 0.99, 4, true);
    }

    /** Feature maps of the blocks at side {@code 2^log2Res}. */
    public int channelsAt(int log2Res) {
        return Math.min(fmapBase >> (log2Res - 1), fmapMax);
    }

    /** Feature maps at the lowest level (the dense layer of the 4x4 discriminator block). */
    public int channelsBottom() {
        return Math.min(fmapBase, fmapMax);
    }

    /** log2 of the final resolution. */
    public int log2Resolution() {
        return Integer.numberOfTrailingZeros(resolution);
    }
}
