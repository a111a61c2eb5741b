package org.gen4j.train;

import java.util.SplittableRandom;

/**
 * BigGAN's truncation trick (Brock et al. 2019, section 3.1): latents are drawn from a truncated
 * normal, every component whose magnitude exceeds the threshold being resampled until it falls
 * inside, trading variety for fidelity as the threshold falls. Distinct from the style-based
 * models' truncation in W ({@link StyleGenerator}).
 */
public interface LatentTruncation extends ImageGenerator {

    /** This generator with latents truncated at {@code threshold}, which must be positive. */
    ImageGenerator truncated(double threshold);

    /**
     * Seed {@code s}'s latent ({@link Sampler#latent}) with exactly the components beyond
     * {@code threshold} resampled, each from its own stream seeded by the seed and the component's
     * index, until inside; the other components are the untruncated latent's.
     */
    static float[] truncatedLatent(long seed, int dim, double threshold) {
        float[] z = Sampler.latent(seed, dim);
        for (int j = 0; j < z.length; j++) {
            if (Math.abs(z[j]) > threshold) {
                SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + j);
                double v;
                do {
                    v = r.nextGaussian();
                } while (Math.abs(v) > threshold);
                z[j] = (float) v;
            }
        }
        return z;
    }
}
