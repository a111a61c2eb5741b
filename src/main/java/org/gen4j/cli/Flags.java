package org.gen4j.cli;

import org.gen4j.Gen4jException;

/**
 * Range checks the commands run on their numeric flags before they load a run or open data, so a
 * bad value is refused by name at once ({@code null}: the flag was not given).
 */
final class Flags {

    private Flags() {}

    /** The largest image side a model is built for or a dataset resized to. */
    static final int MAX_RESOLUTION = 2048;
    /** The largest minibatch (and, for bench, feature-map count). */
    static final int MAX_BATCH = 8192;
    /** The most latent-optimisation steps. */
    static final int MAX_LATENT_STEPS = 10_000;

    /** An integer flag between {@code min} and {@code max}. */
    static void between(Integer value, int min, int max, String flag) {
        Gen4jException.check(value == null || value >= min && value <= max, "%s must be between %d and %d, got %d.", flag, min, max, value);
    }

    /** An image side: between 1 and {@link #MAX_RESOLUTION}. */
    static void resolution(Integer value) {
        between(value, 1, MAX_RESOLUTION, "--resolution");
    }

    /** A minibatch size: between 1 and {@link #MAX_BATCH}. */
    static void batch(Integer value) {
        between(value, 1, MAX_BATCH, "--batch");
    }

    /** A number of latent-optimisation steps: between 0 and {@link #MAX_LATENT_STEPS}. */
    static void latentSteps(Integer value) {
        between(value, 0, MAX_LATENT_STEPS, "--latent-steps");
    }

    /** An integer flag of at least {@code min}; the largest value is what it indexes, checked once that is open. */
    static void atLeast(Integer value, int min, String flag) {
        Gen4jException.check(value == null || value >= min, "%s must be at least %d, got %d.", flag, min, value);
    }

    /** The truncation flags common to sample, interpolate and mix; the model decides the rest of their range. */
    static void truncation(Double psi, Integer cutoff) {
        Gen4jException.check(psi == null || Double.isFinite(psi) && psi >= 0 && psi <= 100,
                "--truncation must be a number between 0 and 100, got %s.", psi);
        between(cutoff, 0, 1024, "--truncation-cutoff");
    }

    /** {@code --noise-mode}: const, random or none. */
    static org.gen4j.train.NoiseMode noiseMode(String value) {
        for (org.gen4j.train.NoiseMode m : org.gen4j.train.NoiseMode.values()) {
            if (m.name().equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new Gen4jException("--noise-mode must be const, random or none, got '" + value + "'.");
    }

    /** An angle in degrees: any finite number. */
    static void angle(Double degrees, String flag) {
        Gen4jException.check(degrees == null || Double.isFinite(degrees), "%s must be a finite number of degrees, got %s.", flag, degrees);
    }

    /** A sampling temperature: in (0, 10] (the prior's spread times T; 1 is the model's own). */
    static void temperature(Double t) {
        if (t != null) {
            Gen4jException.check(t > 0 && t <= 10, "--temperature must lie in (0, 10], got %s.", t);
        }
    }

    /** The largest SIR proposal count and Langevin step count the command line takes. */
    static final int MAX_PROPOSALS = 1_000_000, MAX_LANGEVIN_STEPS = 100_000;

    /**
     * The reweighted-prior sampling flags ({@code --sampler}, {@code --proposals},
     * {@code --langevin-steps}, {@code --langevin-step-size}), checked before anything is opened.
     */
    static void sampling(String sampler, Integer proposals, Integer steps, Double stepSize) {
        if (sampler != null) {
            org.gen4j.train.PriorSampling.Method.parse(sampler);
        }
        between(proposals, 1, MAX_PROPOSALS, "--proposals");
        between(steps, 0, MAX_LANGEVIN_STEPS, "--langevin-steps");
        Gen4jException.check(stepSize == null || stepSize > 0 && stepSize <= 10, "--langevin-step-size must lie in (0, 10], got %s.", stepSize);
    }
}
