package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * Regularisers as differentiable functions: gradient penalties of a discriminator and weight
 * penalties. Call them while gradients are recorded.
 */
public final class Penalties {

    private static final int[] PER_SAMPLE = {1, 2, 3};

    private Penalties() {}

    /**
     * WGAN-GP gradient penalty (Gulrajani et al. 2017, eq. 3):
     * {@code E[(||grad_x D(x)||_2 - 1)^2]} at {@code x = real + t (fake - real)}, one {@code t} per
     * sample. The result is differentiable with respect to the critic's parameters.
     *
     * @param critic maps images {@code [N, C, H, W]} to scores {@code [N]} or {@code [N, 1]}
     * @param real real images {@code [N, C, H, W]}, not requiring gradients
     * @param fake generated images, same shape, not requiring gradients
     * @param t mixing factors {@code [N]} in {@code [0, 1]}
     * @return the scalar penalty (before the weight lambda)
     */
    public static NDArray gradientPenalty(UnaryOperator<NDArray> critic, NDArray real, NDArray fake, NDArray t) {
        NDArray mixed = fake.sub(real).muli(t.reshape(-1, 1, 1, 1)).addi(real);
        mixed.setRequiresGradient(true);
        NDArray grad = Autograd.differentiate(mixed, critic).gradient();
        NDArray norms = grad.square().sum(PER_SAMPLE).sqrt();
        return norms.sub(1).square().mean();
    }

    /**
     * BigGAN's orthogonal regularisation (Brock et al. 2019, section 3.1, equation 3) of one weight,
     * before its weight beta: {@code ||W W^T (1 - I)||_F^2} with {@code W} the weight viewed as
     * {@code [out, fanIn]} (one filter per row, as the authors' code views it), i.e. the squared
     * off-diagonal entries of the filters' Gram matrix; zero exactly when the filters are orthogonal,
     * whatever their norms. Its gradient is {@code 4 (W W^T (1 - I)) W}; the authors' code adds
     * {@code 2 beta (W W^T (1 - I)) W} to the gradient directly, half of this.
     */
    public static NDArray orthogonal(NDArray weight) {
        long rows = weight.getShape().get(0);
        NDArray w = weight.reshape(rows, -1);
        NDArray gram = w.matMul(w.transpose());
        NDArray offDiagonal = gram.sub(gram.mul(gram.getManager().eye((int) rows)));
        return offDiagonal.square().sum();
    }
}
