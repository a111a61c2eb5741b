package org.gen4j.train;

import java.util.Arrays;
import java.util.Locale;
import org.gen4j.Gen4jException;

/**
 * How a generator with a reweighted prior {@code p(z) r(z)} draws its latents (Aneja et al.,
 * "A Contrastive Learning Approach for Training Variational Autoencoder Priors", NeurIPS 2021,
 * section 3.2): the base prior alone, sampling-importance-resampling among {@code proposals} draws
 * of the base prior weighted by r, or Langevin dynamics on the energy {@code -log p - log r}
 * taking {@code steps} steps of size {@code stepSize}.
 *
 * @param sampler which of the three
 * @param proposals SIR's proposals per latent (group), at least 1; 1 is the base prior
 * @param steps Langevin steps per latent (group), 0 or more; 0 is the base prior
 * @param stepSize the Langevin step size (eta in {@code z - eta/2 grad E + sqrt(eta) noise}), positive
 */
public record PriorSampling(Method sampler, int proposals, int steps, double stepSize) {

    /** The ways to sample a reweighted prior. */
    public enum Method {
        /** The base prior, unweighted: the base model's own samples. */
        PRIOR,
        /** Sampling-importance-resampling. */
        SIR,
        /** Langevin dynamics. */
        LANGEVIN;

        /** The sampler named {@code name} (case-insensitive); an unknown name is one sentence listing the accepted ones. */
        public static Method parse(String name) {
            for (Method s : values()) {
                if (s.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return s;
                }
            }
            throw new Gen4jException("unknown sampler '" + name + "'; accepted: "
                    + String.join(", ", Arrays.stream(values()).map(Method::cliName).toList()) + ".");
        }

        /** The name the command line takes. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PriorSampling {
        Gen4jException.check(sampler != null, "a sampler is needed; accepted: prior, sir, langevin.");
        Gen4jException.check(proposals >= 1, "SIR needs at least 1 proposal, got %d.", proposals);
        Gen4jException.check(steps >= 0, "the Langevin steps must not be negative, got %d.", steps);
        Gen4jException.check(stepSize > 0 && Double.isFinite(stepSize), "the Langevin step size must be positive, got %s.", stepSize);
    }

    /** This sampling with another sampler. */
    public PriorSampling with(Method m) {
        return new PriorSampling(m, proposals, steps, stepSize);
    }

    /** A short description, e.g. {@code sir (M = 16)}. */
    public String describe() {
        return switch (sampler) {
            case PRIOR -> "prior";
            case SIR -> "sir (" + proposals + " proposals)";
            case LANGEVIN -> "langevin (" + steps + " steps of " + stepSize + ")";
        };
    }
}
