package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * StyleGAN2's modulated convolution (Karras et al. 2020, section 2.2, equations 1-3): every
 * sample's weights are scaled per input channel by its style, {@code w'_ijk = s_i w_ijk}, then
 * optionally demodulated per output channel, {@code w''_ijk = w'_ijk / sqrt(sum_ik w'_ijk^2 + eps)},
 * so that unit-variance inputs give unit-variance outputs.
 *
 * <p>Two equivalent evaluations, as in NVIDIA's {@code modulated_conv2d}: {@link #fused} builds the
 * per-sample weights and runs one grouped convolution with a group per sample (the paper's
 * formulation); {@link #scaled} scales the input by the styles, runs one ordinary convolution with
 * the shared weight, and scales the output by the demodulation coefficients, which is cheaper
 * for training batches.
 *
 * <p>{@code up = 2} upsamples first, as {@code conv2d_resample} does: zeros are inserted, the
 * image is filtered with the resampling filter (gain 4) and padded so that the 3x3 convolution
 * without padding covers exactly what the official transposed convolution followed by the filter
 * covers (for 3x3 kernels, the only ones StyleGAN2 upsamples with); the result equals the official one with the kernel flipped, which for weights learned
 * from scratch is only a different parameterisation.
 */
public final class ModulatedConv {

    /** Added to the sum of squares before the reciprocal square root (equation 3). */
    public static final double EPS = 1e-8;
    private static final int[] SPATIAL = {2, 3};
    private static final int[] WEIGHT_FAN = {2, 3, 4};

    private ModulatedConv() {}

    /**
     * Per-sample convolution by grouped convolution.
     *
     * @param x input {@code [N, I, H, W]}
     * @param weight shared weight {@code [O, I, k, k]} (any scale; demodulation removes it)
     * @param styles per-sample input-channel scales {@code [N, I]}
     * @param demodulate apply equation 3
     * @param gain multiplies the output (folded into the weights)
     * @param up 1, or 2 to upsample by 2 with {@code filter} first
     * @param filter resampling taps when {@code up = 2}
     * @return {@code [N, O, H up, W up]}
     */
    public static NDArray fused(NDArray x, NDArray weight, NDArray styles, boolean demodulate, double gain, int up, float[] filter) {
        Shape ws = weight.getShape();
        long n = x.getShape().get(0), o = ws.get(0), i = ws.get(1), k = ws.get(2);
        NDArray w = weight.expandDims(0).mul(styles.reshape(n, 1, i, 1, 1)); // [N, O, I, k, k]
        if (demodulate) {
            NDArray d = Scalars.pow(w.square().sum(WEIGHT_FAN).addi(EPS), -0.5); // [N, O]
            w = w.mul(Scalars.mul(d, gain).reshape(n, o, 1, 1, 1));
        } else if (gain != 1) {
            w = Scalars.mul(w, gain);
        }
        NDArray in = resample(x, k, up, filter);
        Shape s = in.getShape();
        NDArray y = Conv.conv2d(in.reshape(1, n * i, s.get(2), s.get(3)), w.reshape(n * o, i, k, k), null, 1,
                padding(k, up), (int) n);
        Shape ys = y.getShape();
        return y.reshape(n, o, ys.get(2), ys.get(3));
    }

    /** The same result as {@link #fused}, by scaling activations around one shared convolution. */
    public static NDArray scaled(NDArray x, NDArray weight, NDArray styles, boolean demodulate, double gain, int up, float[] filter) {
        Shape ws = weight.getShape();
        long n = x.getShape().get(0), i = ws.get(1), k = ws.get(2);
        NDArray in = resample(x.mul(styles.reshape(n, i, 1, 1)), k, up, filter);
        NDArray y = Conv.conv2d(in, weight, null, 1, padding(k, up), 1);
        if (demodulate) {
            NDArray d = demodulation(weight, styles); // [N, O]
            return y.mul(Scalars.mul(d, gain).expandDims(2).expandDims(3));
        }
        return gain == 1 ? y : Scalars.mul(y, gain);
    }

    /** Equation 3's coefficients {@code 1 / sqrt(sum_ik (s_i w_ijk)^2 + eps)}, {@code [N, O]}. */
    public static NDArray demodulation(NDArray weight, NDArray styles) {
        NDArray fan = weight.square().sum(SPATIAL); // [O, I]
        return Scalars.pow(styles.square().matMul(fan.transpose()).addi(EPS), -0.5);
    }

    private static NDArray resample(NDArray x, long kernel, int up, float[] filter) {
        if (up == 1) {
            return x;
        }
        if (up != 2 || kernel != 3) {
            throw new IllegalArgumentException("modulated convolution upsamples by 2 with 3x3 kernels only, not by "
                    + up + " with " + kernel + "x" + kernel);
        }
        int taps = filter.length;
        // transposed convolution (stride 2, kernel 3) then filter: padding (taps - 1, taps - 2) here
        return UpFirDn.upfirdn2d(x, filter, 2, 1, taps - 1, taps - 2, 4);
    }

    private static int padding(long kernel, int up) {
        return up == 1 ? (int) (kernel / 2) : 0;
    }
}
