package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * Latent optimisation: moving a generator's latent z, before it is used, along the gradient of
 * the discriminator's judgement of {@code G(z)}. Both forms here are differentiable in every
 * parameter the judgement depends on (the gradients are taken with {@code create_graph}), so a
 * loss computed from the optimised z back-propagates through the optimisation, as both papers
 * train. Call them while gradients are recorded.
 */
public final class LatentOptimisation {

    private static final double EPS = 1e-12;

    private LatentOptimisation() {}

    /** Each row of {@code z [N, d]} scaled to unit L2 norm (the norm floored at 1e-12, as TensorFlow's {@code l2_normalize}). */
    public static NDArray unitSphere(NDArray z) {
        // clip takes plain numbers; maximum(Number) would free a tensor its backward reads (see Scalars)
        return z.div(z.square().sum(new int[] {1}, true).clip(EPS * EPS, Float.MAX_VALUE).sqrt());
    }

    /**
     * CS-GAN's latent optimisation (Wu, Rosca and Lillicrap, ICML 2019, "Deep Compressed Sensing",
     * section 3 and Algorithm 1; deepmind-research/cs_gan {@code utils.optimise_and_sample}):
     * {@code z := P(z0)}, then {@code steps} times {@code z := P(z - s grad_z loss(z))}, with
     * {@code P} the projection onto the unit sphere.
     *
     * @param z0 the drawn latents {@code [N, d]}, not requiring gradients
     * @param loss the generator's loss of latents, a scalar (CS-GAN: the batch mean of
     *     {@code -log D(G(z))})
     * @param stepSize the step {@code s}, a scalar tensor (learned: it may require gradients)
     * @return the optimised latents, on the unit sphere, differentiable in whatever {@code loss} and {@code stepSize} depend on
     */
    public static NDArray projectedGradientDescent(NDArray z0, UnaryOperator<NDArray> loss, NDArray stepSize, int steps) {
        NDArray z = unitSphere(z0);
        if (steps == 0) {
            return z;
        }
        z.setRequiresGradient(true);
        for (int k = 0; k < steps; k++) {
            NDArray g = Autograd.differentiate(z, loss).gradient();
            z = unitSphere(z.sub(g.mul(stepSize)));
        }
        return z;
    }

    /** A natural-gradient latent step: the moved latents and the move. */
    public record Step(NDArray z, NDArray delta) {}

    /**
     * LOGAN's natural-gradient latent step (Wu, Donahue, Balduzzi, Simonyan and Lillicrap 2019,
     * "LOGAN: Latent Optimisation for Generative Adversarial Networks", section 3.2): with
     * {@code g = d score(z) / dz} per sample, the Fisher approximation {@code g g^T + beta I}
     * gives {@code delta = alpha g / (beta + ||g||^2)}, and {@code z' = clip(z + delta, -1, 1)}:
     * z moves to raise the discriminator's score, clipped to the uniform prior's support.
     *
     * @param z latents {@code [N, d]} in [-1, 1]; they must record gradients
     * @param scores the discriminator's scores of {@code G(z)}, {@code [N]}
     */
    public static Step naturalGradient(NDArray z, UnaryOperator<NDArray> scores, double alpha, double beta) {
        return naturalGradient(z, scores, alpha, beta, null);
    }

    /**
     * {@link #naturalGradient(NDArray, UnaryOperator, double, double)} applied only to the rows
     * {@code moved} selects: {@code z' = clip(z + moved * delta, -1, 1)} with {@code moved} a
     * {@code [N, 1]} mask of zeros and ones ({@code null}: every row); {@code delta} is returned for
     * every row.
     */
    public static Step naturalGradient(NDArray z, UnaryOperator<NDArray> scores, double alpha, double beta, NDArray moved) {
        NDArray g = Autograd.differentiate(z, scores).gradient();
        NDArray delta = Scalars.mul(g.div(g.square().sum(new int[] {1}, true).add(beta)), alpha);
        return new Step(z.add(moved == null ? delta : delta.mul(moved)).clip(-1, 1), delta);
    }
}
