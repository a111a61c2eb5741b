package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * In-place updates of many tensors at once, through libtorch's multi-tensor ({@code _foreach_*})
 * operations called from one small TorchScript module (see {@link TorchScript}): each operation is
 * one native call over all the tensors instead of one call per tensor. An optimiser step over a
 * model's hundreds of parameter tensors (VDVAE's 501) then costs a dozen calls instead of
 * thousands, each of which pays DJL's per-call cost.
 *
 * <p>Every method computes exactly what the per-tensor form in its comment computes, operation for
 * operation, so results are bitwise those of a loop over the tensors ({@code ForeachTest}). Call
 * with gradients off (outside a {@code GradientCollector}), as an optimiser step is.
 */
public final class Foreach {

    private static final PtSymbolBlock MODULE = TorchScript.load((PtNDManager) NDManager.newBaseManager("PyTorch"), "Foreach",
            "class Foreach(Module):\n"
                    + "  __parameters__ = []\n"
                    + "  __buffers__ = []\n"
                    + "  training : bool\n"
                    + "  def forward(self: __torch__.Foreach, xs: List[Tensor]) -> List[Tensor]:\n"
                    + "    return xs\n"
                    + "  def adam(self: __torch__.Foreach, params: List[Tensor], grads: List[Tensor], m: List[Tensor],"
                    + " v: List[Tensor], decay: float, beta1: float, gradWeight: float, beta2: float, squareWeight: float,"
                    + " bc2: float, eps: float, stepSize: float) -> None:\n"
                    + "    if decay != 1.:\n"
                    + "      torch._foreach_mul_(params, decay)\n"
                    + "    torch._foreach_mul_(m, beta1)\n"
                    + "    torch._foreach_add_(m, torch._foreach_mul(grads, gradWeight))\n"
                    + "    sq = torch._foreach_mul(grads, grads)\n"
                    + "    torch._foreach_mul_(sq, squareWeight)\n"
                    + "    torch._foreach_mul_(v, beta2)\n"
                    + "    torch._foreach_add_(v, sq)\n"
                    + "    denom = torch._foreach_div(v, bc2)\n"
                    + "    torch._foreach_sqrt_(denom)\n"
                    + "    torch._foreach_add_(denom, eps)\n"
                    + "    step = torch._foreach_div(m, denom)\n"
                    + "    torch._foreach_mul_(step, stepSize)\n"
                    + "    torch._foreach_sub_(params, step)\n"
                    + "  def rmsprop(self: __torch__.Foreach, params: List[Tensor], grads: List[Tensor], v: List[Tensor],"
                    + " alpha: float, squareWeight: float, eps: float, lr: float) -> None:\n"
                    + "    sq = torch._foreach_mul(grads, grads)\n"
                    + "    torch._foreach_mul_(sq, squareWeight)\n"
                    + "    torch._foreach_mul_(v, alpha)\n"
                    + "    torch._foreach_add_(v, sq)\n"
                    + "    denom = torch._foreach_sqrt(v)\n"
                    + "    torch._foreach_add_(denom, eps)\n"
                    + "    step = torch._foreach_div(grads, denom)\n"
                    + "    torch._foreach_mul_(step, lr)\n"
                    + "    torch._foreach_sub_(params, step)\n"
                    + "  def towards(self: __torch__.Foreach, average: List[Tensor], current: List[Tensor], beta: float) -> None:\n"
                    + "    torch._foreach_sub_(average, current)\n"
                    + "    torch._foreach_mul_(average, beta)\n"
                    + "    torch._foreach_add_(average, current)\n"
                    + "  def scale(self: __torch__.Foreach, xs: List[Tensor], c: float) -> None:\n"
                    + "    torch._foreach_mul_(xs, c)\n"
                    + "  def zero(self: __torch__.Foreach, xs: List[Tensor]) -> None:\n"
                    + "    torch._foreach_zero_(xs)\n"
                    + "  def sumsq(self: __torch__.Foreach, xs: List[Tensor]) -> float:\n"
                    + "    sums = annotate(List[Tensor], [])\n"
                    + "    for x in xs:\n"
                    + "      sums.append(torch.sum(torch.mul(x, x)))\n"
                    + "    return float(torch.sum(torch.stack(sums)))\n");

    private Foreach() {}

    /**
     * Adam's step with decoupled weight decay (AdamW), per tensor: {@code p *= 1 - lr wd};
     * {@code m = m b1 + g (1 - b1)}; {@code v = v b2 + g^2 (1 - b2)};
     * {@code p -= m / (sqrt(v / bc2) + eps) (lr / bc1)} with {@code bc_i = 1 - b_i^t}.
     */
    public static void adam(List<NDArray> params, List<NDArray> grads, List<NDArray> m, List<NDArray> v, double lr, double beta1,
            double beta2, double eps, double weightDecay, long t) {
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        run("adam", list(params), list(grads), list(m), list(v), IValue.from(1 - lr * weightDecay), IValue.from(beta1),
                IValue.from(1 - beta1), IValue.from(beta2), IValue.from(1 - beta2), IValue.from(bc2), IValue.from(eps),
                IValue.from(lr / bc1));
    }

    /** RMSProp's step, per tensor: {@code v = v a + g^2 (1 - a)}; {@code p -= g / (sqrt(v) + eps) lr}. */
    public static void rmsProp(List<NDArray> params, List<NDArray> grads, List<NDArray> v, double lr, double alpha, double eps) {
        run("rmsprop", list(params), list(grads), list(v), IValue.from(alpha), IValue.from(1 - alpha), IValue.from(eps), IValue.from(lr));
    }

    /** A moving average's step, per tensor: {@code average = (average - current) beta + current}. */
    public static void towards(List<NDArray> average, List<NDArray> current, double beta) {
        run("towards", list(average), list(current), IValue.from(beta));
    }

    /** {@code x *= c} for every tensor. */
    public static void scale(List<NDArray> xs, double c) {
        run("scale", list(xs), IValue.from(c));
    }

    /** Sets every tensor to zero. */
    public static void zero(List<NDArray> xs) {
        run("zero", list(xs));
    }

    /** {@code sum_x sum(x^2)}: each tensor's sum of squares in float32, those sums added. */
    public static double sumOfSquares(List<NDArray> xs) {
        IValue arg = list(xs);
        try (IValue out = IValueUtils.runMethod(MODULE, "sumsq", arg)) {
            return out.toDouble();
        } finally {
            arg.close();
        }
    }

    private static void run(String method, IValue... args) {
        try {
            IValueUtils.runMethod(MODULE, method, args).close();
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    private static IValue list(List<NDArray> xs) {
        List<PtNDArray> pt = new ArrayList<>(xs.size());
        for (NDArray x : xs) {
            pt.add((PtNDArray) x);
        }
        return IValue.listFrom(pt.toArray(PtNDArray[]::new));
    }
}
