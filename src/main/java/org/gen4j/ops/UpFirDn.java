package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * StyleGAN2's resampling primitive {@code upfirdn2d} (Karras et al. 2020, appendix B; NVIDIA's
 * {@code torch_utils/ops/upfirdn2d.py}): upsample by inserting {@code up - 1} zeros after every
 * pixel, zero-pad (or crop, for negative amounts) each side, convolve with a separable FIR
 * filter, and keep every {@code down}-th pixel. With the normalised {@code [1, 3, 3, 1]} filter this
 * is the anti-aliased "blurred" up- and downsampling of StyleGAN and StyleGAN2.
 *
 * <p>The 2-D filter is the outer product {@code f2(y, x) = f(y) f(x)}, applied as one depthwise
 * convolution whose stride is {@code down}; it is convolved (flipped), as the official op does by
 * default, which for a symmetric filter is the same as correlating.
 */
public final class UpFirDn {

    /** StyleGAN2's default resampling filter {@code [1, 3, 3, 1]}, normalised to sum 1. */
    public static final float[] BINOMIAL4 = {1 / 8f, 3 / 8f, 3 / 8f, 1 / 8f};

    private UpFirDn() {}

    /**
     * @param x {@code [N, C, H, W]}
     * @param filter the 1-D taps {@code f}; the 2-D filter is their outer product
     * @param up upsampling factor (1 for none)
     * @param down downsampling factor (1 for none)
     * @param pad0 padding before the first pixel (top and left), after upsampling
     * @param pad1 padding after the last pixel (bottom and right), after upsampling
     * @param gain overall gain of the 2-D filter; {@code up * up} keeps the mean when upsampling
     * @return {@code [N, C, H', W']} with {@code H' = (H up + pad0 + pad1 - len(f)) / down + 1}
     */
    public static NDArray upfirdn2d(NDArray x, float[] filter, int up, int down, int pad0, int pad1, double gain) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        NDArray y = x;
        if (up > 1) {
            // [N, C, H, 1, W, 1] padded to [N, C, H, up, W, up]: every pixel followed by up - 1 zeros
            y = y.reshape(n, c, h, 1, w, 1).pad(new Shape(0, up - 1, 0, 0, 0, up - 1), 0).reshape(n, c, h * up, w * up);
        }
        // equal non-negative padding goes to the convolution, which pads without a padded copy
        int convPad = pad0 == pad1 && pad0 > 0 ? pad0 : 0;
        if (convPad == 0) {
            y = padOrCrop(y, pad0, pad1);
        }
        int taps = filter.length;
        float[] kernel = new float[Math.toIntExact(c * taps * taps)];
        for (int i = 0; i < taps; i++) {
            for (int j = 0; j < taps; j++) {
                kernel[i * taps + j] = (float) (filter[taps - 1 - i] * filter[taps - 1 - j] * gain);
            }
        }
        for (int k = 1; k < c; k++) {
            System.arraycopy(kernel, 0, kernel, k * taps * taps, taps * taps);
        }
        NDArray f = Scalars.fromHost(x.getManager(), kernel, new Shape(c, 1, taps, taps));
        // one depthwise convolution whose stride does the downsampling
        y = Conv.conv2d(y, f, null, down, convPad, (int) c);
        return y;
    }

    /** The length {@code (in up + pad0 + pad1 - taps) / down + 1} upfirdn gives along one axis. */
    public static int outSize(int in, int taps, int up, int down, int pad0, int pad1) {
        return (in * up + pad0 + pad1 - taps) / down + 1;
    }

    /**
     * {@link #upfirdn2d} along one axis as a matrix: {@code y = x M} with {@code M[i, o]} the
     * weight of input sample {@code i} in output sample {@code o}, which after zero insertion sits
     * at {@code i up + pad0} of the padded signal; output {@code o} convolves the padded samples
     * {@code o down ... o down + taps - 1} with the filter, so {@code M[i, o] = gain f[taps - 1 - a]}
     * for {@code a = i up + pad0 - o down} within the filter. Zero insertion, padding or cropping,
     * the FIR filter and decimation become one product whose cost does not depend on the number of
     * taps; it suits the long filters of StyleGAN3 on short axes.
     *
     * @return {@code [in, out]} row-major, {@code out} from {@link #outSize}
     */
    public static float[] operator(int in, float[] filter, int up, int down, int pad0, int pad1, double gain) {
        int taps = filter.length, out = outSize(in, taps, up, down, pad0, pad1);
        float[] m = new float[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                int a = i * up + pad0 - o * down;
                if (a >= 0 && a < taps) {
                    m[i * out + o] = (float) (gain * filter[taps - 1 - a]);
                }
            }
        }
        return m;
    }

    /**
     * A separable {@link #upfirdn2d} by two matrix products with {@link #operator} matrices:
     * {@code [N, C, H, W] -> [N, C, H', W']} as {@code alongHeightT (x alongWidth)}.
     *
     * @param alongWidth {@code [W, W']}
     * @param alongHeightT {@code [H', H]}, the height operator transposed
     */
    public static NDArray separable(NDArray x, NDArray alongWidth, NDArray alongHeightT) {
        return alongHeightT.matMul(x.matMul(alongWidth));
    }

    /**
     * The Gaussian blur StyleGAN3 applies to D's input early in config R's training (official
     * {@code run_D}): the separable filter {@code 2^(-(k / sigma)^2)} for
     * {@code k = -floor(3 sigma) ... floor(3 sigma)}, normalised to sum 1, applied with zero padding
     * that keeps the size; the identity when {@code floor(3 sigma) = 0}.
     */
    public static NDArray gaussianBlur(NDArray x, double sigma) {
        int half = (int) Math.floor(sigma * 3);
        if (half <= 0) {
            return x;
        }
        float[] f = new float[2 * half + 1];
        double sum = 0;
        for (int k = -half; k <= half; k++) {
            sum += Math.pow(2, -(k / sigma) * (k / sigma));
        }
        for (int k = -half; k <= half; k++) {
            f[k + half] = (float) (Math.pow(2, -(k / sigma) * (k / sigma)) / sum);
        }
        int h = Math.toIntExact(x.getShape().get(2)), w = Math.toIntExact(x.getShape().get(3));
        // tensors that own their memory: the backward pass of the products keeps them (see Scalars.fromHost)
        NDArray alongW = Scalars.fromHost(x.getManager(), operator(w, f, 1, 1, half, half, 1), new Shape(w, w));
        NDArray alongHt = Scalars.fromHost(x.getManager(), operator(h, f, 1, 1, half, half, 1), new Shape(h, h)).transpose();
        return separable(x, alongW, alongHt);
    }

    /**
     * Upsampling by 2 with the filter, as StyleGAN2's skip generator upsamples its image:
     * {@code [N, C, H, W] -> [N, C, 2H, 2W]}.
     */
    public static NDArray upsample2x(NDArray x, float[] filter) {
        int taps = filter.length;
        return upfirdn2d(x, filter, 2, 1, (taps + 1) / 2, (taps - 2) / 2, 4);
    }

    /**
     * Downsampling by 2 with the filter, as StyleGAN2's residual discriminator downsamples its
     * skip path: {@code [N, C, H, W] -> [N, C, H/2, W/2]}.
     */
    public static NDArray downsample2x(NDArray x, float[] filter) {
        int taps = filter.length;
        return upfirdn2d(x, filter, 1, 2, (taps - 1) / 2, (taps - 2) / 2, 1);
    }

    /**
     * The weight of one convolution equal to filtering with {@code filter} (as {@link #upfirdn2d}
     * does, without up- or downsampling) and then convolving with {@code weight}: both are linear
     * and act on the same pixels, so their composition is a single {@code (k + taps - 1)}-tap
     * kernel, {@code W'[o, i, c] = sum_{a + b = c} W[o, i, b] f2'[a]} with {@code f2'} the flipped
     * 2-D filter.
     *
     * @param weight {@code [Cout, Cin, k, k]}
     * @return {@code [Cout, Cin, k + taps - 1, k + taps - 1]}, differentiable in {@code weight}
     */
    public static NDArray foldFilter(NDArray weight, float[] filter) {
        Shape s = weight.getShape();
        int k = Math.toIntExact(s.get(2)), taps = filter.length, side = k + taps - 1;
        float[] compose = new float[k * k * side * side]; // [k*k, side*side]: W'(flat) = W(flat) . compose
        for (int by = 0; by < k; by++) {
            for (int bx = 0; bx < k; bx++) {
                for (int ay = 0; ay < taps; ay++) {
                    for (int ax = 0; ax < taps; ax++) {
                        compose[(by * k + bx) * side * side + (by + ay) * side + bx + ax] = filter[taps - 1 - ay] * filter[taps - 1 - ax];
                    }
                }
            }
        }
        NDArray c = Scalars.fromHost(weight.getManager(), compose, new Shape(k * k, side * side));
        return weight.reshape(s.get(0) * s.get(1), (long) k * k).dot(c).reshape(s.get(0), s.get(1), side, side);
    }

    /**
     * Filtering with the zero-padded filter, then a strided convolution: StyleGAN2's downsampling
     * {@code conv2d_resample} ({@code [N, Cin, H, W] -> [N, Cout, H', W']} with {@code H' =
     * (H + 2 pad - k - taps + 1) / stride + 1}). Both forms of it are exact; this picks the faster
     * one for the current {@link Precision}. In float32 the convolutions run at the cores' peak
     * and the depthwise filter pass is cheap beside them, so it filters first (decimating at
     * once for a 1x1 kernel, which commutes with the subsampling). In bfloat16 the convolutions
     * are several times faster while the memory-bound filter pass and its gradients are not, so
     * it runs one convolution with the filter folded into the kernel ({@link #foldFilter}).
     *
     * @param weight {@code [Cout, Cin, k, k]}
     * @param bias {@code [Cout]} or {@code null}
     */
    public static NDArray filteredConv2d(NDArray x, NDArray weight, NDArray bias, float[] filter, int pad, int stride) {
        int k = Math.toIntExact(weight.getShape().get(2));
        if (Precision.current() == Precision.BFLOAT16) {
            return Conv.conv2d(x, foldFilter(weight, filter), bias, stride, pad, 1);
        }
        if (k == 1) {
            return Conv.conv2d(upfirdn2d(x, filter, 1, stride, pad, pad, 1), weight, bias, 0);
        }
        return Conv.conv2d(upfirdn2d(x, filter, 1, 1, pad, pad, 1), weight, bias, stride, 0, 1);
    }

    /**
     * The input gradient of {@link #filteredConv2d} as operations of the forward graph: the
     * adjoint of each of its linear steps in reverse order, for gradients that are differentiated
     * again (R1) without libtorch's double backward of a convolution (see
     * {@code Discriminator.logitsAndInputGradient}). The adjoint of a strided convolution is the
     * transposed convolution; that of the filter pass is {@link #upfirdn2d} with the reversed filter,
     * upsampling by the stride and padding {@code taps - 1 - pad} in front. It is the adjoint of
     * the filter-first form in either precision: the folded form is the same linear map, and its
     * 6x6 transposed convolution made R1 slower in bfloat16 (the StyleGAN3 benchmark's R1 pass,
     * one thread: 541 ms folded, 388 ms filter-first).
     *
     * @param grad the gradient with respect to the output {@code [N, Cout, H', W']}
     * @param weight {@code [Cout, Cin, k, k]}, as in the forward pass
     * @param size the input's side {@code H}
     * @return the gradient with respect to the input {@code [N, Cin, H, W]}, differentiable in
     *     {@code grad} and {@code weight}
     */
    public static NDArray filteredConv2dInputGradient(NDArray grad, NDArray weight, float[] filter, int pad, int stride, int size) {
        int k = Math.toIntExact(weight.getShape().get(2));
        if (k == 1) {
            return upfirdn2dAdjoint(Conv.convTranspose2d(grad, weight, null, 1, 0), filter, stride, pad, size);
        }
        return upfirdn2dAdjoint(Conv.convTranspose2d(grad, weight, null, stride, 0), filter, 1, pad, size);
    }

    /**
     * The adjoint of {@code upfirdn2d(x, filter, 1, down, pad, ., 1)} for an input of side {@code size}:
     * output sample {@code o} drew on input sample {@code i} with the flipped filter's tap
     * {@code i + pad - o down}, so the adjoint upsamples by {@code down} and convolves with the
     * reversed filter, padded by {@code taps - 1 - pad} in front and as needed to give {@code size}
     * samples behind.
     */
    private static NDArray upfirdn2dAdjoint(NDArray grad, float[] filter, int down, int pad, int size) {
        int taps = filter.length, out = Math.toIntExact(grad.getShape().get(2));
        float[] reversed = new float[taps];
        for (int i = 0; i < taps; i++) {
            reversed[i] = filter[taps - 1 - i];
        }
        int pad0 = taps - 1 - pad;
        return upfirdn2d(grad, reversed, down, 1, pad0, size - out * down - pad0 + taps - 1, 1);
    }

    private static NDArray padOrCrop(NDArray x, int p0, int p1) {
        NDArray y = x;
        if (p0 < 0 || p1 < 0) {
            long h = y.getShape().get(2), w = y.getShape().get(3);
            int c0 = Math.max(-p0, 0), c1 = Math.max(-p1, 0);
            y = y.get(":, :, " + c0 + ":" + (h - c1) + ", " + c0 + ":" + (w - c1));
        }
        int q0 = Math.max(p0, 0), q1 = Math.max(p1, 0);
        if (q0 > 0 || q1 > 0) {
            y = y.pad(new Shape(q0, q1, q0, q1), 0);
        }
        return y;
    }
}
