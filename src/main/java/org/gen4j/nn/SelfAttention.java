package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Shapes;

/**
 * The self-attention block of SAGAN (Zhang et al., ICML 2019, section 3, figure 2), as the
 * authors' TensorFlow code and BigGAN-PyTorch compute it: spectrally normalised 1x1 convolutions
 * without bias map {@code x [N, C, H, W]} to queries {@code f} and keys {@code g} of {@code C/8}
 * channels and values {@code h} of {@code C/2}; keys and values are max-pooled 2x2, so each of
 * the {@code HW} positions attends over {@code HW/4}; {@code beta = softmax(f^T g)} over the key
 * positions (no scaling); the attended values pass through a 1x1 convolution back to {@code C}
 * channels and are added to the input scaled by a learned {@code gamma} that starts at 0, so the
 * block starts as the identity (equation 3).
 */
public final class SelfAttention extends Module {

    private final Conv2d query;
    private final Conv2d key;
    private final Conv2d value;
    private final Conv2d out;
    private final NDArray gamma;
    private final int channels;

    public SelfAttention(NDManager manager, RandomGenerator rng, int channels, Init init) {
        this.channels = channels;
        this.query = child("theta", conv(manager, rng, channels, channels / 8, init));
        this.key = child("phi", conv(manager, rng, channels, channels / 8, init));
        this.value = child("g", conv(manager, rng, channels, channels / 2, init));
        this.out = child("o", conv(manager, rng, channels / 2, channels, init));
        this.gamma = parameter("gamma", manager.zeros(new Shape(1)));
    }

    private static Conv2d conv(NDManager m, RandomGenerator rng, int in, int out, Init init) {
        return new Conv2d(m, rng, in, out, 1, 1, 0, init, Bias.NONE, true);
    }

    /** {@code [N, C, H, W] -> [N, C, H, W]}, with even H and W. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "self-attention input", Shapes.ANY, channels, Shapes.ANY, Shapes.ANY);
        NDArray o = out.forward(attend(x));
        return o.mul(gamma.reshape(1, 1, 1, 1)).add(x);
    }

    /** The attended values before the output convolution, {@code [N, C/2, H, W]}. */
    NDArray attend(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), hw = s.get(2) * s.get(3);
        NDArray theta = query.forward(x).reshape(n, channels / 8, hw);
        NDArray phi = maxPool2x2(key.forward(x)).reshape(n, channels / 8, hw / 4);
        NDArray g = maxPool2x2(value.forward(x)).reshape(n, channels / 2, hw / 4);
        NDArray beta = attention(theta, phi); // [N, HW, HW/4]
        return g.matMul(beta.transpose(0, 2, 1)).reshape(n, channels / 2, s.get(2), s.get(3));
    }

    /** Attention weights {@code softmax_j(theta_i . phi_j)} {@code [N, HW, HW/4]}; every row sums to 1. */
    static NDArray attention(NDArray theta, NDArray phi) {
        return theta.transpose(0, 2, 1).matMul(phi).softmax(-1);
    }

    /** The learned scale of the attention branch. */
    public NDArray gamma() {
        return gamma;
    }

    private static NDArray maxPool2x2(NDArray x) {
        Shape two = new Shape(2, 2);
        return x.getNDArrayInternal().maxPool(two, two, new Shape(0, 0), false);
    }
}
