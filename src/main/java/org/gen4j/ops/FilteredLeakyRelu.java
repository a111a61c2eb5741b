package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.gen4j.Gen4jException;

/**
 * StyleGAN3's filtered nonlinearity (Karras et al. 2021, "Alias-Free Generative Adversarial
 * Networks", section 3.2 and figure 4): add the bias, upsample by {@code up} with the low-pass
 * filter {@code fu} (zero insertion, padding, FIR filter with gain {@code up^2}), apply leaky ReLU
 * times {@code gain} and clamp to {@code [-clamp, clamp]} at the higher rate, low-pass with
 * {@code fd} and keep every {@code down}-th sample. The semantics are those of the official
 * reference path {@code _filtered_lrelu_ref} (NVlabs/stylegan3 {@code torch_utils/ops/filtered_lrelu.py}:
 * {@code bias_act}, {@code upfirdn2d}, {@code bias_act}, {@code upfirdn2d}).
 *
 * <p>Each separable resampling runs as two 1-D passes, each one matrix product with the
 * {@link UpFirDn#operator} of its axis, which holds the zero insertion, padding, filter and
 * decimation at once. Between the up- and the downsampling the activations stay with the axes
 * swapped ({@code [N, C, W, H]}): the nonlinearity is pointwise and the radially symmetric filter
 * of config R is symmetric under the swap, so only two transposes are needed. A 2-D filter
 * {@code fd} (config R's radial one) runs as a depthwise convolution with stride {@code down}.
 *
 * <p>The upsampled tensor, {@code up^2} times the input's size, is what the op's time goes to, so
 * it is passed over as few times as the semantics allow: the gain, which commutes with the linear
 * downsampling, multiplies the small output instead ({@code clamp(g lrelu(y), c) = g clamp(lrelu(y), c / g)}),
 * and the clamp is skipped when it provably cannot bind: {@code |y|} is at most the input's largest
 * magnitude times each axis operator's largest column sum of magnitudes, and {@code |lrelu(y)| <= |y|}.
 * Skipping an inactive clamp changes neither the values nor the gradients.
 */
public final class FilteredLeakyRelu {

    private final NDArray upW; // [in, mid]
    private final NDArray upH; // [in, mid]
    private final NDArray downH; // [mid, out], or null with a radial filter
    private final NDArray downW;
    private final NDArray radial; // [1, 1, t, t] flipped 2-D filter, or null
    private final int down;
    private final int outSize;
    private final boolean identity;
    private final double upBound; // max |upsampled| / max |input|

    private FilteredLeakyRelu(NDArray upW, NDArray upH, NDArray downH, NDArray downW, NDArray radial, int down, int outSize,
            boolean identity, double upBound) {
        this.upW = upW;
        this.upH = upH;
        this.downH = downH;
        this.downW = downW;
        this.radial = radial;
        this.down = down;
        this.outSize = outSize;
        this.identity = identity;
        this.upBound = upBound;
    }

    /**
     * The operator for square inputs of side {@code inSize}.
     *
     * @param fu the separable upsampling filter's taps ({@code [1]}: none)
     * @param fd the downsampling filter: separable taps, or with {@code radialTaps > 0} a
     *     {@code [radialTaps, radialTaps]} row-major 2-D filter ({@code [1]}: none)
     * @param padding {@code [before, after]} for both axes, applied after zero insertion; negative crops
     * @param manager owns the operator matrices (keep it open as long as the operator is used)
     */
    public static FilteredLeakyRelu of(NDManager manager, int inSize, float[] fu, float[] fd, int radialTaps, int up, int down,
            int[] padding) {
        int mid = UpFirDn.outSize(inSize, fu.length, up, 1, padding[0], padding[1]);
        int fdTaps = radialTaps > 0 ? radialTaps : fd.length;
        int out = (mid - fdTaps) / down + 1;
        Gen4jException.check(mid >= fdTaps && out >= 1, "a filtered nonlinearity from side %d leaves no output (after upsampling %d, filter %d).",
                inSize, mid, fdTaps);
        boolean identity = fu.length == 1 && fd.length == 1 && radialTaps == 0 && up == 1 && down == 1 && padding[0] == 0 && padding[1] == 0
                && fu[0] == 1 && fd[0] == 1;
        float[] upOperator = UpFirDn.operator(inSize, fu, up, 1, padding[0], padding[1], up);
        double colSum = 0;
        for (int o = 0; o < mid; o++) {
            double sum = 0;
            for (int i = 0; i < inSize; i++) {
                sum += Math.abs(upOperator[i * mid + o]);
            }
            colSum = Math.max(colSum, sum);
        }
        NDArray uw = manager.create(upOperator, new Shape(inSize, mid));
        NDArray dw = null, rad = null;
        if (radialTaps > 0) {
            float[] flipped = new float[fd.length];
            for (int i = 0; i < fd.length; i++) {
                flipped[i] = fd[fd.length - 1 - i];
            }
            rad = manager.create(flipped, new Shape(1, 1, radialTaps, radialTaps));
        } else {
            dw = manager.create(UpFirDn.operator(mid, fd, 1, down, 0, 0, 1), new Shape(mid, out));
        }
        return new FilteredLeakyRelu(uw, uw, dw, dw, rad, down, out, identity, colSum * colSum);
    }

    /** The output side. */
    public int outSize() {
        return outSize;
    }

    /**
     * @param x {@code [N, C, S, S]}
     * @param bias {@code [C]}
     * @param gain multiplies the leaky ReLU's output (sqrt(2), or 1 for ToRGB)
     * @param slope leaky ReLU's negative slope (0.2, or 1 for a linear layer)
     * @param clamp the output magnitude's bound before the downsampling filter (0: none)
     * @return {@code [N, C, S', S']}
     */
    public NDArray forward(NDArray x, NDArray bias, double gain, double slope, double clamp) {
        NDArray y = bias == null ? x : x.add(bias.reshape(1, -1, 1, 1));
        boolean clampBinds = clamp > 0 && y.abs().max().getFloat() * (identity ? 1 : upBound) * gain > clamp;
        if (!identity) {
            y = y.matMul(upW).transpose(0, 1, 3, 2).matMul(upH); // [N, C, W', H']
        }
        y = slope == 1 ? y : Activation.leakyRelu(y, (float) slope);
        if (clampBinds) {
            y = y.clip(-clamp / gain, clamp / gain);
        }
        if (!identity) {
            if (radial != null) {
                long c = y.getShape().get(1);
                y = Conv.conv2d(y, radial.repeat(0, c), null, down, 0, (int) c).transpose(0, 1, 3, 2);
            } else {
                y = y.matMul(downH).transpose(0, 1, 3, 2).matMul(downW);
            }
        }
        return gain == 1 ? y : Scalars.mul(y, gain);
    }
}
