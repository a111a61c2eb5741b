package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leaky ReLU's input gradient as an operation of the forward graph, for gradients written out
 * layer by layer (see {@code Discriminator.logitsAndInputGradient}): {@code grad * 1} where the
 * pre-activation is positive and {@code grad * slope} elsewhere, libtorch's
 * {@code leaky_relu_backward} in one kernel. It is linear in {@code grad} and is differentiated
 * with respect to {@code grad} only: the slope is piecewise constant in the pre-activation, whose
 * second derivative is zero almost everywhere, as in autograd's own double backward.
 */
public final class LeakyRelu {

    private static final ConcurrentHashMap<Double, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();
    private static final PtNDManager MODULE_MANAGER = (PtNDManager) NDManager.newBaseManager("PyTorch");

    private LeakyRelu() {}

    /**
     * @param grad the gradient with respect to the activation's output
     * @param preactivation the activation's input, shaped as {@code grad}
     * @param slope the slope below zero
     * @return the gradient with respect to the activation's input, differentiable in {@code grad}
     */
    public static NDArray inputGradient(NDArray grad, NDArray preactivation, double slope) {
        PtSymbolBlock module = MODULES.computeIfAbsent(slope, s -> TorchScript.function(MODULE_MANAGER, "LeakyReluGrad",
                "g: Tensor, a: Tensor", "Tensor", "    return torch.leaky_relu_backward(g, a, " + s + ", False)\n"));
        // the pre-activation enters only through its sign: detached, autograd skips its zero gradient
        NDArray y = IValueUtils.forward(module, new NDList(grad, preactivation.stopGradient()), true).get(0);
        y.attach(grad.getManager());
        return y;
    }
}
