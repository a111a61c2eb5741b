package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.gen4j.ops.Foreach;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) with bias correction, updating parameters in place, and
 * optionally AdamW's decoupled weight decay (Loshchilov and Hutter, ICLR 2019, Algorithm 2): every
 * update first shrinks the parameter by {@code 1 - lr * weightDecay}, as PyTorch's {@code AdamW}
 * does. First and second moments ({@code m}, {@code v}) live beside the parameters and are part of
 * the checkpoint.
 */
public final class Adam extends TensorOptimizer {

    private double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /**
     * @param params the parameters it may update, by name; moments are allocated for all of them
     */
    public Adam(NDManager manager, Map<String, NDArray> params, double lr, double beta1, double beta2, double eps) {
        this(manager, params, lr, beta1, beta2, eps, 0);
    }

    /**
     * AdamW.
     *
     * @param weightDecay decoupled weight decay per unit of learning rate (0: plain Adam)
     */
    public Adam(NDManager manager, Map<String, NDArray> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(manager, params, List.of("m", "v"));
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void update(List<NDArray> params, List<NDArray> grads, List<List<NDArray>> s, long t) {
        Foreach.adam(params, grads, s.get(0), s.get(1), lr, beta1, beta2, eps, weightDecay, t);
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }
}
