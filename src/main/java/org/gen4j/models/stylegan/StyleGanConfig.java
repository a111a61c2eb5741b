package org.gen4j.models.stylegan;

import org.gen4j.models.gan.ConfigChecks;

/**
 * StyleGAN's settings ("A Style-Based Generator Architecture for Generative Adversarial
 * Networks", Karras et al., CVPR 2019, section 2 and appendix C; NVIDIA's official
 * {@code train.py} for FFHQ). Channel counts follow ProGAN's: the blocks at side {@code 2^s} have
 * {@code min(fmapBase / 2^(s-1), fmapMax)} feature maps.
 *
 * @param resolution final image side, a power of two from 8 up; training grows from 4x4
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (the official code varies it by resolution and GPU count; gen4j keeps one)
 * @param zDim latent z length (512)
 * @param wDim intermediate latent w length (512)
 * @param mappingLayers fully connected layers of the mapping network (8)
 * @param mappingLrMul learning-rate multiplier of the mapping network (0.01)
 * @param fmapBase channel budget (8192)
 * @param fmapMax channel cap (512)
 * @param stableKimg images (thousands) at each resolution before the next fades in (600)
 * @param fadeKimg images (thousands) over which a new resolution fades in (600)
 * @param learningRate Adam step size (0.001 up to 64x64; the official code raises it from 128x128 on)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.99)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param r1Gamma R1 weight gamma, applied every step (10)
 * @param styleMixing probability of mixing two latents in a training sample (0.9)
 * @param emaKimg half-life of the generator's moving average in thousands of images (10)
 * @param mbstdGroup minibatch standard deviation group size (4)
 * @param wAvgBeta decay of the tracked average w used by truncation (0.995)
 * @param resetOptimizerOnGrow forget Adam moments when a fade-in starts or ends (official: true)
 */
public record StyleGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int zDim,
        int wDim,
        int mappingLayers,
        double mappingLrMul,
        int fmapBase,
        int fmapMax,
        double stableKimg,
        double fadeKimg,
        double learningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        double r1Gamma,
        double styleMixing,
        double emaKimg,
        int mbstdGroup,
        double wAvgBeta,
        boolean resetOptimizerOnGrow) {

    public StyleGanConfig {
        ConfigChecks.images(resolution, 8, imageChannels, batch);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("wDim", wDim);
        ConfigChecks.positive("mappingLayers", mappingLayers);
        ConfigChecks.positive("mappingLrMul", mappingLrMul);
        ConfigChecks.positive("fmapBase", fmapBase);
        ConfigChecks.positive("fmapMax", fmapMax);
        ConfigChecks.positive("stableKimg", stableKimg);
        ConfigChecks.positive("fadeKimg", fadeKimg);
        ConfigChecks.adam(learningRate, beta1, beta2, adamEpsilon);
        ConfigChecks.notNegative("r1Gamma", r1Gamma);
        ConfigChecks.probability("styleMixing", styleMixing);
        ConfigChecks.notNegative("emaKimg", emaKimg);
        ConfigChecks.notNegative("mbstdGroup (0 turns the layer off)", mbstdGroup);
        ConfigChecks.fraction("wAvgBeta", wAvgBeta);
    }

    /** The paper's FFHQ setup at the given resolution. */
    public static StyleGanConfig paper(int resolution, int imageChannels) {
        return new StyleGanConfig(resolution, imageChannels, 32, 512, 512, 8, 0.01, 8192, 512, 600, 600,
                0.001, 0, 0.99, 1e-8, 10, 0.9, 10, 4, 0.995, true);
    }

    /**
     * gen4j's CPU preset for 32x32 images on two cores. Deviations from the paper, all of size or
     * of the short schedule: ProGAN's CPU channel counts (64 up to 16x16, 32 at 32x32; paper 512),
     * 128-d z and w (512), a minibatch of 16, 15 + 15 kimg per growth phase (600 + 600) and a
     * moving-average half-life of 1 kimg (10) so the average follows a run this short. R1 gamma is
     * the paper's 10: with stylegan2-ada's 0.01 for 32x32 images the growing generator collapsed to
     * one shape on the emoji, at 16x16 as at 32x32. The 8-layer mapping network, style mixing,
     * noise, AdaIN and blurred resampling are the paper's.
     */
    public static StyleGanConfig cpu(int resolution, int imageChannels) {
        return new StyleGanConfig(resolution, imageChannels, 16, 128, 128, 8, 0.01, 512, 64, 15, 15,
                0.001, 0, 0.99, 1e-8, 10, 0.9, 1, 4, 0.995, true);
    }

    /** Feature maps of the blocks at side {@code 2^log2Res}. */
    public int channelsAt(int log2Res) {
        return Math.min(fmapBase >> (log2Res - 1), fmapMax);
    }

    public int log2Resolution() {
        return Integer.numberOfTrailingZeros(resolution);
    }

    /** Two ws per resolution: {@code 2 log2(R) - 2}. */
    public int numWs() {
        return 2 * log2Resolution() - 2;
    }
}
