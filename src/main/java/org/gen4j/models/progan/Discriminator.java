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
import org.gen4j.ops.UpFirDn;

/**
 * ProGAN's discriminator (Karras et al. 2018, table 2), the mirror image of the {@link Generator}:
 * a 1x1 {@code fromRGB} convolution, then blocks of two 3x3 convolutions followed by 2x2 average
 * pooling, down to 4x4, where the minibatch standard deviation map is appended before a 3x3
 * convolution, a dense layer (the 4x4 convolution) and a linear output. Leaky ReLU (0.2)
 * throughout, no normalisation, equalized learning rate, no sigmoid (a WGAN critic).
 *
 * <p>StyleGAN (Karras et al. 2019) keeps this discriminator and its growth with blurred
 * downsampling: its blocks filter with [1, 2, 1] before the second convolution and pool before
 * that convolution's activation (official {@code blur2d} and {@code conv2d_downscale2d}); the
 * {@code blurred} variant does so.
 */
public final class Discriminator extends Module {

    private static final double SQRT2 = Math.sqrt(2);
    private static final float SLOPE = 0.2f;
    private static final double MBSTD_EPS = 1e-8;

    private static final float[] BLUR = {0.25f, 0.5f, 0.25f};

    private final int imageChannels;
    private final int mbstdGroup;
    private final List<EqualizedConv2d> fromRgb = new ArrayList<>(); // fromRgb.get(i) reads 4 << i
    private final List<Block> blocks = new ArrayList<>(); // blocks.get(i) reads 8 << i
    private final EqualizedConv2d conv4;
    private final EqualizedLinear dense4;
    private final EqualizedLinear output;

    /** Two 3x3 convolutions, then 2x downsampling (blurred: filter, convolve, pool, activate). */
    private static final class Block extends Module {
        final EqualizedConv2d conv0;
        final EqualizedConv2d conv1;
        final boolean blurred;

        Block(NDManager m, RandomGenerator rng, int in, int out, boolean blurred) {
            this.blurred = blurred;
            conv0 = child("conv0", new EqualizedConv2d(m, rng, in, in, 3, 1, SQRT2));
            conv1 = child("conv1", new EqualizedConv2d(m, rng, in, out, 3, 1, SQRT2));
        }

        NDArray forward(NDArray x) {
            NDArray y = Activation.leakyRelu(conv0.forward(x), SLOPE);
            if (blurred) {
                y = UpFirDn.upfirdn2d(y, BLUR, 1, 1, 1, 1, 1);
                return Activation.leakyRelu(Resample.downsample2x(conv1.forward(y)), SLOPE);
            }
            return Resample.downsample2x(Activation.leakyRelu(conv1.forward(y), SLOPE));
        }
    }

    Discriminator(NDManager manager, RandomGenerator rng, ProGanConfig config) {
        this(manager, rng, config.resolution(), config.imageChannels(), config.fmapBase(), config.fmapMax(), config.mbstdGroup(), false);
    }

    /**
     * A discriminator growing up to {@code resolution}, whose blocks at side {@code 2^s} have
     * {@code min(fmapBase / 2^(s-1), fmapMax)} feature maps.
     *
     * @param mbstdGroup minibatch standard deviation group size; 0 or 1 turns the layer off
     * @param blurred StyleGAN's blurred downsampling blocks instead of ProGAN's
     */
    public Discriminator(NDManager manager, RandomGenerator rng, int resolution, int imageChannels, int fmapBase, int fmapMax,
            int mbstdGroup, boolean blurred) {
        this.imageChannels = imageChannels;
        this.mbstdGroup = mbstdGroup;
        java.util.function.IntUnaryOperator channelsAt = s -> Math.min(fmapBase >> (s - 1), fmapMax);
        int nf = channelsAt.applyAsInt(2);
        fromRgb.add(child("fromrgb4", new EqualizedConv2d(manager, rng, imageChannels, nf, 1, 0, SQRT2)));
        for (int r = 3; r <= Integer.numberOfTrailingZeros(resolution); r++) {
            int res = 1 << r;
            fromRgb.add(child("fromrgb" + res, new EqualizedConv2d(manager, rng, imageChannels, channelsAt.applyAsInt(r), 1, 0, SQRT2)));
            blocks.add(child("block" + res, new Block(manager, rng, channelsAt.applyAsInt(r), channelsAt.applyAsInt(r - 1), blurred)));
        }
        int mb = mbstdGroup > 1 ? 1 : 0;
        int bottom = Math.min(fmapBase, fmapMax);
        conv4 = child("conv4", new EqualizedConv2d(manager, rng, nf + mb, nf, 3, 1, SQRT2));
        dense4 = child("dense4", new EqualizedLinear(manager, rng, nf * 16, bottom, SQRT2));
        output = child("output", new EqualizedLinear(manager, rng, bottom, 1, 1));
    }

    private NDArray fromRgb(int level, NDArray image) {
        return Activation.leakyRelu(fromRgb.get(level).forward(image), SLOPE);
    }

    /**
     * @param image {@code [N, C, R, R]} at the growth state's resolution R
     * @return critic scores {@code [N, 1]}
     */
    public NDArray forward(NDArray image, Growth growth) {
        int res = growth.resolution();
        Shapes.check(image, "discriminator input", Shapes.ANY, imageChannels, res, res);
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
        if (mbstdGroup > 1) {
            x = MinibatchStdDev.apply(x, mbstdGroup, MBSTD_EPS);
        }
        x = Activation.leakyRelu(conv4.forward(x), SLOPE);
        x = Activation.leakyRelu(dense4.forward(x.reshape(x.getShape().get(0), -1)), SLOPE);
        return output.forward(x);
    }

    /** Names of the sub-modules a forward pass at {@code growth} uses. */
    public List<String> activeModules(Growth growth) {
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
