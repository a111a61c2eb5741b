package org.gen4j.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Convolution and dense layers as pure functions over libtorch's kernels.
 *
 * <p>On CPU libtorch picks oneDNN for float32 convolutions. Its input gradients for every shape the
 * models use are checked against a float64 evaluation (which takes libtorch's plain path) by
 * {@code ConvGradientOracleTest}; keep that test's shape list in step with the models.
 *
 * <p>oneDNN 3.7 (libtorch 2.7's) computes wrong results, sometimes NaN, on AMD Zen 5 with its AVX2
 * and AVX-512 kernels whenever a channel count is not a multiple of its 16-channel block: a forward
 * convolution with more than 16 input channels, and the input gradient of any convolution, go wrong
 * when the reduced channels end in a partial block (whatever lies in the block's padding enters the
 * sum). So on CPU every single-group convolution is given whole blocks: zero filters are added to
 * reach a multiple of 16 output channels (their outputs are dropped), and zero channels to reach a
 * multiple of 16 input channels above 16. The sums are unchanged, exactly, and so are the gradients
 * of the real weights; the cost is the few layers with odd channel counts (to and from RGB).
 * Grouped convolutions take other kernels, which are exact in float32. Transposed convolutions are
 * aligned the same way with the roles of their channels swapped. In bfloat16 the input channels are
 * always padded, since its kernels fail below 16 too, and a transposed convolution's outputs are
 * padded to 32. {@code ConvGradientOracleTest} holds these rules to account, odd counts included.
 *
 * <p>Under {@link Precision#BFLOAT16} a float32 convolution rounds its input and weight to bfloat16 and
 * widens its output to float32 before the bias is added, all inside one small TorchScript
 * function per stride, padding and group count, so autograd differentiates the casts like any
 * other operation and the gradients leave the convolution as float32.
 */
public final class Conv {

    private static final Shape UNIT = new Shape(1, 1);
    /** oneDNN's channel block for float32 AVX-512 kernels (see the class comment). */
    private static final int BLOCK = 16;
    private static final ConcurrentHashMap<String, PtSymbolBlock> BF16 = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, PtSymbolBlock> TRANSPOSED = new ConcurrentHashMap<>();
    private static final PtNDManager MODULE_MANAGER = (PtNDManager) NDManager.newBaseManager("PyTorch");

    /** Open {@link #secondOrder} scopes on this thread. */
    private static final ThreadLocal<int[]> SECOND_ORDER = ThreadLocal.withInitial(() -> new int[1]);

    /** The arguments of one convolution kernel call. */
    @FunctionalInterface
    private interface Kernel {
        NDArray apply(NDArray x, NDArray weight, NDArray bias);
    }

    private Conv() {}

    /**
     * Runs {@code forward}, a pass whose gradient is itself differentiated, with its convolutions
     * ready for libtorch's double backward on CPU. That backward computes the weights'
     * second-order term as a forward convolution over the minibatch, whose images take the place
     * of input channels, so a batch above 16 that is not a multiple of 16 meets oneDNN's
     * partial-block fault (see the class comment), and so does a 1x1 convolution of fewer than 16
     * images on 8x8 pixels or more (its term is then a convolution with an image-sized kernel;
     * errors of 3 to 50 % on Zen 5, where 3x3 kernels stay exact). Inside, such convolutions are
     * given zero images up to a multiple of 16, whose outputs are dropped. Reached through
     * {@link Autograd#differentiate}, which every second-order computation goes through.
     */
    static <T> T secondOrder(Supplier<T> forward) {
        int[] depth = SECOND_ORDER.get();
        depth[0]++;
        try {
            return forward.get();
        } finally {
            depth[0]--;
        }
    }

    /** Zero images to add to a minibatch of {@code n} inside {@link #secondOrder}, for a {@code kernel}-sized convolution. */
    private static long batchPad(long n, long kernel) {
        return SECOND_ORDER.get()[0] > 0 && (n > BLOCK || kernel == 1) ? toBlock(n, BLOCK) : 0;
    }

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
        boolean bf16 = bfloat16(x);
        if (groups == 1 && !x.getDevice().isGpu()) {
            long in = x.getShape().get(1);
            long inPad = in > BLOCK || bf16 ? toBlock(in, BLOCK) : 0;
            long outPad = toBlock(weight.getShape().get(0), BLOCK);
            return blockAligned(x, weight, bias, 0, inPad, outPad, (xx, ww, bb) -> convolve(xx, ww, bb, stride, padding, 1, bf16));
        }
        return convolve(x, weight, bias, stride, padding, groups, bf16 && roundsToBfloat16(groups, stride, x.getDevice()));
    }

    /** Whether {@code x} is convolved in bfloat16: a float32 tensor under {@link Precision#BFLOAT16}. */
    private static boolean bfloat16(NDArray x) {
        return Precision.current() == Precision.BFLOAT16 && x.getDataType() == DataType.FLOAT32;
    }

    /**
     * {@code kernel} on {@code x} and {@code weight} given whole channel blocks (see the class
     * comment): {@code outPad} zero filters and {@code inPad} zero channels in front, and inside
     * {@link #secondOrder} zero images up to a multiple of 16; what they add to the output is
     * dropped and the bias added after.
     *
     * @param outAxis the weight's output-channel axis (0 for a convolution, 1 for a transposed one);
     *     the other of its first two axes holds the input channels
     */
    private static NDArray blockAligned(NDArray x, NDArray weight, NDArray bias, int outAxis, long inPad, long outPad, Kernel kernel) {
        long batchPad = batchPad(x.getShape().get(0), weight.getShape().get(2));
        if (inPad == 0 && outPad == 0 && batchPad == 0) {
            return kernel.apply(x, weight, bias);
        }
        NDManager m = x.getManager();
        NDArray w = zeroChannels(zeroChannels(weight, outAxis, outPad, m), 1 - outAxis, inPad, m);
        NDArray xp = zeroChannels(zeroChannels(x, 1, inPad, m), 0, batchPad, m);
        return withBias(kernel.apply(xp, w, null).get(new NDIndex("{}:, {}:", batchPad, outPad)), bias);
    }

    private static NDArray withBias(NDArray y, NDArray bias) {
        return bias == null ? y : y.add(bias.reshape(1, -1, 1, 1));
    }

    /**
     * Whether a convolution under {@link Precision#BFLOAT16} is computed in bfloat16: all but the
     * strided grouped ones on CPU, whose oneDNN bfloat16 kernels are wrong on Zen 5 whatever the
     * channel count (see the class comment) and which stay in float32.
     */
    static boolean roundsToBfloat16(int groups, int stride, Device device) {
        return groups == 1 || stride == 1 || device.isGpu();
    }

    /** Channels to add to {@code channels} to make a whole number of {@code block}-channel blocks. */
    private static long toBlock(long channels, int block) {
        return (block - channels % block) % block;
    }

    /**
     * {@code a} with {@code count} zero slices put in front along {@code axis}, owned by {@code manager}
     * (the zeros come first because a concatenation belongs to its first array's manager, and
     * {@code a} may be a parameter, whose manager lives as long as the model).
     */
    private static NDArray zeroChannels(NDArray a, int axis, long count, NDManager manager) {
        if (count == 0) {
            return a;
        }
        long[] dims = a.getShape().getShape().clone(); // getShape() hands out the shape's own array
        dims[axis] = count;
        return manager.zeros(new Shape(dims), a.getDataType(), a.getDevice()).concat(a, axis);
    }

    private static NDArray convolve(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups,
            boolean bf16) {
        if (bf16) {
            return inBfloat16(x, weight, bias, stride, padding, groups);
        }
        Shape s = stride == 1 ? UNIT : new Shape(stride, stride);
        return x.getNDArrayInternal()
                .convolution(x, weight, bias, s, new Shape(padding, padding), UNIT, groups)
                .singletonOrThrow();
    }

    private static NDArray inBfloat16(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        String key = stride + "," + padding + "," + groups;
        // serialized TorchScript names dtypes by number: 15 is bfloat16, 6 float32
        PtSymbolBlock module = BF16.computeIfAbsent(key, k -> TorchScript.function(MODULE_MANAGER, "Bf16Conv", "x: Tensor, w: Tensor", "Tensor",
                "    y = torch.conv2d(torch.to(x, 15), torch.to(w, 15), None, [" + stride + ", " + stride + "], ["
                        + padding + ", " + padding + "], [1, 1], " + groups + ")\n"
                        + "    return torch.to(y, 6)\n"));
        NDArray y = IValueUtils.forward(module, new NDList(x, weight), true).get(0);
        y.attach(x.getManager());
        return withBias(y, bias);
    }

    /**
     * Transposed 2-D convolution ("fractionally strided", the adjoint of a strided convolution),
     * DCGAN's upsampling layer: {@code torch.conv_transpose2d}, which DJL does not expose, through a
     * TorchScript function (see {@link TorchScript}); in bfloat16 under {@link Precision#BFLOAT16}.
     *
     * @param x {@code [N, Cin, H, W]}
     * @param weight {@code [Cin, Cout, k, k]} (PyTorch's layout for transposed convolutions)
     * @param bias {@code [Cout]} or {@code null}
     * @return {@code [N, Cout, (H - 1) stride - 2 padding + k, ...]}
     */
    public static NDArray convTranspose2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        boolean bf16 = bfloat16(x);
        Kernel kernel = (xx, ww, bb) -> withBias(transposed(xx, ww, stride, padding, bf16), bb);
        if (x.getDevice().isGpu()) {
            return kernel.apply(x, weight, bias);
        }
        long inPad = toBlock(weight.getShape().get(0), BLOCK);
        long out = weight.getShape().get(1);
        long outPad = bf16 ? toBlock(out, 2 * BLOCK) : out > BLOCK ? toBlock(out, BLOCK) : 0;
        return blockAligned(x, weight, bias, 1, inPad, outPad, kernel);
    }

    private static NDArray transposed(NDArray x, NDArray weight, int stride, int padding, boolean bf16) {
        String key = stride + "," + padding + "," + bf16;
        PtSymbolBlock module = TRANSPOSED.computeIfAbsent(key, k -> TorchScript.function(MODULE_MANAGER, "ConvTranspose", "x: Tensor, w: Tensor", "Tensor",
                (bf16 ? "    y = torch.conv_transpose2d(torch.to(x, 15), torch.to(w, 15), None, [" : "    y = torch.conv_transpose2d(x, w, None, [")
                        + stride + ", " + stride + "], [" + padding + ", " + padding + "])\n"
                        + (bf16 ? "    return torch.to(y, 6)\n" : "    return y\n")));
        NDArray y = IValueUtils.forward(module, new NDList(x, weight), true).get(0);
        y.attach(x.getManager());
        return y;
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
