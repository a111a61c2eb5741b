package org.gen4j.models.styleganxl;

import org.gen4j.Gen4jException;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.models.stylegan3.LayerSchedule;
import org.gen4j.models.stylegan3.StyleGan3Config;

/**
 * StyleGAN-XL's settings (Sauer, Schwarz, Geiger, SIGGRAPH 2022; the defaults of
 * autonomousvision/stylegan-xl {@code train.py} for {@code --cfg stylegan3-t}). The synthesis
 * network's shape constants are StyleGAN3's ({@link StyleGan3Config}).
 *
 * @param resolution image side, a power of two from 16 up (the stem: 16)
 * @param imageChannels 1 or 3; set from the dataset
 * @param batch minibatch size (paper: 2048 on ImageNet; the official README's examples 64)
 * @param zDim latent z length (64, section 3.1)
 * @param wDim intermediate latent w length (512)
 * @param mappingLayers fully connected layers of the mapping network (2)
 * @param mappingLrMul learning-rate multiplier of the mapping network (0.01)
 * @param wAvgBeta decay of each class's tracked average w, per sample of that class (0.998)
 * @param channelBase G's feature-map budget (32768)
 * @param channelMax G's feature-map cap (512)
 * @param numLayers synthesis layers before ToRGB of the stem (paper: 11 at 16x16, section 3.2)
 * @param numCritical critically sampled layers at the end (2)
 * @param marginSize pixels beyond the image on each side of the inner layers (10)
 * @param outputScale the output image's scale (0.25)
 * @param convClamp bound of every layer's activations (256; 0: none)
 * @param gLearningRate G's Adam step (0.0025)
 * @param dLearningRate D's Adam step (0.002)
 * @param beta1 Adam beta1 (0)
 * @param beta2 Adam beta2 (0.99)
 * @param adamEpsilon Adam epsilon (1e-8)
 * @param emaKimg half-life of G's moving average in thousands of images ({@code batch * 10 / 32})
 * @param emaRampup the half-life is at most {@code emaRampup * images seen} early on (0.05)
 * @param blurSigma D's input is blurred with this Gaussian sigma at the start (2, the official {@code blur_init_sigma})
 * @param blurFadeKimg the blur fades to none over these thousands of images (300)
 * @param projectionNet the frozen feature network of the projected discriminator: a {@code gen4j
 *     featnet train} file; empty for a randomly initialised, frozen one (never the network that
 *     measures FID, which is refused)
 * @param mixChannels channels of the first cross-channel mixing (the official {@code cout}, 64);
 *     the deeper levels take 2, 4 and 8 times as many, halved again by cross-scale mixing
 * @param dChannels channels of each per-scale discriminator's downsampling blocks (official: 256 to 512 by side)
 * @param cmapDim length of the class projection in each per-scale discriminator (64)
 * @param guidanceWeight weight of the classifier-guidance cross-entropy in G's loss (0: off)
 * @param guidanceNet the frozen classifier for guidance: a {@code gen4j featnet train} file;
 *     empty for the projection network, which must then be a trained classifier of the data's classes
 * @param stem a StyleGAN-XL run to grow from: its generator's layers, without the critically
 *     sampled ones and ToRGB, are kept and frozen, and {@code headLayers} new ones appended (empty: train a stem)
 * @param headLayers layers appended per growth stage (paper: 7, section 3.2)
 * @param plWeight path-length regularisation weight (official: 2 for a stem; a grown stage trains without it)
 * @param plStartKimg path-length regularisation starts after these thousands of images (official: 1000)
 * @param numClasses classes G and D are conditioned on; set from the dataset (0 when unconditional)
 * @param conditional whether G and D take the class (default true, as the paper trains on ImageNet's classes)
 */
