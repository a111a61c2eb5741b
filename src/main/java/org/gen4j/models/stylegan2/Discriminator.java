package org.gen4j.models.stylegan2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.gen4j.Gen4jException;
import org.gen4j.models.style.MappingNetwork;
import org.gen4j.nn.FullyConnected;
import org.gen4j.nn.Module;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Conv;
import org.gen4j.ops.LeakyRelu;
import org.gen4j.ops.MemoryFormat;
import org.gen4j.ops.MinibatchStdDev;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.Shapes;
import org.gen4j.ops.UpFirDn;

/**
 * StyleGAN2's residual discriminator (Karras et al. 2020, figure 7c; official
 * {@code DiscriminatorBlock} with {@code architecture='resnet'}): a 1x1 fromRGB at full
 * resolution, then per resolution two 3x3 convolutions (the second downsampling by 2 after the
 * [1,3,3,1] filter) beside a 1x1 downsampling skip connection, the two summed with weights
 * {@code sqrt(1/2)}; at 4x4 the minibatch standard deviation, a 3x3 convolution, a dense layer and
 * a linear output.
 */
public final class Discriminator extends Module {

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double MBSTD_EPS = 1e-8;

    private final DiscriminatorSettings config;
    private final ConvLayer fromRgb;
    private final List<Block> blocks = new ArrayList<>();
    private final ConvLayer epilogueConv;
    private final FullyConnected epilogueFc;
    private final FullyConnected out;
    private final FullyConnected conditionEmbed;
    private final MappingNetwork conditionMapping;

    /**
     * A layer's output and the map from a gradient with respect to that output to one with respect
     * to the layer's input, written as operations of the forward graph (see
     * {@link #logitsAndInputGradient}).
     */
    record Traced(NDArray out, UnaryOperator<NDArray> inputGradient) {
        /** This layer followed by {@code next}, which was applied to {@link #out}. */
        Traced then(Traced next) {
            return new Traced(next.out(), g -> inputGradient.apply(next.inputGradient().apply(g)));
        }
    }

    /**
     * Equalized-learning-rate convolution with bias and activation, optionally downsampling by 2
     * (official {@code Conv2dLayer}). Output {@code act(conv(x, w / sqrt(fan_in)) + b) * gain},
     * with leaky ReLU's gain sqrt(2), the gain folded into weight and bias.
     */
    static final class ConvLayer extends Module {
        private static final float SLOPE = 0.2f;
        final NDArray weight;
        final NDArray bias;
        final int kernel;
        final boolean lrelu;
        final boolean down;
        final double weightGain;

        ConvLayer(NDManager m, RandomGenerator rng, int in, int out, int kernel, boolean lrelu, boolean down, boolean bias) {
            this.kernel = kernel;
            this.lrelu = lrelu;
            this.down = down;
            this.weightGain = 1 / Math.sqrt((double) in * kernel * kernel);
            weight = parameter("weight", MemoryFormat.channelsLast(normal(m, rng, new Shape(out, in, kernel, kernel))));
            this.bias = bias ? parameter("bias", m.zeros(new Shape(out))) : null;
        }

        NDArray forward(NDArray x, double gain) {
            return traced(x, gain).out();
        }

        /** The layer's output, and the map from a gradient with respect to it to one with respect to {@code x}. */
        Traced traced(NDArray x, double gain) {
            double g = gain * (lrelu ? Math.sqrt(2) : 1);
            NDArray w = Scalars.mul(weight, weightGain * g);
            NDArray b = bias == null ? null : Scalars.mul(bias, g);
            int p = (kernel + UpFirDn.BINOMIAL4.length - 2) / 2;
            NDArray y;
            if (!down) {
                y = Conv.conv2d(x, w, b, kernel / 2);
            } else {
                // conv2d_resample: the [1,3,3,1] filter padded by k/2 + (taps - 1)/2 per side (1 for the 1x1 skip,
                // whose official padding is (1, 1) too), then a stride-2 convolution
                y = UpFirDn.filteredConv2d(x, w, b, UpFirDn.BINOMIAL4, p, 2);
            }
            int size = Math.toIntExact(x.getShape().get(2));
            return new Traced(lrelu ? Activation.leakyRelu(y, SLOPE) : y, grad -> {
                NDArray gy = lrelu ? LeakyRelu.inputGradient(grad, y, SLOPE) : grad;
                return down ? UpFirDn.filteredConv2dInputGradient(gy, w, UpFirDn.BINOMIAL4, p, 2, size)
                        : Conv.convTranspose2d(gy, w, null, 1, kernel / 2);
            });
        }
    }

    /** conv0, downsampling conv1, and the downsampling 1x1 skip. */
    static final class Block extends Module {
        final ConvLayer conv0;
        final ConvLayer conv1;
        final ConvLayer skip;

        Block(NDManager m, RandomGenerator rng, int tmp, int out) {
            conv0 = child("conv0", new ConvLayer(m, rng, tmp, tmp, 3, true, false, true));
            conv1 = child("conv1", new ConvLayer(m, rng, tmp, out, 3, true, true, true));
            skip = child("skip", new ConvLayer(m, rng, tmp, out, 1, false, true, false));
        }

