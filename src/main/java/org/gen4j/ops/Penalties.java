package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/** Gradient-based regularisers of a discriminator. Call them while gradients are recorded. */
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
        NDArray grad = Autograd.gradient(critic.apply(mixed), mixed);
        NDArray norms = grad.square().sum(PER_SAMPLE).sqrt();
        return norms.sub(1).square().mean();
    }
}
