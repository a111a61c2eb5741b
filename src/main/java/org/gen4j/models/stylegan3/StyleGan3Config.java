package org.gen4j.models.stylegan3;

import org.gen4j.Gen4jException;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.stylegan2.TrainingSettings;

/**
 * StyleGAN3's settings ("Alias-Free Generative Adversarial Networks", Karras et al., NeurIPS 2021;
 * the defaults of NVlabs/stylegan3 {@code train.py} for {@code --cfg stylegan3-t} and
 * {@code stylegan3-r}). The layer schedule's shape constants are the official defaults (first
 * cutoff 2, first stopband 2^2.1, last stopband 2^0.3 times the last cutoff, filters of 6 taps per
 * unit of resampling, the nonlinearity at twice the rate); {@link LayerSchedule} derives the rest.
 *
 * @param resolution image side, a power of two from 16 up
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (32)
 * @param config {@code t} (translation equivariance: 3x3 convolutions) or {@code r} (rotation too:
 *     1x1 convolutions, radial downsampling filters, and D's input blurred early on)
 * @param zDim latent z length (512)
 * @param wDim intermediate latent w length (512)
 * @param mappingLayers fully connected layers of the mapping network (2)
 * @param mappingLrMul learning-rate multiplier of the mapping network (0.01)
 * @param wAvgBeta decay of the tracked average w used by truncation (0.998)
 * @param channelBase G's feature-map budget: a layer with cutoff {@code f_c} has
 *     {@code min(channelBase / 2 / f_c, channelMax)} channels (32768; config R doubles it)
 * @param channelMax G's feature-map cap (512; config R: 1024)
 * @param dChannelBase D's budget: its blocks at side r have {@code min(dChannelBase / r, dChannelMax)} (32768)
 * @param dChannelMax D's cap (512)
 * @param numLayers synthesis layers before ToRGB (14)
 * @param numCritical critically sampled layers at the end (2)
 * @param marginSize pixels beyond the image on each side of the inner layers (10)
 * @param outputScale the output image's scale (0.25)
 * @param convClamp bound of every layer's activations (256; 0: none)
 * @param gLearningRate G's Adam step (0.0025)
 * @param dLearningRate D's Adam step (0.002)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.99)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param r1Gamma R1 weight (per dataset in the official README: 32 for FFHQ at 1024x1024)
 * @param r1Interval minibatches between lazy R1 passes (16)
 * @param emaKimg half-life of G's moving average in thousands of images ({@code batch * 10 / 32})
 * @param emaRampup the half-life is at most {@code emaRampup * images seen} early on (0.05)
 * @param blurFadeKimg config R: D's input blur fades from sigma 10 to 0 over these thousands of
 *     images ({@code batch * 200 / 32})
 * @param mbstdGroup D's minibatch standard deviation group size (4)
 * @param dMappingLayers layers of D's mapping of the class label, when conditional (8, the official default)
 * @param numClasses classes G and D are conditioned on; set from the dataset (0 when unconditional)
 * @param conditional whether G and D take the class (the official {@code --cond}; default false)
 */
