package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Tensor-times-number arithmetic that is safe to differentiate.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (and {@code div}, {@code muli}, ...) wraps the number in a
 * tensor that borrows the memory of a Java direct buffer ({@code torch.from_blob}) and closes it
 * right after the operation. Autograd keeps that tensor for the backward pass of a product, and
 * once the garbage collector frees the buffer the backward pass reads freed memory: gradients
 * come out silently wrong or NaN, depending on when the collector ran. The numbers here are
 * tensors that own their memory, so the graph keeps them alive. Use these in anything that may be
 * differentiated; {@code add(Number)} and {@code sub(Number)} are safe, their backward ignores
 * the number.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x * value}, differentiable in {@code x}. */
    public static NDArray mul(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.mul(s);
        }
    }

    /** {@code x *= value} in place, differentiable in {@code x}. */
    public static NDArray muli(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.muli(s);
        }
    }

    /** {@code x ^ exponent}, differentiable in {@code x}. */
    public static NDArray pow(NDArray x, double exponent) {
        try (NDArray s = scalar(x, exponent)) {
            return x.pow(s);
        }
    }

    /** {@code max(x, value)} elementwise, differentiable in {@code x} (e.g. a floor on log scales). */
    public static NDArray maximum(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.maximum(s);
        }
    }

    /**
     * Host data as a tensor that owns its memory. {@code NDManager.create(float[], ...)} borrows
     * a direct buffer instead, which must then outlive every graph that saves the tensor.
     */
    public static NDArray fromHost(NDManager manager, float[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }

    private static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }
}
