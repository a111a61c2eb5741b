package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Collection;

/** The global gradient norm of a set of parameters, and clipping by it (Pascanu et al., ICML 2013), as PyTorch's {@code clip_grad_norm_}. */
public final class GradientClipping {

    private GradientClipping() {}

    /** {@code sqrt(sum of every squared gradient entry)}; non-finite when any gradient is. */
    public static double norm(Collection<NDArray> params) {
        NDList sums = new NDList();
        for (NDArray p : params) {
            sums.add(p.getGradient().square().sum());
        }
        return Math.sqrt(NDArrays.stack(sums).sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
    }

    /**
     * Scales every gradient in place by {@code maxNorm / (norm + 1e-6)} when that is below 1.
     *
     * @param norm the gradients' norm, from {@link #norm}
     */
    public static void clip(Collection<NDArray> params, double norm, double maxNorm) {
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (NDArray p : params) {
                p.getGradient().muli(coef);
            }
        }
    }
}
