package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Convolution and dense layers as pure functions over libtorch's kernels.
 *
 * <p>On CPU libtorch picks oneDNN for float32 convolutions. Its input gradients for every shape the
 * models use are checked against a float64 evaluation (which takes libtorch's plain path) by
 * {@code ConvGradientOracleTest}; keep that test's shape list in step with the models.
 */
public final class Conv {

    private static final Shape UNIT = new Shape(1, 1);

    private Conv() {}

    /**
     * 2-D convolution with stride 1 and symmetric zero padding.
     *
     * @param x input {@code [N, Cin, H, W]}
     * @param weight {@code [Cout, Cin / groups, k, k]}
     * @param bias {@code [Cout]} or {@code null}
     * @param padding zero padding on each side
     * @param groups number of groups; {@code Cin} and {@code Cout} must be divisible by it
     * @return {@code [N, Cout, H + 2 padding - k + 1, W + 2 padding - k + 1]}
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int padding, int groups) {
        return conv2d(x, weight, bias, 1, padding, groups);
    }

    /**
     * 2-D convolution with a stride; the output side is {@code floor((H + 2 padding - k) / stride) + 1}.
     *
     * @see #conv2d(NDArray, NDArray, NDArray, int, int)
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        Shape s = stride == 1 ? UNIT : new Shape(stride, stride);
        return x.getNDArrayInternal()
                .convolution(x, weight, bias, s, new Shape(padding, padding), UNIT, groups)
                .singletonOrThrow();
    }

    /** {@link #conv2d(NDArray, NDArray, NDArray, int, int)} with one group. */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int padding) {
        return conv2d(x, weight, bias, padding, 1);
    }

    /**
     * Dense layer {@code y = x W^T + b}.
     *
     * @param x {@code [N, in]}
     * @param weight {@code [out, in]}
     * @param bias {@code [out]} or {@code null}
     * @return {@code [N, out]}
     */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
