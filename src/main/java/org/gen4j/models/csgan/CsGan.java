package org.gen4j.models.csgan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.models.gan.Gan;
import org.gen4j.ops.LatentOptimisation;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;
import org.gen4j.train.DescribedGenerator;
import org.gen4j.train.Ema;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.LatentStepsGenerator;
import org.gen4j.train.StepRandom;

/**
 * CS-GAN training (Wu, Rosca and Lillicrap 2019, section 3.3; the authors' {@code gan.py} and
 * {@code utils.py}): per minibatch one D step, then one G step, each on its own latents
 * {@code z0 ~ N(0, I)} optimised by {@code latentSteps} projected gradient steps on G's
 * non-saturating loss ({@link LatentOptimisation#projectedGradientDescent}) with the step size
 * {@code exp(log s)} learned by G. Both updates differentiate through the optimisation (second
 * order in D's and G's weights), as the code does. D minimises the logistic loss of the reals and
 * the optimised fakes; G minimises {@code -log D(G(z_opt)) + 3 E ||z_opt - z0||^2}, the
 * optimisation cost measured, as in the code, from the drawn (unprojected) {@code z0}. Logged:
 * {@code loss_D}, {@code loss_G} (the adversarial term), {@code opt_cost}, {@code step_size}.
 */
public final class CsGan extends Gan<CsGanConfig, Networks.Generator, Networks.Discriminator> {

    public CsGan(CsGanConfig config, long seed) {
        super(config, seed, Networks.Generator::new, Networks.Discriminator::new, CsGan::adam, CsGan::adam);
    }

    private static Adam adam(NDManager m, Map<String, NDArray> params, CsGanConfig c) {
        return new Adam(m, params, c.learningRate(), c.beta1(), c.beta2(), c.adamEpsilon());
    }

    /** Latents optimised against the current D for {@code gen}; call while gradients are recorded. */
    NDArray optimise(Networks.Generator gen, NDArray z0, int steps) {
        return LatentOptimisation.projectedGradientDescent(z0, z -> Losses.logisticGenerator(d.forward(gen.forward(z))),
                gen.stepSize(), steps);
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        Map<String, Double> out = new LinkedHashMap<>();
        NDArray zd = random.normal(m, n, config.zDim());
        // latent optimisation steers z by the un-augmented D, as sampling does; the losses see augmented images
        out.put("loss_D", stepD(() -> Losses.logisticDiscriminator(observeReals(d.forward(augmented(reals, random))),
                d.forward(augmented(g.forward(optimise(g, zd, config.latentSteps())), random)))));
        NDArray zg = random.normal(m, n, config.zDim());
        stepG(() -> {
            NDArray z = optimise(g, zg, config.latentSteps());
            NDArray adversarial = Losses.logisticGenerator(d.forward(augmented(g.forward(z), random)));
            NDArray cost = z.sub(zg).square().sum(new int[] {1}).mean();
            out.put("loss_G", (double) adversarial.getFloat());
            out.put("opt_cost", (double) cost.getFloat());
            return adversarial.add(Scalars.mul(cost, config.optimisationCost()));
        });
        out.put("step_size", (double) g.stepSize().getFloat());
        Ema.update(gEma.state(), g.state(), config.emaDecay());
        return out;
    }

    /** The cost of one latent step beside a plain G step, for {@code gen4j bench}: a G step with 0 and with the configured steps. */
    @Override
    public Map<String, java.util.function.BiConsumer<NDArray, StepRandom>> benchPhases() {
        Map<String, java.util.function.BiConsumer<NDArray, StepRandom>> phases = new LinkedHashMap<>();
        for (int steps : new int[] {0, config.latentSteps()}) {
            phases.put("g_step_" + steps + "_latent_steps", (reals, random) -> stepG(() ->
                    Losses.logisticGenerator(d.forward(g.forward(optimise(g, random.normal(reals.getManager(),
                            (int) reals.getShape().get(0), config.zDim()), steps))))));
        }
        return phases;
    }

    @Override
    protected Map<String, Object> modelStatus() {
        return Map.of();
    }

    @Override
    public LatentStepsGenerator generator() {
        return new Sampler(config.sampleLatentSteps());
    }

    /**
     * G's average, each latent first optimised against D in evaluation mode (its spectral norms
     * unchanged) as the code evaluates; with 0 steps the drawn latent itself, unprojected, as the
     * code's previews.
     */
    private final class Sampler extends DescribedGenerator implements LatentStepsGenerator {
        private final int steps;

        Sampler(int steps) {
            super(config.zDim(), config.imageChannels(), config.resolution(), 0);
            Gen4jException.check(steps >= 0, "--latent-steps must not be negative, got %d.", steps);
            this.steps = steps;
        }

        @Override
        public int defaultLatentSteps() {
            return config.sampleLatentSteps();
        }

        @Override
        public ImageGenerator withLatentSteps(int n) {
            return new Sampler(n);
        }





        @Override
        public NDArray generate(NDArray latents, NDArray classes) {
            Gen4jException.check(classes == null, "CS-GAN is unconditional; it takes no class labels.");
            if (steps == 0) {
                return gEma.forward(latents);
            }
            d.setTraining(false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = optimise(gEma, latents, steps).stopGradient();
                return gEma.forward(z).stopGradient();
            } finally {
                d.setTraining(true);
            }
        }
    }
}
