package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Conv;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.Shapes;

/**
 * The dense layer of StyleGAN and StyleGAN2 (NVIDIA's {@code FullyConnectedLayer}): equalized
 * learning rate with a learning-rate multiplier (StyleGAN, section 2 and appendix C: 0.01 for
 * the mapping network). The weight is stored as {@code N(0, 1) / lrMul} and used as
 * {@code weight * lrMul / sqrt(in)}; the bias is stored as {@code biasInit} and used as
 * {@code bias * lrMul}. With leaky ReLU the output is {@code sqrt(2) lrelu(x W^T + b, 0.2)} (or
 * without the gain on the bias, see the constructor); the gain is folded into weight and bias,
 * which is exact because leaky ReLU is positively homogeneous.
 */
public final class FullyConnected extends Module {

    private static final double LRELU_GAIN = Math.sqrt(2);
    private static final float SLOPE = 0.2f;

    private final NDArray weight;
    private final NDArray bias;
    private final int inFeatures;
    private final double lrMul;
    private final boolean lrelu;
    private final boolean biasGain;

    /**
     * @param lrelu leaky ReLU (slope 0.2, gain sqrt 2) after the affine map, else linear
     * @param lrMul learning-rate multiplier
     * @param biasInit initial bias value (1 for StyleGAN2's style affines, 0 elsewhere)
     * @param biasGain whether leaky ReLU's gain also scales the bias: {@code sqrt(2) lrelu(xW + b)}
     *     as StyleGAN2's {@code bias_act}, or {@code lrelu(sqrt(2) xW + b)} as StyleGAN's
     *     TensorFlow layers
     */
    public FullyConnected(NDManager manager, RandomGenerator rng, int inFeatures, int outFeatures, boolean lrelu,
            double lrMul, double biasInit, boolean biasGain) {
        this.inFeatures = inFeatures;
        this.lrMul = lrMul;
        this.lrelu = lrelu;
        this.biasGain = biasGain;
        this.weight = parameter("weight", Scalars.muli(normal(manager, rng, new Shape(outFeatures, inFeatures)), 1 / lrMul));
        this.bias = parameter("bias", manager.full(new Shape(outFeatures), (float) biasInit));
    }

    /** {@code [N, in] -> [N, out]}. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "fully connected input", Shapes.ANY, inFeatures);
        double gain = lrelu ? LRELU_GAIN : 1;
        NDArray y = Conv.linear(x, Scalars.mul(weight, gain * lrMul / Math.sqrt(inFeatures)),
                Scalars.mul(bias, (biasGain ? gain : 1) * lrMul));
        return lrelu ? Activation.leakyRelu(y, SLOPE) : y;
    }
}
