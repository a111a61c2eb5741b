package org.gen4j.models.stylegan2;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;

/**
 * StyleGAN2's settings ("Analyzing and Improving the Image Quality of StyleGAN", Karras et al.,
 * CVPR 2020, appendix B and config F; values as in NVIDIA's stylegan2-ada-pytorch). The blocks at
 * side {@code r} have {@code min(channelBase / r, channelMax)} feature maps.
 *
 * @param resolution image side, a power of two from 8 up; the networks do not grow
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (config F: 32)
 * @param zDim latent z length (512)
 * @param wDim intermediate latent w length (512)
 * @param mappingLayers fully connected layers of the mapping network (8)
 * @param mappingLrMul learning-rate multiplier of the mapping network (0.01)
 * @param channelBase feature-map budget (32768)
 * @param channelMax feature-map cap (512)
 * @param learningRate Adam step size (0.002)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.99)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param r1Gamma R1 weight gamma (10)
 * @param r1Interval minibatches between lazy R1 passes (16; 0 turns R1 off)
 * @param plWeight path-length regularisation weight (2; 0 turns it off)
 * @param plInterval minibatches between lazy path-length passes (4)
 * @param plBatchShrink the path-length pass uses batch / plBatchShrink samples (2)
 * @param plDecay decay of the path-length running mean a (0.01)
 * @param styleMixing probability of mixing two latents in a training sample (0.9)
 * @param emaKimg half-life of the generator's moving average in thousands of images (10)
 * @param emaRampup half-life at most {@code emaRampup * images seen} early on; 0 for none (config F)
 * @param mbstdGroup minibatch standard deviation group size (4)
 * @param wAvgBeta decay of the tracked average w used by truncation (0.995)
 * @param dMappingLayers layers of D's mapping of the class label, when conditional (8: the official
 *     {@code MappingNetwork} default, which the official {@code train.py} leaves for D)
 * @param numClasses classes G and D are conditioned on; set from the dataset (0 when unconditional)
 * @param conditional whether G and D take the class (the official {@code --cond}; default false, as
 *     the official training)
 */
public record StyleGan2Config(
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
        int dMappingLayers,
        int numClasses,
        boolean conditional) implements TrainingSettings {

    public StyleGan2Config {
        ConfigChecks.images(resolution, 8, imageChannels, batch);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("wDim", wDim);
        ConfigChecks.positive("mappingLayers", mappingLayers);
        ConfigChecks.positive("mappingLrMul", mappingLrMul);
        ConfigChecks.positive("channelBase", channelBase);
        ConfigChecks.positive("channelMax", channelMax);
        ConfigChecks.adam(learningRate, beta1, beta2, adamEpsilon);
        ConfigChecks.notNegative("r1Gamma", r1Gamma);
        ConfigChecks.notNegative("plWeight", plWeight);
        ConfigChecks.notNegative("r1Interval (0 turns R1 off)", r1Interval);
        ConfigChecks.notNegative("plInterval (0 turns it off)", plInterval);
        Gen4jException.check(plBatchShrink >= 1 && batch % plBatchShrink == 0,
                "plBatchShrink must be at least 1 and divide the batch %d, got %d.", batch, plBatchShrink);
        Gen4jException.check(plDecay > 0 && plDecay <= 1, "plDecay must lie in (0, 1], got %s.", plDecay);
        ConfigChecks.probability("styleMixing", styleMixing);
        ConfigChecks.notNegative("emaKimg", emaKimg);
        ConfigChecks.notNegative("emaRampup", emaRampup);
        ConfigChecks.notNegative("mbstdGroup (0 turns the layer off)", mbstdGroup);
        ConfigChecks.fraction("wAvgBeta", wAvgBeta);
        ConfigChecks.positive("dMappingLayers", dMappingLayers);
        checkClasses(conditional, numClasses);
    }

    /** A conditional model has classes, an unconditional one none. */
    public static void checkClasses(boolean conditional, int numClasses) {
        Gen4jException.check(conditional ? numClasses >= 1 : numClasses == 0,
                "numClasses must be positive for a conditional model and 0 otherwise, got %d (conditional=%s).", numClasses, conditional);
    }

    /** Config F of the paper, at the given resolution. */
    public static StyleGan2Config paper(int resolution, int imageChannels) {
        return new StyleGan2Config(resolution, imageChannels, 32, 512, 512, 8, 0.01, 32768, 512,
                0.002, 0, 0.99, 1e-8, 10, 16, 2, 4, 2, 0.01, 0.9, 10, 0, 4, 0.995, 8, 0, false);
    }

    /**
     * gen4j's CPU preset for 32x32 images on two cores. Deviations from config F, all of size or
     * of the short schedule: 64 feature maps up to 16x16 and 32 at 32x32 (config F: 512), 128-d
     * z and w (512), a minibatch of 16 (32), R1 gamma 0.01 (10; stylegan2-ada's CIFAR-10 value for
     * 32x32 images), and a moving-average half-life of 5 kimg ramped up over the first 5% of
     * training (10 kimg, no ramp; stylegan2-ada's setting for small batches). The 8-layer mapping
     * network, lazy regularisation, style mixing and every architectural component are config F's.
     */
    public static StyleGan2Config cpu(int resolution, int imageChannels) {
        return new StyleGan2Config(resolution, imageChannels, 16, 128, 128, 8, 0.01, 1024, 64,
                0.002, 0, 0.99, 1e-8, 0.01, 16, 2, 4, 2, 0.01, 0.9, 5, 0.05, 4, 0.995, 8, 0, false);
    }

    /** Feature maps of the blocks at side {@code res}. */
    public int channelsAt(int res) {
        return Math.min(channelBase / res, channelMax);
    }

    /** D's blocks have G's feature maps. */
    @Override
    public int dChannelsAt(int res) {
        return channelsAt(res);
    }

    /** D takes the one-hot class of a conditional model. */
    @Override
    public int dConditionDim() {
        return numClasses;
    }

    @Override
    public int dConditionLayers() {
        return dMappingLayers;
    }

    /** One learning rate for G and D (config F). */
    @Override
    public double gLearningRate() {
        return learningRate;
    }

    @Override
    public double dLearningRate() {
        return learningRate;
    }

    /** log2 of the resolution. */
    public int log2Resolution() {
        return Integer.numberOfTrailingZeros(resolution);
    }

    /**
     * The number of w vectors the synthesis network takes: one per convolution, plus one for the
     * last toRGB (the others share the next block's first w).
     */
    @Override
    public int numWs() {
        return 2 * (log2Resolution() - 2) + 2;
    }
}
