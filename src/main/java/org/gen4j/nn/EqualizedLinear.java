package org.gen4j.nn;

import org.gen4j.ops.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Conv;
import org.gen4j.ops.Shapes;

/** Dense layer with equalized learning rate; see {@link EqualizedConv2d}. */
public final class EqualizedLinear extends Module {

    private final NDArray weight; // [out, in], N(0, 1)
    private final NDArray bias; // [out]
    private final int inFeatures;
    private final double scale;

    /**
     * @param gain {@code sqrt(2)} before leaky ReLU, 1 before a linear output; ProGAN's first
     *     generator layer, a 4x4 "deconvolution" of the latent, uses {@code sqrt(2) / 4}
     */
    public EqualizedLinear(NDManager manager, RandomGenerator rng, int inFeatures, int outFeatures, double gain) {
        this.inFeatures = inFeatures;
        this.scale = EqualizedConv2d.heScale(gain, inFeatures);
        this.weight = parameter("weight", normal(manager, rng, new Shape(outFeatures, inFeatures)));
        this.bias = parameter("bias", manager.zeros(new Shape(outFeatures)));
    }

    public double scale() {
        return scale;
    }

    /** {@code [N, in] -> [N, out]}. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "equalized linear input", Shapes.ANY, inFeatures);
        return Conv.linear(x, Scalars.mul(weight, scale), bias);
    }
}