        Traced traced(NDArray x) {
            Traced y = skip.traced(x, SQRT_HALF);
            Traced h = conv0.traced(x, 1);
            Traced main = h.then(conv1.traced(h.out(), SQRT_HALF));
            return new Traced(main.out().addi(y.out()), grad -> main.inputGradient().apply(grad).add(y.inputGradient().apply(grad)));
        }
    }

    public Discriminator(NDManager manager, RandomGenerator rng, DiscriminatorSettings config) {
        this.config = config;
        int r = config.resolution();
        fromRgb = child("fromrgb", new ConvLayer(manager, rng, config.imageChannels(), config.dChannelsAt(r), 1, true, false, true));
        for (int res = r; res >= 8; res /= 2) {
            blocks.add(child("b" + res, new Block(manager, rng, config.dChannelsAt(res), config.dChannelsAt(res / 2))));
        }
        int c4 = config.dChannelsAt(4);
        int mbstd = config.mbstdGroup() > 0 ? 1 : 0;
        epilogueConv = child("b4conv", new ConvLayer(manager, rng, c4 + mbstd, c4, 3, true, false, true));
        epilogueFc = child("b4fc", new FullyConnected(manager, rng, c4 * 16, c4, true, 1, 0, true));
        int cmap = config.dConditionDim() > 0 ? c4 : 0;
        out = child("b4out", new FullyConnected(manager, rng, c4, Math.max(1, cmap), false, 1, 0, true));
        if (cmap > 0) {
            conditionEmbed = child("cembed", new FullyConnected(manager, rng, config.dConditionDim(), cmap, false, 1, 0, true));
            conditionMapping = child("cmapping", new MappingNetwork(manager, rng, cmap, cmap, config.dConditionLayers(), 0.01, true));
        } else {
            conditionEmbed = null;
            conditionMapping = null;
        }
    }

    /**
     * Logits {@code [N]} of images {@code [N, C, R, R]} under conditions {@code [N, dConditionDim]}:
     * the output features projected onto the mapped condition,
     * {@code sum(out(x) * mapping(normalize(embed(c)))) / sqrt(cmapDim)} (official
     * {@code DiscriminatorEpilogue} with {@code cmap_dim > 0}).
     */
    public NDArray forward(NDArray img, NDArray condition) {
        Gen4jException.check(conditionMapping != null, "this discriminator takes no condition");
        return logits(trunk(img).out(), condition);
    }

    /** Logits {@code [N]} of images {@code [N, C, R, R]}, for an unconditioned D. */
    public NDArray forward(NDArray img) {
        Gen4jException.check(conditionMapping == null, "this discriminator needs a condition beside the image");
        return logits(trunk(img).out(), null);
    }

    /**
     * The logits of {@link #forward} and their gradient {@code d sum(logits) / d img}, both
     * differentiable, for R1. Autograd would take the gradient by a backward pass that R1's own
     * backward then differentiates, and libtorch's double backward of a convolution computes the
     * weights' second-order term as a convolution whose kernel is the image (32x32 at the first
     * block), slow on CPU. Here the gradient through the convolution blocks is written out as
     * operations of the forward graph (the adjoint of each layer: transposed convolutions, the
     * leaky ReLU's slope, the filter's adjoint), so R1's backward is a first-order one through
     * them, as the official {@code conv2d_gradfix} arranges on GPUs. Only the 4x4 epilogue
     * (minibatch standard deviation, convolution, dense layers, projection) is differentiated by
     * autograd.
     *
     * @param condition {@code [N, dConditionDim]}, or {@code null} for an unconditioned D
     */
    public Autograd.ValueAndGradient logitsAndInputGradient(NDArray img, NDArray condition) {
        Gen4jException.check((condition == null) == (conditionMapping == null),
                conditionMapping == null ? "this discriminator takes no condition" : "this discriminator needs a condition beside the image");
        Traced trunk = trunk(img);
        Autograd.ValueAndGradient top = Autograd.differentiate(trunk.out(), x -> logits(x, condition));
        return new Autograd.ValueAndGradient(top.value(), trunk.inputGradient().apply(top.gradient()));
    }

    /** fromRGB and the blocks: the 4x4 features and their input gradient map. */
    private Traced trunk(NDArray img) {
        int r = config.resolution();
        Shapes.check(img, "discriminator input", Shapes.ANY, config.imageChannels(), r, r);
        Traced x = fromRgb.traced(img, 1);
        for (Block b : blocks) {
            x = x.then(b.traced(x.out()));
        }
        return x;
    }

    /** The epilogue on the 4x4 features: logits {@code [N]}, projected onto the mapped condition when there is one. */
    private NDArray logits(NDArray x, NDArray condition) {
        if (config.mbstdGroup() > 0) {
            x = MinibatchStdDev.apply(x, config.mbstdGroup(), MBSTD_EPS);
        }
        x = epilogueConv.forward(x, 1);
        x = epilogueFc.forward(x.reshape(x.getShape().get(0), -1));
        NDArray features = out.forward(x);
        if (condition == null) {
            return features.reshape(-1);
        }
        Shapes.check(condition, "discriminator condition", Shapes.ANY, config.dConditionDim());
        NDArray cmap = conditionMapping.forward(conditionEmbed.forward(condition));
        long dim = cmap.getShape().get(1);
        return Scalars.mul(features.mul(cmap).sum(new int[] {1}), 1 / Math.sqrt(dim));
    }
}
