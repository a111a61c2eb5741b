package org.gen4j.train;

/**
 * A generator that samples a prior whose spread can be scaled: a hierarchical VAE's per-layer
 * temperature (VDVAE, section 5.3: every latent group's prior standard deviation times T). T = 1
 * is the model's own prior; lower values give smoother, more typical images.
 */
public interface TemperatureGenerator extends ImageGenerator {

    /** This generator with every layer's prior standard deviation multiplied by {@code temperature > 0}. */
    ImageGenerator withTemperature(double temperature);
}
