package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * Spectral normalisation (Miyato et al., ICLR 2018, "Spectral Normalization for Generative
 * Adversarial Networks", section 2.1 and Algorithm 1): a weight is used divided by its largest
 * singular value {@code sigma(W)}, estimated by power iteration on {@code W} viewed as
 * {@code [out, fanIn]} with a persistent left singular vector {@code u}.
 *
 * <p>In training mode every forward pass runs one power iteration, {@code v = normalize(W^T u)},
 * {@code u = normalize(W v)}, stores {@code u}, {@code v} and {@code sigma = u^T W v}, and returns
 * {@code W / sigma}; the gradient flows through {@code sigma} with {@code u} and {@code v} held
 * constant, as in the paper. In evaluation mode the same iteration runs from the stored {@code u}
 * but nothing is stored, so sampling never changes a model; starting from the stored {@code u}
 * also keeps it right for a moving average of weights and vectors (BigGAN-PyTorch's
 * {@code power_iteration(update=False)}).
 *
 * <p>{@code u}, {@code v} and {@code sigma} are buffers of the owning layer, saved in checkpoints.
 * Applies to convolution, dense and embedding weights alike.
 */
public final class SpectralNorm extends Module {

    /** Added to vector norms before dividing (PyTorch's {@code F.normalize} default). */
    static final double EPS = 1e-12;

    private final NDArray u; // [out]
    private final NDArray v; // [fanIn]
    private final NDArray sigma; // [1]
    private final int rows;

    /** For a weight whose first extent is {@code shape.get(0)}; {@code u} starts as a random unit vector. */
    public SpectralNorm(NDManager manager, RandomGenerator rng, Shape shape) {
        this.rows = (int) shape.get(0);
        int cols = (int) (shape.size() / rows);
        this.u = buffer("u", unit(normal(manager, rng, new Shape(rows))));
        this.v = buffer("v", manager.zeros(new Shape(cols)));
        this.sigma = buffer("sigma", manager.ones(new Shape(1)));
    }

    /** {@code weight / sigma(weight)}, any shape {@code [out, ...]}; updates {@code u}, {@code v}, {@code sigma} in training mode. */
    public NDArray apply(NDArray weight) {
        NDArray w = weight.reshape(rows, -1);
        NDArray wd = w.stopGradient();
        NDArray vNew = unit(u.matMul(wd)); // u^T W, i.e. W^T u
        NDArray uNew = unit(wd.matMul(vNew));
        NDArray s = uNew.matMul(w.matMul(vNew)).reshape(1); // u^T W v, differentiable in W
        if (isTraining()) {
            Parameters.assign(u, uNew);
            Parameters.assign(v, vNew);
            Parameters.assign(sigma, s.stopGradient());
        }
        return weight.div(s);
    }

    /** The singular value estimated at the last training forward pass. */
    public NDArray sigma() {
        return sigma;
    }

    /** The stored left singular vector. */
    public NDArray u() {
        return u;
    }

    /** The stored right singular vector. */
    public NDArray v() {
        return v;
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.square().sum().sqrt().maximum(EPS));
    }
}
