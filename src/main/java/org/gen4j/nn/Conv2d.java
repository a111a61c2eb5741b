package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Conv;
import org.gen4j.ops.MemoryFormat;
import org.gen4j.ops.Shapes;

/**
 * A square 2-D convolution with a stored (not run-time scaled) weight, optionally spectrally
 * normalised ({@link SpectralNorm}): the layer of DCGAN, WGAN-GP, SAGAN and BigGAN. The weight is
 * stored channels-last (see {@link MemoryFormat}); the bias, if any, starts as {@link Bias} says.
 */
public final class Conv2d extends Module {

    private final NDArray weight; // [out, in, k, k]
    private final NDArray bias; // [out] or null
    private final SpectralNorm sn; // or null
    private final int inChannels;
    private final int stride;
    private final int padding;
    private final int kernel;

    /**
     * @param kernel side k of the kernel
     * @param stride 1, or 2 for DCGAN's strided downsampling
     * @param padding zero padding on each side ({@code k / 2} keeps the size at stride 1)
     * @param init how the weight is drawn
     * @param bias whether the layer adds a learned bias and how it starts (DCGAN's layers have none)
     * @param spectralNorm whether the weight is used divided by its spectral norm
     */
    public Conv2d(NDManager manager, RandomGenerator rng, int inChannels, int outChannels, int kernel, int stride, int padding,
            Init init, Bias bias, boolean spectralNorm) {
        Shape shape = new Shape(outChannels, inChannels, kernel, kernel);
        this.inChannels = inChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = parameter("weight", MemoryFormat.channelsLast(init.draw(manager, rng, shape)));
        NDArray b = bias.draw(manager, rng, outChannels, Init.fanIn(shape));
        this.bias = b == null ? null : parameter("bias", b);
        this.sn = spectralNorm ? child("sn", new SpectralNorm(manager, rng, shape)) : null;
    }

    /** A stride-1, size-keeping, spectrally normalised convolution with bias: SAGAN's and BigGAN's layer. */
    public static Conv2d sn(NDManager manager, RandomGenerator rng, int in, int out, int kernel, Init init) {
        return new Conv2d(manager, rng, in, out, kernel, 1, kernel / 2, init, Bias.PYTORCH, true);
    }

    /** The weight as the convolution uses it: divided by its spectral norm where that is on. */
    public NDArray effectiveWeight() {
        return sn == null ? weight : sn.apply(weight);
    }

    public SpectralNorm spectralNorm() {
        return sn;
    }

    public NDArray weight() {
        return weight;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return (int) weight.getShape().get(0);
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** {@code [N, in, H, W] -> [N, out, H', W']}, {@code H' = (H + 2 padding - k) / stride + 1}. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "convolution input", Shapes.ANY, inChannels, Shapes.ANY, Shapes.ANY);
        return Conv.conv2d(x, effectiveWeight(), bias, stride, padding, 1);
    }
}
