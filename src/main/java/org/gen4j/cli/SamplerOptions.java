package org.gen4j.cli;

import org.gen4j.train.ImageGenerator;
import picocli.CommandLine.Option;

/** NCP-VAE's reweighted-prior sampling flags, shared by {@code sample} and {@code eval}. */
final class SamplerOptions {

    @Option(names = "--sampler", paramLabel = "prior|sir|langevin", description = "NCP-VAE: how the reweighted prior is sampled: "
            + "importance resampling among --proposals draws, Langevin dynamics, or the base prior alone; default: the run's (sir).")
    String sampler;

    @Option(names = "--proposals", paramLabel = "M", description = "NCP-VAE, --sampler sir: proposals per latent group; default: the run's.")
    Integer proposals;

    @Option(names = "--langevin-steps", paramLabel = "N", description = "NCP-VAE, --sampler langevin: steps per latent group; default: "
            + "the run's.")
    Integer langevinSteps;

    @Option(names = "--langevin-step-size", paramLabel = "ETA", description = "NCP-VAE, --sampler langevin: the step size; default: the "
            + "run's.")
    Double langevinStepSize;

    /** Checks the flags before anything is opened. */
    void check() {
        Flags.sampling(sampler, proposals, langevinSteps, langevinStepSize);
    }

    /** {@code g} sampling as the flags say ({@link org.gen4j.api.Explore#withSampling}). */
    ImageGenerator apply(String model, ImageGenerator g) {
        return org.gen4j.api.Explore.withSampling(model, g, sampler, proposals, langevinSteps, langevinStepSize);
    }
}
