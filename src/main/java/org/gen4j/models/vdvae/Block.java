package org.gen4j.models.vdvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.ops.MemoryFormat;
import org.gen4j.ops.Resample;
import org.gen4j.ops.Scalars;

/**
 * VDVAE's bottleneck block (Child 2021, figure 3): GELU before each of four convolutions, 1x1 to
 * the inner width, two 3x3 (1x1 at resolutions of 2 and below, where a 3x3 sees mostly padding),
 * 1x1 to the output width; optionally added to the input (residual) and average-pooled afterwards.
 * Weights start as PyTorch's default, biases at zero; the last convolution's weight is scaled by
 * {@code lastScale} (the official code's {@code sqrt(1 / N)} for N blocks, or 0 for the prior's
 * output, which therefore starts at zero).
 */
final class Block extends Module {

    private final Conv2d c1, c2, c3, c4;
    private final boolean residual;
    private final int downRate;

    /**
     * @param use3x3 whether the middle convolutions are 3x3 (else 1x1)
     * @param downRate average pooling factor after the block (1: none)
     */
    Block(NDManager m, RandomGenerator rng, int in, int middle, int out, boolean residual, boolean use3x3, int downRate, double lastScale) {
        int k = use3x3 ? 3 : 1;
        this.c1 = child("c1", conv(m, rng, in, middle, 1, Init.pytorchDefault()));
        this.c2 = child("c2", conv(m, rng, middle, middle, k, Init.pytorchDefault()));
        this.c3 = child("c3", conv(m, rng, middle, middle, k, Init.pytorchDefault()));
        Init scaled = (mm, r, shape) -> {
            NDArray w = Init.pytorchDefault().draw(mm, r, shape);
            return Scalars.muli(w, lastScale);
        };
        this.c4 = child("c4", conv(m, rng, middle, out, 1, scaled));
        this.residual = residual;
        this.downRate = downRate;
    }

    static Conv2d conv(NDManager m, RandomGenerator rng, int in, int out, int kernel, Init init) {
        return new Conv2d(m, rng, in, out, kernel, 1, kernel / 2, init, Bias.ZERO, false);
    }

    /** {@code [N, in, H, W] -> [N, out, H / downRate, W / downRate]}. */
    NDArray forward(NDArray x) {
        x = MemoryFormat.channelsLast(x);
        NDArray h = c1.forward(Activation.gelu(x));
        h = c2.forward(Activation.gelu(h));
        h = c3.forward(Activation.gelu(h));
        h = c4.forward(Activation.gelu(h));
        NDArray out = residual ? x.add(h) : h;
        return Resample.downsample(out, downRate);
    }
}
