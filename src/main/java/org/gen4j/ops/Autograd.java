package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Differentiable gradients: {@code d sum(output) / d input} with {@code create_graph}, as gradient
 * penalties (WGAN-GP, R1) and path-length regularisation need them.
 *
 * <p>DJL's only route, {@code JniUtils.backward(..., createGraph=true)}, accumulates into the
 * parameters' {@code .grad} a graph that references the parameters themselves; DJL cannot reset
 * {@code .grad} to undefined, so every call leaks that cycle. {@code torch.autograd.grad} returns
 * the input gradients without touching {@code .grad}; this class calls it through a tiny
 * TorchScript module compiled at first use (see {@link TorchScript}).
 *
 * <p>Must be called while gradients are being recorded (inside a {@code GradientCollector}); the
 * result is part of the graph, so a later backward pass differentiates through it. A gradient that
 * is differentiated again (a penalty on it, a step along it that the loss sees) must come from
 * {@link #differentiate}, which runs the function's convolutions ready for the double backward
 * (see {@link Conv}); {@link #gradient} is for gradients used as values only.
 */
public final class Autograd {

    private static final ConcurrentHashMap<Integer, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();
    private static final PtNDManager MODULE_MANAGER =
            (PtNDManager) NDManager.newBaseManager("PyTorch");

    private Autograd() {}

    /** A function's value and its gradient, from {@link #differentiate}. */
    public record ValueAndGradient(NDArray value, NDArray gradient) {}

    /**
     * {@code f(x)} and {@code d sum(f(x)) / dx}, both part of the graph, for a gradient that a later
     * backward pass differentiates again: gradient penalties (WGAN-GP, R1), path-length
     * regularisation, latent optimisation. {@code f}'s convolutions run ready for libtorch's double
     * backward on CPU (see {@link Conv}); without that, minibatches above 16 that are not a
     * multiple of 16 get wrong second-order weight gradients on some CPUs.
     *
     * @param x a tensor that records gradients (a leaf with gradients enabled, or computed from one)
     * @param f any function of {@code x}; its output is summed for the gradient
     * @return {@code f(x)}, and the gradient, shaped as {@code x}
     */
    public static ValueAndGradient differentiate(NDArray x, UnaryOperator<NDArray> f) {
        NDArray y = Conv.secondOrder(() -> f.apply(x));
        return new ValueAndGradient(y, gradient(y, x));
    }

    /**
     * Gradient of {@code sum(output)} with respect to {@code input}, differentiable in turn.
     *
     * @param output any shape; summed
     * @param input a tensor {@code output} depends on, with gradients enabled
     * @return same shape as {@code input}; zeros where {@code output} does not depend on it
     */
    public static NDArray gradient(NDArray output, NDArray input) {
        return gradients(output, input).get(0);
    }

    /** Gradients of {@code sum(output)} with respect to each of {@code inputs}, in one backward pass. */
    public static NDList gradients(NDArray output, NDArray... inputs) {
        PtSymbolBlock module = MODULES.computeIfAbsent(inputs.length, Autograd::compile);
        NDList args = new NDList(inputs.length + 1);
        args.add(output);
        for (NDArray x : inputs) {
            args.add(x);
        }
        NDList grads = IValueUtils.forward(module, args, true);
        grads.attach(output.getManager());
        return grads;
    }

    private static PtSymbolBlock compile(int arity) {
        StringBuilder params = new StringBuilder();
        StringBuilder list = new StringBuilder();
        StringBuilder types = new StringBuilder();
        StringBuilder body = new StringBuilder();
        StringBuilder results = new StringBuilder();
        for (int i = 0; i < arity; i++) {
            String sep = i == 0 ? "" : ", ";
            params.append(", x").append(i).append(": Tensor");
            list.append(sep).append('x').append(i);
            types.append(sep).append("Tensor");
            results.append(sep).append('r').append(i);
            body.append("    g").append(i).append(" = gs[").append(i).append("]\n")
                    .append("    if torch.__is__(g").append(i).append(", None):\n")
                    .append("      r").append(i).append(" = torch.zeros_like(x").append(i).append(")\n")
                    .append("    else:\n")
                    .append("      r").append(i).append(" = unchecked_cast(Tensor, g").append(i).append(")\n");
        }
        return TorchScript.function(MODULE_MANAGER, "Autograd", "output: Tensor" + params, "Tuple[" + types + "]",
                "    gs = torch.autograd.grad([torch.sum(output)], [" + list + "], None, True, True, True)\n"
                        + body
                        + "    return (" + results + (arity == 1 ? "," : "") + ")\n");
    }
}
