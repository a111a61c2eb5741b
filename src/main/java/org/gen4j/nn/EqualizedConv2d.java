package org.gen4j.nn;

import org.gen4j.ops.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Conv;
import org.gen4j.ops.MemoryFormat;
import org.gen4j.ops.Shapes;

/**
 * Convolution with equalized learning rate (ProGAN, Karras et al. 2018, section 4.1): weights are
 * stored as N(0, 1) and multiplied at run time by He's constant {@code gain / sqrt(fan_in)}, so
 * every layer learns at the same speed under Adam's scale-invariant updates. Bias starts at 0
 * and is not scaled.
 */
public final class EqualizedConv2d extends Module {

    private final NDArray weight; // [Cout, Cin, k, k], N(0, 1)
    private final NDArray bias; // [Cout] or null
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int padding;
    private final double scale;

    /**
     * @param inChannels input channels
     * @param outChannels output channels
     * @param kernel kernel size k (square)
     * @param padding zero padding per side; {@code k / 2} keeps the size for odd k, 0 is "valid"
     * @param gain {@code sqrt(2)} before leaky ReLU, 1 before a linear output
     */
    public EqualizedConv2d(NDManager manager, RandomGenerator rng, int inChannels, int outChannels,
            int kernel, int padding, double gain) {
        this(manager, rng, inChannels, outChannels, kernel, padding, gain, true);
    }

    /** @param withBias false for a convolution whose bias is added later (StyleGAN's layer epilogue) */
    public EqualizedConv2d(NDManager manager, RandomGenerator rng, int inChannels, int outChannels,
            int kernel, int padding, double gain, boolean withBias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.padding = padding;
        this.scale = heScale(gain, (long) inChannels * kernel * kernel);
        // channels-last storage makes every convolution and its gradients run channels-last (MemoryFormat)
        this.weight = parameter("weight", MemoryFormat.channelsLast(normal(manager, rng, new Shape(outChannels, inChannels, kernel, kernel))));
        this.bias = withBias ? parameter("bias", manager.zeros(new Shape(outChannels))) : null;
    }

    /** He's constant {@code gain / sqrt(fanIn)}. */
    public static double heScale(double gain, long fanIn) {
        return gain / Math.sqrt(fanIn);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int padding() {
        return padding;
    }

    /** The run-time weight multiplier. */
    public double scale() {
        return scale;
    }

    /** {@code [N, Cin, H, W] -> [N, Cout, H', W']}. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "equalized conv input", Shapes.ANY, inChannels, Shapes.ANY, Shapes.ANY);
        return Conv.conv2d(x, Scalars.mul(weight, scale), bias, padding);
    }
}
