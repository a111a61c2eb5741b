package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/** Whether a convolution or dense layer adds a learned bias, and how it starts. */
public enum Bias {
    /** No bias (DCGAN's layers, BigGAN's conditional-norm projections). */
    NONE,
    /** Starts at zero (the WGAN-GP code's {@code tflib} layers). */
    ZERO,
    /** PyTorch's default, {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} (BigGAN-PyTorch leaves biases so). */
    PYTORCH;

    /** The initial bias {@code [out]} of a layer whose weight has {@code fanIn} inputs per output, or null for {@link #NONE}. */
    NDArray draw(NDManager manager, RandomGenerator rng, int out, long fanIn) {
        return switch (this) {
            case NONE -> null;
            case ZERO -> manager.zeros(new Shape(out));
            case PYTORCH -> Init.uniform(1 / Math.sqrt(fanIn)).draw(manager, rng, new Shape(out));
        };
    }
}