public record StyleGan3Config(
        int resolution,
        int imageChannels,
        int batch,
        String config,
        int zDim,
        int wDim,
        int mappingLayers,
        double mappingLrMul,
        double wAvgBeta,
        int channelBase,
        int channelMax,
        int dChannelBase,
        int dChannelMax,
        int numLayers,
        int numCritical,
        int marginSize,
        double outputScale,
        double convClamp,
        double gLearningRate,
        double dLearningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        double r1Gamma,
        int r1Interval,
        double emaKimg,
        double emaRampup,
        double blurFadeKimg,
        int mbstdGroup,
        int dMappingLayers,
        int numClasses,
        boolean conditional) implements TrainingSettings {

    /** The official first cutoff {@code f_{c,0}}. */
    public static final double FIRST_CUTOFF = 2;
    /** The official first minimum stopband {@code f_{t,0}}. */
    public static final double FIRST_STOPBAND = Math.pow(2, 2.1);
    /** The official last minimum stopband relative to the last cutoff. */
    public static final double LAST_STOPBAND_REL = Math.pow(2, 0.3);
    /** Filter taps per unit of up- or downsampling. */
    public static final int FILTER_SIZE = 6;
    /** The nonlinearity's oversampling. */
    public static final int LRELU_UPSAMPLING = 2;
    /** Config R's initial blur of D's input. */
    public static final double BLUR_INIT_SIGMA = 10;

    public StyleGan3Config {
        ConfigChecks.images(resolution, 16, imageChannels, batch);
        Gen4jException.check("t".equals(config) || "r".equals(config), "config must be t or r, got '%s'.", config);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("wDim", wDim);
        ConfigChecks.positive("mappingLayers", mappingLayers);
        ConfigChecks.positive("mappingLrMul", mappingLrMul);
        ConfigChecks.fraction("wAvgBeta", wAvgBeta);
        ConfigChecks.positive("channelBase", channelBase);
        ConfigChecks.positive("channelMax", channelMax);
        ConfigChecks.positive("dChannelBase", dChannelBase);
        ConfigChecks.positive("dChannelMax", dChannelMax);
        Gen4jException.check(numLayers > numCritical && numCritical >= 0,
                "numLayers (%d) must exceed numCritical (%d), which must not be negative.", numLayers, numCritical);
        ConfigChecks.notNegative("marginSize", marginSize);
        ConfigChecks.positive("outputScale", outputScale);
        ConfigChecks.notNegative("convClamp (0 turns it off)", convClamp);
        ConfigChecks.adam("gLearningRate", gLearningRate, "beta1", beta1, "beta2", beta2, adamEpsilon);
        ConfigChecks.adam("dLearningRate", dLearningRate, "beta1", beta1, "beta2", beta2, adamEpsilon);
        ConfigChecks.notNegative("r1Gamma", r1Gamma);
        ConfigChecks.notNegative("r1Interval (0 turns R1 off)", r1Interval);
        ConfigChecks.notNegative("emaKimg", emaKimg);
        ConfigChecks.notNegative("emaRampup", emaRampup);
        ConfigChecks.notNegative("blurFadeKimg", blurFadeKimg);
        ConfigChecks.notNegative("mbstdGroup (0 turns the layer off)", mbstdGroup);
        ConfigChecks.positive("dMappingLayers", dMappingLayers);
        StyleGan2Config.checkClasses(conditional, numClasses);
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

    /**
     * The paper's configuration at FFHQ's 1024x1024 (official README: {@code --batch 32 --gamma
     * 32}): config T with G's channel base 32768 and cap 512, config R with both doubled.
     */
    public static StyleGan3Config paper(String config) {
        int mul = "r".equals(config) ? 2 : 1;
        return new StyleGan3Config(1024, 3, 32, config, 512, 512, 2, 0.01, 0.998, 32768 * mul, 512 * mul, 32768, 512, 14, 2, 10, 0.25,
                256, 0.0025, 0.002, 0, 0.99, 1e-8, 32, 16, 10, 0.05, 200, 4, 8, 0, false);
    }

    /**
     * gen4j's CPU preset: config T at 32x32 on two cores. Deviations, all of size: G's layers have
     * at most 64 channels (channel base 1024: 64 up to cutoff 8, then falling to 32 at the
     * last cutoff 16) and D 32 at 32x32 and 64 below (paper: 512), 128-d z and w (512), a minibatch of 16 (32; the half-life of
     * the average and the blur's fade follow the official batch-proportional formulas), and R1
     * gamma 0.5 (the anchor's value for 32x32; the official heuristic {@code 0.0002 r^2 / batch}
     * gives 0.013), and a shorter schedule: 8 layers (14) with a margin of 4 pixels (10), by the same
     * formulas, which makes an iteration six times cheaper on CPU (bench, one thread: 1.1 s for 16
     * images against 6.8 s), since the 14-layer schedule spends most of its layers at the highest
     * sampling rate. The filters, the Fourier input and the training are the paper's.
     */
    public static StyleGan3Config cpu() {
        return new StyleGan3Config(32, 1, 16, "t", 128, 128, 2, 0.01, 0.998, 1024, 64, 1024, 64, 8, 2, 4, 0.25, 256, 0.0025, 0.002, 0,
                0.99, 1e-8, 0.5, 16, 16 * 10 / 32.0, 0.05, 16 * 200 / 32.0, 4, 8, 0, false);
    }

    /** The convolutions' kernel: 3 for config T, 1 for R. */
    public int convKernel() {
        return "r".equals(config) ? 1 : 3;
    }

    /** Whether the downsampling filters are radially symmetric (config R). */
    public boolean radialFilters() {
        return "r".equals(config);
    }

    /** The decay of each layer's input-magnitude average per training pass: {@code 0.5^(batch / 20000)} (official). */
    public double magnitudeEmaBeta() {
        return Math.pow(0.5, batch / 20000.0);
    }

    /** The synthesis network's layer schedule. */
    public LayerSchedule schedule() {
        return LayerSchedule.of(resolution, imageChannels, channelBase, channelMax, numLayers, numCritical, FIRST_CUTOFF, FIRST_STOPBAND,
                LAST_STOPBAND_REL, marginSize, convKernel(), FILTER_SIZE, LRELU_UPSAMPLING, radialFilters());
    }

    /** One w for the input, one per layer, one for ToRGB. */
    @Override
    public int numWs() {
        return numLayers + 2;
    }

    @Override
    public int dChannelsAt(int res) {
        return Math.min(dChannelBase / res, dChannelMax);
    }

    /** Config R: {@code 10 max(1 - imagesSeen / (blurFadeKimg 1000), 0)}; config T: none. */
    @Override
    public double blurSigma(long imagesSeen) {
        if (!radialFilters() || blurFadeKimg == 0) {
            return 0;
        }
        return Math.max(1 - imagesSeen / (blurFadeKimg * 1000), 0) * BLUR_INIT_SIGMA;
    }

    /** StyleGAN3 trains without path-length regularisation. */
    @Override
    public double plWeight() {
        return 0;
    }

    @Override
    public int plInterval() {
        return 0;
    }

    @Override
    public int plBatchShrink() {
        return 1;
    }

    @Override
    public double plDecay() {
        return 0.01;
    }

    /** StyleGAN3 trains without style mixing. */
    @Override
    public double styleMixing() {
        return 0;
    }
}
