package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Conv;
import org.gen4j.ops.Shapes;

/**
 * A dense layer {@code y = x W^T + b} with a stored weight {@code [out, in]}, optionally
 * spectrally normalised ({@link SpectralNorm}).
 */
public final class Linear extends Module {

    private final NDArray weight;
    private final NDArray bias;
    private final SpectralNorm sn;
    private final int inFeatures;

    /**
     * @param init how the weight is drawn
     * @param bias whether a learned bias is added and how it starts
     * @param spectralNorm whether the weight is used divided by its spectral norm
     */
    public Linear(NDManager manager, RandomGenerator rng, int inFeatures, int outFeatures, Init init, Bias bias,
            boolean spectralNorm) {
        Shape shape = new Shape(outFeatures, inFeatures);
        this.inFeatures = inFeatures;
        this.weight = parameter("weight", init.draw(manager, rng, shape));
        NDArray b = bias.draw(manager, rng, outFeatures, inFeatures);
        this.bias = b == null ? null : parameter("bias", b);
        this.sn = spectralNorm ? child("sn", new SpectralNorm(manager, rng, shape)) : null;
    }

    public NDArray weight() {
        return weight;
    }

    public SpectralNorm spectralNorm() {
        return sn;
    }

    /** {@code [N, in] -> [N, out]}. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "dense input", Shapes.ANY, inFeatures);
        return Conv.linear(x, sn == null ? weight : sn.apply(weight), bias);
    }
}
