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
import org.gen4j.ops.MinibatchStdDev;
import org.gen4j.ops.Resample;
import org.gen4j.ops.Shapes;

/**
 * ProGAN's discriminator (Karras et al. 2018, table 2), the mirror image of the {@link Generator}:
 * a 1x1 {@code fromRGB} convolution, then blocks of two 3x3 convolutions followed by 2x2 average
 * pooling, down to 4x4, where the minibatch standard deviation map is appended before a 3x3
 * convolution, a dense layer (the 4x4 convolution) and a linear output. Leaky ReLU (0.2)
 * throughout, no normalisation, equalized learning rate, no sigmoid (a WGAN critic).
 */
final class Discriminator extends Module {

    private static final double SQRT2 = Math.sqrt(2);
    private static final float SLOPE = 0.2f;
    private static final double MBSTD_EPS = 1e-8;

    private final ProGanConfig config;
    private final List<EqualizedConv2d> fromRgb = new ArrayList<>(); // fromRgb.get(i) reads 4 << i
    private final List<Block> blocks = new ArrayList<>(); // blocks.get(i) reads 8 << i
    private final EqualizedConv2d conv4;
    private final EqualizedLinear dense4;
    private final EqualizedLinear output;

    /** Two 3x3 convolutions, then 2x downsampling. */
    private static final class Block extends Module {
        final EqualizedConv2d conv0;
        final EqualizedConv2d conv1;

        Block(NDManager m, RandomGenerator rng, int in, int out) {
            conv0 = child("conv0", new EqualizedConv2d(m, rng, in, in, 3, 1, SQRT2));
            conv1 = child("conv1", new EqualizedConv2d(m, rng, in, out, 3, 1, SQRT2));
        }

        NDArray forward(NDArray x) {
            NDArray y = Activation.leakyRelu(conv0.forward(x), SLOPE);
            return Resample.downsample2x(Activation.leakyRelu(conv1.forward(y), SLOPE));
        }
    }

    Discriminator(NDManager manager, RandomGenerator rng, ProGanConfig config) {
        this.config = config;
        int nf = config.channelsAt(2);
        fromRgb.add(child("fromrgb4", new EqualizedConv2d(manager, rng, config.imageChannels(), nf, 1, 0, SQRT2)));
        for (int r = 3; r <= config.log2Resolution(); r++) {
            int res = 1 << r;
            fromRgb.add(child("fromrgb" + res, new EqualizedConv2d(manager, rng, config.imageChannels(), config.channelsAt(r), 1, 0, SQRT2)));
            blocks.add(child("block" + res, new Block(manager, rng, config.channelsAt(r), config.channelsAt(r - 1))));
        }
        int mb = config.mbstdGroup() > 1 ? 1 : 0;
        conv4 = child("conv4", new EqualizedConv2d(manager, rng, nf + mb, nf, 3, 1, SQRT2));
        dense4 = child("dense4", new EqualizedLinear(manager, rng, nf * 16, config.channelsBottom(), SQRT2));
        output = child("output", new EqualizedLinear(manager, rng, config.channelsBottom(), 1, 1));
    }

    private NDArray fromRgb(int level, NDArray image) {
        return Activation.leakyRelu(fromRgb.get(level).forward(image), SLOPE);
    }

    /**
     * @param image {@code [N, C, R, R]} at the growth state's resolution R
     * @return critic scores {@code [N, 1]}
     */
    NDArray forward(NDArray image, Growth growth) {
        int res = growth.resolution();
        Shapes.check(image, "discriminator input", Shapes.ANY, config.imageChannels(), res, res);
        int level = Integer.numberOfTrailingZeros(res) - 2;
        NDArray x = fromRgb(level, image);
        if (level > 0) {
            x = blocks.get(level - 1).forward(x);
            if (growth.fading()) {
                x = Resample.lerp(fromRgb(level - 1, Resample.downsample2x(image)), x, growth.alpha());
            }
        }
        for (int i = level - 2; i >= 0; i--) {
            x = blocks.get(i).forward(x);
        }
        if (config.mbstdGroup() > 1) {
            x = MinibatchStdDev.apply(x, config.mbstdGroup(), MBSTD_EPS);
        }
        x = Activation.leakyRelu(conv4.forward(x), SLOPE);
        x = Activation.leakyRelu(dense4.forward(x.reshape(x.getShape().get(0), -1)), SLOPE);
        return output.forward(x);
    }

    /** Names of the sub-modules a forward pass at {@code growth} uses. */
    List<String> activeModules(Growth growth) {
        int level = Integer.numberOfTrailingZeros(growth.resolution()) - 2;
        List<String> names = new ArrayList<>(List.of("conv4", "dense4", "output", "fromrgb" + growth.resolution()));
        for (int i = 0; i < level; i++) {
            names.add("block" + (8 << i));
        }
        if (growth.fading()) {
            names.add("fromrgb" + growth.resolution() / 2);
        }
        return names;
    }
}
