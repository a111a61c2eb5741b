package org.gen4j.models.diffusiongan;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.models.stylegan2.TrainingSettings;

/**
 * Diffusion-GAN on StyleGAN2's backbone: StyleGAN2's settings (see {@link StyleGan2Config}, same
 * names and meanings) and the diffusion's.
 *
 * @param tMin smallest maximum timestep T (10)
 * @param tMax largest T (1000)
 * @param betaStart first beta of the linear schedule (1e-4)
 * @param betaEnd last beta, reached at T (2e-2)
 * @param noiseStd sigma of the diffusion's noise (0.05)
 * @param target target of {@code E[sign(D(x_real))]} that T adapts to (0.6)
 * @param adaKimg thousands of images for the level p behind T to move by one (100)
 * @param timesteps how the timestep table is drawn: {@code priority} or {@code uniform}
 * @param dMappingLayers layers of D's mapping of the timestep (the official D mapping, 2 in its CIFAR-10 setup)
 */
public record DiffusionGanConfig(
        int resolution,
        int imageChannels,
        int batch,
        int zDim,
        int wDim,
        int mappingLayers,
        double mappingLrMul,
        int channelBase,
        int channelMax,
        double learningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        double r1Gamma,
        int r1Interval,
        double plWeight,
        int plInterval,
        int plBatchShrink,
        double plDecay,
        double styleMixing,
        double emaKimg,
        double emaRampup,
        int mbstdGroup,
        double wAvgBeta,
        int tMin,
        int tMax,
        double betaStart,
        double betaEnd,
        double noiseStd,
        double target,
        double adaKimg,
        String timesteps,
        int dMappingLayers) implements TrainingSettings {

    public DiffusionGanConfig {
        backboneOf(resolution, imageChannels, batch, zDim, wDim, mappingLayers, mappingLrMul, channelBase, channelMax, learningRate, beta1,
                beta2, adamEpsilon, r1Gamma, r1Interval, plWeight, plInterval, plBatchShrink, plDecay, styleMixing, emaKimg, emaRampup,
                mbstdGroup, wAvgBeta); // StyleGAN2's checks
        Gen4jException.check(tMin >= 1 && tMin <= tMax, "tMin must be at least 1 and at most tMax %d, got %d.", tMax, tMin);
        Gen4jException.check(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1,
                "betaStart and betaEnd must satisfy 0 < betaStart <= betaEnd < 1, got %s and %s.", betaStart, betaEnd);
        ConfigChecks.positive("noiseStd", noiseStd);
        Gen4jException.check(target > 0 && target < 1, "target must be between 0 and 1 (exclusive), got %s.", target);
        ConfigChecks.positive("adaKimg", adaKimg);
        Diffusion.Timesteps.parse(timesteps);
        ConfigChecks.positive("dMappingLayers", dMappingLayers);
    }

    /** StyleGAN2's settings with the paper's diffusion: T from 10 to 1000, beta 1e-4 to 2e-2, sigma 0.05, target 0.6, ada_kimg 100, priority timesteps. */
    public static DiffusionGanConfig of(StyleGan2Config b, int dMappingLayers) {
        return new DiffusionGanConfig(b.resolution(), b.imageChannels(), b.batch(), b.zDim(), b.wDim(), b.mappingLayers(), b.mappingLrMul(),
                b.channelBase(), b.channelMax(), b.learningRate(), b.beta1(), b.beta2(), b.adamEpsilon(), b.r1Gamma(), b.r1Interval(),
                b.plWeight(), b.plInterval(), b.plBatchShrink(), b.plDecay(), b.styleMixing(), b.emaKimg(), b.emaRampup(), b.mbstdGroup(),
                b.wAvgBeta(), 10, 1000, 1e-4, 2e-2, 0.05, 0.6, 100, "priority", dMappingLayers);
    }

    /** The StyleGAN2 configuration of the backbone. */
    public StyleGan2Config backbone() {
        return backboneOf(resolution, imageChannels, batch, zDim, wDim, mappingLayers, mappingLrMul, channelBase, channelMax, learningRate,
                beta1, beta2, adamEpsilon, r1Gamma, r1Interval, plWeight, plInterval, plBatchShrink, plDecay, styleMixing, emaKimg, emaRampup,
                mbstdGroup, wAvgBeta);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static StyleGan2Config backboneOf(int resolution, int imageChannels, int batch, int zDim, int wDim, int mappingLayers,
            double mappingLrMul, int channelBase, int channelMax, double learningRate, double beta1, double beta2, double adamEpsilon,
            double r1Gamma, int r1Interval, double plWeight, int plInterval, int plBatchShrink, double plDecay, double styleMixing,
            double emaKimg, double emaRampup, int mbstdGroup, double wAvgBeta) {
        return new StyleGan2Config(resolution, imageChannels, batch, zDim, wDim, mappingLayers, mappingLrMul, channelBase, channelMax,
                learningRate, beta1, beta2, adamEpsilon, r1Gamma, r1Interval, plWeight, plInterval, plBatchShrink, plDecay, styleMixing,
                emaKimg, emaRampup, mbstdGroup, wAvgBeta, 8, 0, false);
    }

    @Override
    public int numWs() {
        return backbone().numWs();
    }

    @Override
    public double gLearningRate() {
        return learningRate;
    }

    @Override
    public double dLearningRate() {
        return learningRate;
    }

    @Override
    public int dChannelsAt(int res) {
        return Math.min(channelBase / res, channelMax);
    }

    /** D takes the timestep t, one number, through its conditioning mapping (the official {@code t_dim = 1}). */
    @Override
    public int dConditionDim() {
        return 1;
    }

    @Override
    public int dConditionLayers() {
        return dMappingLayers;
    }
}
