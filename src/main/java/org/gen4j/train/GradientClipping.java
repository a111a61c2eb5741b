package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.gen4j.ops.Foreach;

/** The global gradient norm of a set of parameters, and clipping by it (Pascanu et al., ICML 2013), as PyTorch's {@code clip_grad_norm_}. */
public final class GradientClipping {

    private GradientClipping() {}

    /** {@code sqrt(sum of every squared gradient entry)}; non-finite when any gradient is. */
    public static double norm(Collection<NDArray> params) {
        return Math.sqrt(Foreach.sumOfSquares(gradients(params)));
    }

    /**
     * Scales every gradient in place by {@code maxNorm / (norm + 1e-6)} when that is below 1.
     *
     * @param norm the gradients' norm, from {@link #norm}
     */
    public static void clip(Collection<NDArray> params, double norm, double maxNorm) {
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            Foreach.scale(gradients(params), coef);
        }
    }

    private static List<NDArray> gradients(Collection<NDArray> params) {
        List<NDArray> grads = new ArrayList<>(params.size());
        for (NDArray p : params) {
            grads.add(p.getGradient());
        }
        return grads;
    }
}