public record StyleGanXlConfig(
        int resolution,
        int imageChannels,
        int batch,
        int zDim,
        int wDim,
        int mappingLayers,
        double mappingLrMul,
        double wAvgBeta,
        int channelBase,
        int channelMax,
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
        double emaKimg,
        double emaRampup,
        double blurSigma,
        double blurFadeKimg,
        String projectionNet,
        int mixChannels,
        int dChannels,
        int cmapDim,
        double guidanceWeight,
        String guidanceNet,
        String stem,
        int headLayers,
        double plWeight,
        double plStartKimg,
        int numClasses,
        boolean conditional) {

    public StyleGanXlConfig {
        ConfigChecks.images(resolution, 16, imageChannels, batch);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("wDim", wDim);
        ConfigChecks.positive("mappingLayers", mappingLayers);
        ConfigChecks.positive("mappingLrMul", mappingLrMul);
        ConfigChecks.fraction("wAvgBeta", wAvgBeta);
        ConfigChecks.positive("channelBase", channelBase);
        ConfigChecks.positive("channelMax", channelMax);
        Gen4jException.check(numLayers > numCritical && numCritical >= 0,
                "numLayers (%d) must exceed numCritical (%d), which must not be negative.", numLayers, numCritical);
        ConfigChecks.notNegative("marginSize", marginSize);
        ConfigChecks.positive("outputScale", outputScale);
        ConfigChecks.notNegative("convClamp (0 turns it off)", convClamp);
        ConfigChecks.adam("gLearningRate", gLearningRate, "beta1", beta1, "beta2", beta2, adamEpsilon);
        ConfigChecks.adam("dLearningRate", dLearningRate, "beta1", beta1, "beta2", beta2, adamEpsilon);
        ConfigChecks.notNegative("emaKimg", emaKimg);
        ConfigChecks.notNegative("emaRampup", emaRampup);
        ConfigChecks.notNegative("blurSigma", blurSigma);
        ConfigChecks.notNegative("blurFadeKimg", blurFadeKimg);
        Gen4jException.check(projectionNet != null, "projectionNet must be a featnet file or empty (a random frozen network).");
        ConfigChecks.positive("mixChannels", mixChannels);
        ConfigChecks.positive("dChannels", dChannels);
        ConfigChecks.positive("cmapDim", cmapDim);
        ConfigChecks.notNegative("guidanceWeight (0 turns it off)", guidanceWeight);
        Gen4jException.check(guidanceNet != null, "guidanceNet must be a featnet file or empty (the projection network).");
        Gen4jException.check(stem != null, "stem must be a run folder or empty (train a stem).");
        ConfigChecks.notNegative("plWeight (0 turns it off)", plWeight);
        ConfigChecks.notNegative("plStartKimg", plStartKimg);
        Gen4jException.check(headLayers > numCritical, "headLayers (%d) must exceed numCritical (%d).", headLayers, numCritical);
        StyleGan2Config.checkClasses(conditional, numClasses);
        Gen4jException.check(guidanceWeight == 0 || numClasses > 0,
                "classifier guidance (guidanceWeight %s) needs class labels; set guidanceWeight=0 for an unconditional model.", guidanceWeight);
    }

    /**
     * The paper's ImageNet stem at 16x16 RGB (section 3.2 and the official defaults): 11 synthesis
     * layers, channel base 32768 and cap 512, z 64, w 512, batch 2048 (section 4), D's mixing 64
     * channels, 7 head layers per stage, classifier guidance weight 8 (applied once a stem is grown,
     * as the official code applies it only to super-resolution stages); ImageNet's 1000 classes until the data sets them.
     */
    public static StyleGanXlConfig paper() {
        return new StyleGanXlConfig(16, 3, 2048, 64, 512, 2, 0.01, 0.998, 32768, 512, 11, 2, 10, 0.25, 256, 0.0025, 0.002, 0, 0.99,
                1e-8, 2048 * 10 / 32.0, 0.05, 2, 300, "", 64, 256, 64, 8, "", "", 7, 2, 1000, 1000, true);
    }

    /**
     * gen4j's CPU preset: a 16x16 stem of 6 synthesis layers (the official README recommends 7 for
     * small datasets) with at most 32 channels (channel base 512), margins of 4 pixels (10), w 128, batch 16, D's
     * mixing 16 channels and per-scale discriminators of 32; D's input blur fading over 5 kimg (the code's
     * 300 kimg are 150 minibatches of its 2,048 images; over 300 kimg a short run's D would never see a sharp
     * image); 4 head layers per stage (the README's small-data value); no classifier guidance unless a trained classifier is given; Fashion-MNIST's 10
     * classes until the data sets them.
     */
    public static StyleGanXlConfig cpu() {
        return new StyleGanXlConfig(16, 1, 16, 64, 128, 2, 0.01, 0.998, 512, 32, 6, 2, 4, 0.25, 256, 0.0025, 0.002, 0, 0.99, 1e-8,
                16 * 10 / 32.0, 0.05, 2, 5, "", 16, 32, 32, 0, "", "", 4, 2, 1000, 10, true);
    }

    /** The decay of the synthesis layers' input-magnitude averages (unused in training: StyleGAN-XL never moves them). */
    double magnitudeEmaBeta() {
        return Math.pow(0.5, batch / 20000.0);
    }

    /** The stem's layer schedule: StyleGAN3-T's at {@code resolution} with {@code numLayers} layers. */
    public LayerSchedule stemSchedule(int res) {
        return LayerSchedule.of(res, imageChannels, channelBase, channelMax, numLayers, numCritical, StyleGan3Config.FIRST_CUTOFF,
                StyleGan3Config.FIRST_STOPBAND, StyleGan3Config.LAST_STOPBAND_REL, marginSize, 3, StyleGan3Config.FILTER_SIZE,
                StyleGan3Config.LRELU_UPSAMPLING, false);
    }

    /** Rows of the per-class tables (average w): the classes, or one for an unconditional model. */
    int classRows() {
        return Math.max(1, numClasses);
    }

    /** D's input blur sigma at {@code imagesSeen}: {@code blurSigma max(1 - imagesSeen / (blurFadeKimg 1000), 0)}. */
    double blurAt(long imagesSeen) {
        return blurFadeKimg > 1 ? Math.max(1 - imagesSeen / (blurFadeKimg * 1000), 0) * blurSigma : 0;
    }
}
