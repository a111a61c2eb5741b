package org.gen4j.models.logan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.models.biggan.BigGan;
import org.gen4j.models.biggan.DeepNetworks;
import org.gen4j.ops.LatentOptimisation;
import org.gen4j.ops.Scalars;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.LatentStepsGenerator;
import org.gen4j.train.StepRandom;

/**
 * LOGAN training (Wu et al. 2019, sections 3 and 4): BigGAN-deep's networks and training
 * ({@link BigGan}) with latents drawn from {@code U(-1, 1)} and moved, before D's and G's updates,
 * by {@code latentSteps} natural-gradient steps up D's score
 * ({@link LatentOptimisation#naturalGradient}), each step's {@code w_r E ||delta z||^2} added to
 * both losses. The steps move a random share {@code latentPortion} of the minibatch's latents (the
 * per-sample mask of the public re-implementations); the penalty is taken over every sample's
 * step, as they take it. Both updates differentiate through the steps (the paper back-propagates through
 * {@code delta z}). Every step is taken: StudioGAN's implementation returns after the first
 * whatever the count (its issue 63), gen4j does not, and a test shows k steps differ from one.
 * Logged besides BigGAN's: {@code latent_step}, the mean {@code ||delta z||^2} of the last step.
 */
public final class Logan extends BigGan<LoganConfig> {

    public Logan(LoganConfig config, long seed) {
        super(config, seed, DeepNetworks::generator, DeepNetworks::discriminator);
    }

    @Override
    protected boolean fakesDependOnD() {
        return config.latentSteps() > 0;
    }

    @Override
    protected Fakes fakes(NDManager m, int n, NDArray gClasses, NDArray dClasses, StepRandom random, Map<String, Double> log) {
        NDArray z = random.uniform(m, n, config.zDim()).mul(2).sub(1);
        NDArray moved = random.uniform(m, n, 1).lt(config.latentPortion()).toType(DataType.FLOAT32, false);
        Optimised o = optimise(g, z, gClasses, dClasses, config.latentSteps(), moved);
        if (o.penalty() != null) {
            log.put("latent_step", (double) o.lastStep().getFloat());
        }
        return new Fakes(g.forward(o.z(), gClasses), o.penalty());
    }

    /** Latents after the steps, the summed penalty ({@code null} without steps) and the last step's mean squared size. */
    record Optimised(NDArray z, NDArray penalty, NDArray lastStep) {}

    /**
     * {@code steps} natural-gradient steps of {@code z} against D for generator {@code gen}, moving
     * the rows {@code moved} selects ({@code [N, 1]} zeros and ones; {@code null}: all); call while
     * gradients are recorded.
     */
    Optimised optimise(org.gen4j.models.sagan.Generator gen, NDArray z, NDArray gClasses, NDArray dClasses, int steps, NDArray moved) {
        if (steps == 0) {
            return new Optimised(z, null, null);
        }
        z.setRequiresGradient(true);
        NDArray penalty = null, last = null;
        for (int k = 0; k < steps; k++) {
            LatentOptimisation.Step s = LatentOptimisation.naturalGradient(z, zz -> scores(gen.forward(zz, gClasses), dClasses),
                    config.alpha(), config.beta(), moved);
            last = s.delta().square().sum(new int[] {1}).mean();
            NDArray p = Scalars.mul(last, config.latentPenalty());
            penalty = penalty == null ? p : penalty.add(p);
            z = s.z();
        }
        return new Optimised(z, penalty, last);
    }

    @Override
    public org.gen4j.train.ConditionalGenerator generator() {
        prepareSampling();
        return new LatentSampler(config.sampleLatentSteps());
    }

    /** Uniform latents, each moved against D (in evaluation mode) by the sampler's steps before G's average renders it. */
    private final class LatentSampler extends Sampler implements LatentStepsGenerator {
        private final int steps;

        LatentSampler(int steps) {
            super(0);
            Gen4jException.check(steps >= 0, "--latent-steps must not be negative, got %d.", steps);
            this.steps = steps;
        }

        @Override
        public float[] latent(long seed) {
            return org.gen4j.train.Sampler.uniformLatent(seed, latentDim());
        }

        @Override
        public ImageGenerator truncated(double threshold) {
            throw new Gen4jException("LOGAN draws its latents from U(-1, 1), where BigGAN's truncation trick does not apply; drop --truncation.");
        }

        @Override
        public int defaultLatentSteps() {
            return config.sampleLatentSteps();
        }

        @Override
        public ImageGenerator withLatentSteps(int n) {
            return new LatentSampler(n);
        }

        @Override
        public NDArray generate(NDArray latents, NDArray classes) {
            if (steps == 0) {
                return super.generate(latents, classes);
            }
            NDArray gClasses = classWeights(latents, classes);
            NDArray dClasses = config.numClasses() == 0 ? null : gClasses;
            d.setTraining(false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = optimise(gEma, latents.duplicate(), gClasses, dClasses, steps, null).z().stopGradient();
                return gEma.forward(z, gClasses).stopGradient();
            } finally {
                d.setTraining(true);
            }
        }
    }
}
