package org.gen4j.models.ncpvae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Scalars;

/**
 * The two ways NCP-VAE samples its reweighted prior {@code p(z) r(z) / Z} (Aneja et al. 2021,
 * section 3.2), written for one latent group given the groups above (section 3.3: the hierarchical
 * prior is {@code prod_k p(z_k | z_<k) r(z_k | z_<k) / Z_k(z_<k)}, sampled group by group).
 */
final class ReweightedSampling {

    private ReweightedSampling() {}

    /**
     * Sampling-importance-resampling's choice: among {@code m} proposals drawn from the base prior,
     * the one picked with probability {@code r_j / sum_i r_i} (the proposals' importance weights
     * {@code p r / p}), by inverting the cumulative weights at the uniform {@code u}.
     *
     * @param logWeights {@code log r} of the proposals, read at {@code [offset, offset + m)}
     * @param u a uniform value in [0, 1)
     * @return the chosen proposal's index, in [0, m)
     */
    static int choose(float[] logWeights, int offset, int m, double u) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            max = Math.max(max, logWeights[offset + j]);
        }
        double[] cumulative = new double[m];
        double total = 0;
        for (int j = 0; j < m; j++) {
            double w = logWeights[offset + j];
            total += Double.isNaN(w) ? 0 : Math.exp(w - max); // the largest weight is 1: no overflow
            cumulative[j] = total;
        }
        double target = u * total;
        for (int j = 0; j < m; j++) {
            if (target < cumulative[j]) {
                return j;
            }
        }
        return m - 1;
    }

    /**
     * One step of (unadjusted) Langevin dynamics on an energy E:
     * {@code x - eta / 2 grad E(x) + sqrt(eta) noise} (section 3.2).
     *
     * @param gradEnergy {@code grad E(x)}, shaped as {@code x}
     * @param noise standard normal, shaped as {@code x}
     */
    static NDArray langevinStep(NDArray x, NDArray gradEnergy, double eta, NDArray noise) {
        return x.sub(Scalars.mul(gradEnergy, eta / 2)).add(Scalars.mul(noise, Math.sqrt(eta)));
    }

    /**
     * Langevin dynamics on one group's reweighted Gaussian prior
     * {@code E(z) = -log N(z; mean, sigma^2) - log r(z)}, run in the prior's standardised coordinates
     * {@code eps = (z - mean) / sigma}, where the energy is {@code eps^2 / 2 - log r(mean + sigma eps)}
     * up to a constant: the same target, with steps scaled to each latent's prior spread.
     *
     * @param mean the prior's mean {@code [N, ...]}
     * @param logSigma the prior's log standard deviation, shaped as {@code mean}
     * @param eps the start, standard normal (the plain prior sample {@code mean + sigma eps})
     * @param logR {@code log r} of latents {@code [N, ...] -> [N]}
     * @param steps steps to take (0: the start)
     * @param eta the step size
     * @param noise the standard normal noise of step t, shaped as {@code mean}
     * @return the latents after the steps, without gradient
     */
    static NDArray langevin(NDArray mean, NDArray logSigma, NDArray eps, UnaryOperator<NDArray> logR, int steps, double eta,
            IntFunction<NDArray> noise) {
        NDArray sigma = logSigma.exp();
        NDArray e = eps;
        if (steps > 0) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (int t = 0; t < steps; t++) {
                    e = e.stopGradient();
                    e.setRequiresGradient(true);
                    NDArray gradLogR = Autograd.gradient(logR.apply(mean.add(sigma.mul(e))), e);
                    e = langevinStep(e, e.sub(gradLogR), eta, noise.apply(t)).stopGradient();
                }
            }
        }
        return mean.add(sigma.mul(e)).stopGradient();
    }
}
