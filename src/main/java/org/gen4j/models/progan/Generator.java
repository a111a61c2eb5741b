package org.gen4j.models.progan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.EqualizedConv2d;
import org.gen4j.nn.EqualizedLinear;
import org.gen4j.nn.Module;
import org.gen4j.ops.Normalization;
import org.gen4j.ops.Resample;
import org.gen4j.ops.Shapes;

/**
 * ProGAN's generator (Karras et al. 2018, table 2): the latent, pixel-normalised, becomes a 4x4
 * map through a dense layer (a 4x4 "deconvolution"), then every block doubles the resolution by
 * nearest-neighbour upsampling followed by two 3x3 convolutions. Every convolution is followed by
 * leaky ReLU (0.2) and pixelwise feature normalisation; a 1x1 {@code toRGB} convolution with a
 * linear output turns features into an image at each resolution. All layers use the equalized
 * learning rate.
 */
final class Generator extends Module {

    private static final double SQRT2 = Math.sqrt(2);
    private static final double PN_EPS = 1e-8;
    private static final float SLOPE = 0.2f;

    private final ProGanConfig config;
    private final EqualizedLinear dense;
    private final EqualizedConv2d conv4;
    private final List<Block> blocks = new ArrayList<>(); // blocks.get(i) works at 8 << i
    private final List<EqualizedConv2d> toRgb = new ArrayList<>(); // toRgb.get(i) reads 4 << i

    /** Two 3x3 convolutions after a 2x upsampling. */
    private static final class Block extends Module {
        final EqualizedConv2d conv0;
        final EqualizedConv2d conv1;

        Block(NDManager m, RandomGenerator rng, int in, int out) {
            conv0 = child("conv0", new EqualizedConv2d(m, rng, in, out, 3, 1, SQRT2));
            conv1 = child("conv1", new EqualizedConv2d(m, rng, out, out, 3, 1, SQRT2));
        }

        NDArray forward(NDArray x) {
            NDArray y = act(conv0.forward(Resample.upsample2x(x)));
            return act(conv1.forward(y));
        }
    }

    Generator(NDManager manager, RandomGenerator rng, ProGanConfig config) {
        this.config = config;
        int nf = config.channelsAt(2);
        dense = child("dense4", new EqualizedLinear(manager, rng, config.latentDim(), nf * 16, SQRT2 / 4));
        conv4 = child("conv4", new EqualizedConv2d(manager, rng, nf, nf, 3, 1, SQRT2));
        toRgb.add(child("torgb4", new EqualizedConv2d(manager, rng, nf, config.imageChannels(), 1, 0, 1)));
        for (int r = 3; r <= config.log2Resolution(); r++) {
            int res = 1 << r;
            blocks.add(child("block" + res, new Block(manager, rng, config.channelsAt(r - 1), config.channelsAt(r))));
            toRgb.add(child("torgb" + res, new EqualizedConv2d(manager, rng, config.channelsAt(r), config.imageChannels(), 1, 0, 1)));
        }
    }

    private static NDArray act(NDArray x) {
        return Normalization.pixelNorm(Activation.leakyRelu(x, SLOPE), PN_EPS);
    }

    /**
     * @param z latents {@code [N, latentDim]}
     * @return images {@code [N, C, R, R]} at the growth state's resolution R, linear output
     */
    NDArray forward(NDArray z, Growth growth) {
        Shapes.check(z, "generator latent", Shapes.ANY, config.latentDim());
        long n = z.getShape().get(0);
        int nf = config.channelsAt(2);
        NDArray x = dense.forward(Normalization.pixelNorm(z, PN_EPS)).reshape(n, nf, 4, 4);
        x = act(conv4.forward(act(x)));
        int level = Integer.numberOfTrailingZeros(growth.resolution()) - 2; // 0 at 4x4
        for (int i = 0; i < level - 1; i++) {
            x = blocks.get(i).forward(x);
        }
        if (level == 0) {
            return toRgb.get(0).forward(x);
        }
        NDArray image = toRgb.get(level).forward(blocks.get(level - 1).forward(x));
        if (!growth.fading()) {
            return image;
        }
        return Resample.lerp(Resample.upsample2x(toRgb.get(level - 1).forward(x)), image, growth.alpha());
    }

    /** Names of the sub-modules a forward pass at {@code growth} uses. */
    List<String> activeModules(Growth growth) {
        int level = Integer.numberOfTrailingZeros(growth.resolution()) - 2;
        List<String> names = new ArrayList<>(List.of("dense4", "conv4", "torgb" + growth.resolution()));
        for (int i = 0; i < level; i++) {
            names.add("block" + (8 << i));
        }
        if (growth.fading()) {
            names.add("torgb" + growth.resolution() / 2);
        }
        return names;
    }
}
