package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Conv;
import org.gen4j.ops.MemoryFormat;
import org.gen4j.ops.Shapes;

/**
 * A transposed convolution, DCGAN's upsampling layer (Radford et al. 2016, section 3): weight
 * {@code [in, out, k, k]} (PyTorch's layout), stored channels-last, and an optional bias.
 */
public final class ConvTranspose2d extends Module {

    private final NDArray weight;
    private final NDArray bias; // or null
    private final int inChannels;
    private final int stride;
    private final int padding;

    public ConvTranspose2d(NDManager manager, RandomGenerator rng, int inChannels, int outChannels, int kernel, int stride,
            int padding, Init init, Bias bias) {
        this.inChannels = inChannels;
        this.stride = stride;
        this.padding = padding;
        this.weight = parameter("weight", MemoryFormat.channelsLast(init.draw(manager, rng, new Shape(inChannels, outChannels, kernel, kernel))));
        NDArray b = bias.draw(manager, rng, outChannels, (long) inChannels * kernel * kernel);
        this.bias = b == null ? null : parameter("bias", b);
    }

    public NDArray weight() {
        return weight;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** {@code [N, in, H, W] -> [N, out, (H - 1) stride - 2 padding + k, ...]}. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "transposed convolution input", Shapes.ANY, inChannels, Shapes.ANY, Shapes.ANY);
        return Conv.convTranspose2d(x, weight, bias, stride, padding);
    }
}
