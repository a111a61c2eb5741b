package org.gen4j.train;

/**
 * A generator whose prior is a base prior reweighted by a learned factor, {@code p(z) r(z)}
 * (NCP-VAE: r from noise-contrastive classifiers), which it samples by importance resampling or by
 * Langevin dynamics ({@link PriorSampling}); what {@code sample} and {@code eval} ask for with
 * {@code --sampler}.
 */
public interface ReweightedPriorGenerator extends ImageGenerator {

    /** How it samples unless told otherwise (the run's configuration). */
    PriorSampling sampling();

    /** This generator sampling as {@code sampling} says. */
    ImageGenerator withSampling(PriorSampling sampling);
}
