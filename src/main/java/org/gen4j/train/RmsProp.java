package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.gen4j.ops.Foreach;

/**
 * RMSProp (Tieleman and Hinton 2012, lecture 6.5) as PyTorch defines it, the optimiser of WGAN
 * (Arjovsky et al. 2017, Algorithm 1): {@code v := alpha v + (1 - alpha) g^2},
 * {@code p := p - lr g / (sqrt(v) + eps)}, without momentum or centring. The running square
 * {@code v} is part of the checkpoint.
 */
public final class RmsProp extends TensorOptimizer {

    private double lr;
    private final double alpha;
    private final double eps;

    /**
     * @param alpha decay of the running mean of squared gradients (PyTorch: 0.99)
     * @param eps added to the root (PyTorch: 1e-8)
     */
    public RmsProp(NDManager manager, Map<String, NDArray> params, double lr, double alpha, double eps) {
        super(manager, params, List.of("v"));
        this.lr = lr;
        this.alpha = alpha;
        this.eps = eps;
    }

    @Override
    protected void update(List<NDArray> params, List<NDArray> grads, List<List<NDArray>> s, long t) {
        Foreach.rmsProp(params, grads, s.get(0), lr, alpha, eps);
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }
}
