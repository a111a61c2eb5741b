package org.gen4j.ops;

import ai.djl.ndarray.NDArray;

/**
 * Diagonal Gaussians parameterised by mean and log standard deviation, as hierarchical VAEs use
 * them for every latent group (Kingma and Welling 2014, appendix B; VDVAE, section 3): the analytic
 * KL divergence, the log density and reparameterised samples. All functions are elementwise over
 * tensors of one shape (e.g. {@code [N, zdim, H, W]}); sum the result over the dimensions a group
 * spans.
 */
public final class Gaussians {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Gaussians() {}

    /**
     * {@code KL(N(mu1, sigma1^2) || N(mu2, sigma2^2))} per element:
     * {@code log(sigma2 / sigma1) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2}.
     *
     * @param logSigma1 {@code log sigma1}, same shape as {@code mu1}
     * @param logSigma2 {@code log sigma2}
     */
    public static NDArray kl(NDArray mu1, NDArray logSigma1, NDArray mu2, NDArray logSigma2) {
        NDArray num = Scalars.mul(logSigma1, 2).exp().add(mu1.sub(mu2).square());
        NDArray quadratic = Scalars.mul(num.div(Scalars.mul(logSigma2, 2).exp()), 0.5);
        return logSigma2.sub(logSigma1).add(quadratic).sub(0.5);
    }

    /** {@code log N(z; mu, sigma^2)} per element: {@code -log sigma - log(2 pi) / 2 - (z - mu)^2 / (2 sigma^2)}. */
    public static NDArray logDensity(NDArray z, NDArray mu, NDArray logSigma) {
        NDArray u = z.sub(mu).mul(logSigma.neg().exp());
        return Scalars.mul(u.square(), -0.5).sub(logSigma).sub(HALF_LOG_TWO_PI);
    }

    /** {@code mu + exp(logSigma) * eps}: a reparameterised sample from standard normal {@code eps}. */
    public static NDArray sample(NDArray mu, NDArray logSigma, NDArray eps) {
        return mu.add(logSigma.exp().mul(eps));
    }

    /** The standard normal CDF {@code (1 + erf(z / sqrt 2)) / 2}: turns standard normal latents into uniforms. */
    public static NDArray cdf(NDArray z) {
        return Scalars.mul(Scalars.mul(z, 1 / Math.sqrt(2)).erf().add(1), 0.5);
    }
}
