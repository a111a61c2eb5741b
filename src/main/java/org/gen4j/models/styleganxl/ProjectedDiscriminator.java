package org.gen4j.models.styleganxl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.BatchNorm2d;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.FullyConnected;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.Shapes;

/**
 * The trained part of the projected discriminator (Projected GAN, Sauer et al. 2021, section 3.2;
 * official {@code MultiScaleD}): the fixed {@link FeatureMixing} of the feature network's
 * activations, then one small spectrally normalised discriminator per depth that returns a map of
 * patch logits. The frozen feature network itself stays outside, so D's parameters and
 * checkpoints never hold it.
 */
final class ProjectedDiscriminator extends Module {

    private final FeatureMixing mixing;
    private final List<ScaleDiscriminator> discs = new ArrayList<>();

    /**
     * @param featureChannels the feature network's channels per depth
     * @param featureSizes the sides per depth
     * @param classDirections the feature network's class directions {@code [K, d]} to start the
     *     class embeddings from, or {@code null} for random ones
     */
    ProjectedDiscriminator(NDManager m, RandomGenerator rng, StyleGanXlConfig c, int[] featureChannels, int[] featureSizes,
            NDArray classDirections) {
        mixing = child("mix", new FeatureMixing(m, rng, featureChannels, featureSizes, c.mixChannels()));
        int[] ch = mixing.outChannels();
        for (int i = 0; i < ch.length; i++) {
            discs.add(child("disc" + i, new ScaleDiscriminator(m, rng, ch[i], featureSizes[i], c.dChannels(), c.numClasses(), c.cmapDim(),
                    classDirections)));
        }
    }

    FeatureMixing mixing() {
        return mixing;
    }

    /**
     * @param features the feature network's activations per depth
     * @param c one-hot classes {@code [N, numClasses]}, {@code null} when unconditional
     * @return per depth, patch logits {@code [N, 1, h, w]}
     */
    List<NDArray> forward(List<NDArray> features, NDArray c) {
        List<NDArray> mixed = mixing.forward(features);
        List<NDArray> logits = new ArrayList<>();
        for (int i = 0; i < discs.size(); i++) {
            logits.add(discs.get(i).forward(mixed.get(i), c));
        }
        return logits;
    }

    /**
     * One depth's discriminator (official {@code SingleDisc} and {@code SingleDiscCond}):
     * downsampling blocks (spectrally normalised 4x4 convolution with stride 2, batch norm,
     * leaky ReLU 0.2) until the side is 8, then a spectrally normalised convolution without bias of
     * kernel {@code min(4, side)} to one logit per patch, or, conditionally, to {@code cmapDim}
     * channels projected on the class's map {@code lrelu(FC(embed(y)))}:
     * {@code sum_k out_k cmap_k / sqrt(cmapDim)} (Miyato and Koyama's projection, per patch).
     */
    static final class ScaleDiscriminator extends Module {
        private static final int END_SIZE = 8;
        private final List<Conv2d> downs = new ArrayList<>();
        private final List<BatchNorm2d> norms = new ArrayList<>();
        private final Conv2d out;
        private final Embedding embed;
        private final FullyConnected embedProj;
        private final int inChannels;
        private final int cmapDim;

        ScaleDiscriminator(NDManager m, RandomGenerator rng, int inChannels, int size, int channels, int numClasses, int cmapDim,
                NDArray classDirections) {
            this.inChannels = inChannels;
            this.cmapDim = cmapDim;
            int ch = inChannels;
            for (int s = size, i = 0; s > END_SIZE; s /= 2, i++) {
                downs.add(child("down" + i, new Conv2d(m, rng, ch, channels, 4, 2, 1, Init.pytorchDefault(), Bias.PYTORCH, true)));
                norms.add(child("bn" + i, new BatchNorm2d(m, rng, channels, true, 0)));
                ch = channels;
            }
            int end = Math.min(size, END_SIZE);
            out = child("out", new Conv2d(m, rng, ch, numClasses > 0 ? cmapDim : 1, Math.min(4, end), 1, 0, Init.pytorchDefault(), Bias.NONE,
                    true));
            if (numClasses > 0) {
                boolean fromNet = classDirections != null && classDirections.getShape().get(0) == numClasses;
                int dim = fromNet ? (int) classDirections.getShape().get(1) : cmapDim;
                embed = child("embed", new Embedding(m, rng, numClasses, dim, false, Init.normal(1)));
                if (fromNet) {
                    Parameters.assign(embed.weight(), classDirections);
                }
                embedProj = child("embed_proj", new FullyConnected(m, rng, dim, cmapDim, true, 1, 0, true));
            } else {
                embed = null;
                embedProj = null;
            }
        }

        /** {@code [N, in, s, s]} and one-hot classes (or {@code null}) to patch logits {@code [N, 1, h, w]}. */
        NDArray forward(NDArray x, NDArray c) {
            Shapes.check(x, "projected discriminator input", Shapes.ANY, inChannels, Shapes.ANY, Shapes.ANY);
            NDArray h = x;
            for (int i = 0; i < downs.size(); i++) {
                h = Activation.leakyRelu(norms.get(i).forward(downs.get(i).forward(h)), 0.2f);
            }
            NDArray o = out.forward(h);
            if (embed == null) {
                return o;
            }
            NDArray cmap = embedProj.forward(embed.forward(c)).expandDims(2).expandDims(3); // [N, cmapDim, 1, 1]
            return Scalars.mul(o.mul(cmap).sum(new int[] {1}, true), 1 / Math.sqrt(cmapDim));
        }
    }
}
