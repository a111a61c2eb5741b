package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.gen4j.Gen4jException;
import org.gen4j.models.gan.CriticSchedule;
import org.gen4j.models.gan.ClassInput;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.gan.ScheduledGan;
import org.gen4j.nn.BatchNorm2d;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Module;
import org.gen4j.ops.Losses;
import org.gen4j.train.Adam;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.DescribedGenerator;
import org.gen4j.train.Ema;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.LatentTruncation;
import org.gen4j.train.StepRandom;

/**
 * The training of the SN-ResNet GANs with the hinge loss: SAGAN (Zhang et al. 2019, section 5),
 * BigGAN (Brock et al. 2019, section 3 and appendix C) and the models built on them. Every step of
 * the shared loop is one discriminator step on its minibatch, {@code E[max(0, 1 - D(x, y))] +
 * E[max(0, 1 + D(G(z, y), y))]} with D seeing fakes and reals in one pass as BigGAN-PyTorch does;
 * after {@code dSteps} of them G takes one step on {@code -E[D(G(z, y), y)]} and the moving
 * average of G follows (decay 0, i.e. a copy, for the first {@code emaStart} generator steps).
 * Separate learning rates for G and D (TTUR, Heusel et al. 2017), Adam with the configured betas.
 *
 * <p>Fake images are conditioned on the classes of the real minibatch, so their classes follow
 * the training data's frequencies (as stylegan2-ada samples them); BigGAN-PyTorch draws them
 * uniformly, which is the same on balanced data such as CIFAR-10 and Fashion-MNIST.
 *
 * @param <C> the configuration
 * @param <D> the discriminator
 */
public abstract class HingeGan<C extends Record & HingeGan.Settings, D extends Module> extends ScheduledGan<C, Generator, D> {

    /** The settings this training reads from a model's configuration record. */
    public interface Settings {
        int resolution();

        int imageChannels();

        int batch();

        /** Classes the model is conditioned on; 0 when unconditional. */
        int numClasses();

        int zDim();

        double gLearningRate();

        double dLearningRate();

        double beta1();

        double beta2();

        double adamEpsilon();

        /** Discriminator steps per generator step. */
        int dSteps();

        /** Per-step decay of G's moving average; 0 makes it a copy of G. */
        double emaDecay();

        /** Generator steps before the average starts to decay (BigGAN-PyTorch's {@code ema_start}). */
        int emaStart();

        /** Forward passes that accumulate standing batch-norm statistics before sampling; 0 samples with the running ones. */
        int standingStats();
    }

    protected HingeGan(C config, long seed, Network<C, Generator> generator, Network<C, D> discriminator) {
        super(config, seed, generator, discriminator,
                (m, p, c) -> new Adam(m, p, c.gLearningRate(), c.beta1(), c.beta2(), c.adamEpsilon()),
                (m, p, c) -> new Adam(m, p, c.dLearningRate(), c.beta1(), c.beta2(), c.adamEpsilon()),
                CriticSchedule.fixed(config.dSteps()));
    }

    /** The number of per-class rows G's conditioning has: the classes, or one standing for "no class". */
    public static int generatorClasses(Settings config) {
        return ClassInput.rows(config.numClasses());
    }

    /**
     * The checks of the settings every hinge-trained SN-ResNet model shares, with the names its
     * record uses; a model's record calls this from its constructor.
     */
    public static void checkSettings(int resolution, int imageChannels, int batch, boolean conditional, int numClasses, int zDim, int ch,
            int attentionResolution, double gLearningRate, double dLearningRate, double beta1, double beta2, double adamEpsilon, int dSteps,
            double emaDecay, int emaStart, int standingStats) {
        Architecture.check(resolution);
        ConfigChecks.images(resolution, 32, imageChannels, batch);
        Gen4jException.check(conditional ? numClasses >= 1 : numClasses == 0,
                "numClasses must be positive for a conditional model and 0 otherwise, got %d (conditional=%s).", numClasses, conditional);
        ConfigChecks.positive("zDim", zDim);
        ConfigChecks.positive("ch", ch);
        Gen4jException.check(attentionResolution == 0 || (attentionResolution >= 8 && attentionResolution <= resolution / 2
                && Integer.bitCount(attentionResolution) == 1),
                "attentionResolution must be 0 (none) or a power of two from 8 to %d, got %d.", resolution / 2, attentionResolution);
        ConfigChecks.adam("gLearningRate", gLearningRate, "beta1", beta1, "beta2", beta2, adamEpsilon);
        ConfigChecks.positive("dLearningRate", dLearningRate);
        ConfigChecks.positive("dSteps", dSteps);
        ConfigChecks.fraction("emaDecay", emaDecay);
        ConfigChecks.notNegative("emaStart", emaStart);
        ConfigChecks.notNegative("standingStats", standingStats);
    }

    /** Scores of D for images and one-hot classes ({@code null} when unconditional), {@code [N]}. */
    protected abstract NDArray scores(NDArray images, NDArray classWeights);

    /**
     * D's loss for one step; subclasses add terms (ADC-GAN's classifier). Logs {@code loss_D}.
     *
     * @param classWeights the classes of reals and fakes alike, one-hot, or {@code null} unconditional
     */
    protected NDArray discriminatorLoss(NDArray reals, NDArray fakes, NDArray classWeights, NDArray labels, StepRandom random,
            Map<String, Double> log) {
        int n = (int) reals.getShape().get(0);
        NDArray both = scores(augmented(fakes.concat(reals, 0), random), classWeights == null ? null : classWeights.concat(classWeights, 0));
        NDArray loss = Losses.hingeDiscriminator(observeReals(both.get(n + ":")), both.get(":" + n));
        log.put("loss_D", (double) loss.getFloat());
        return loss;
    }

    /**
     * G's loss for one step, before {@link #generatorPenalty}; logs {@code loss_G}. D sees the
     * fakes {@link #augmented} with {@code random}.
     */
    protected NDArray generatorLoss(NDArray fakes, NDArray classWeights, NDArray labels, StepRandom random, Map<String, Double> log) {
        NDArray loss = Losses.hingeGenerator(scores(augmented(fakes, random), classWeights));
        log.put("loss_G", (double) loss.getFloat());
        return loss;
    }

    /** A weight penalty of G added to its loss (BigGAN's orthogonal regularisation), or {@code null}. */
    protected NDArray generatorPenalty(Map<String, Double> log) {
        return null;
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        Map<String, Double> out = new LinkedHashMap<>();
        dStep(reals, classes, random, out);
        if (schedule.criticStepDone()) {
            gStep(reals, classes, random, out);
            updateAverage();
        }
        return out;
    }

    private void dStep(NDArray reals, NDArray classes, StepRandom random, Map<String, Double> out) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        NDArray labels = labels(classes, n, m);
        NDArray gClasses = generatorClasses(labels);
        NDArray dClasses = discriminatorClasses(labels);
        if (fakesDependOnD()) {
            stepD(() -> {
                Fakes f = fakes(m, n, gClasses, dClasses, random, out);
                return withPenalty(discriminatorLoss(reals, f.images(), dClasses, labels, random, out), f.penalty());
            });
        } else {
            Fakes f = fakes(m, n, gClasses, dClasses, random, out); // no graph: only D learns
            stepD(() -> discriminatorLoss(reals, f.images(), dClasses, labels, random, out));
        }
    }

    private void gStep(NDArray reals, NDArray classes, StepRandom random, Map<String, Double> out) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        NDArray labels = labels(classes, n, m);
        NDArray gClasses = generatorClasses(labels);
        NDArray dClasses = discriminatorClasses(labels);
        stepG(() -> {
            Fakes f = fakes(m, n, gClasses, dClasses, random, out);
            NDArray loss = withPenalty(generatorLoss(f.images(), dClasses, labels, random, out), f.penalty());
            return withPenalty(loss, generatorPenalty(out));
        });
    }

    private static NDArray withPenalty(NDArray loss, NDArray penalty) {
        return penalty == null ? loss : loss.add(penalty);
    }

    /** Generated images and a loss term their latents add to both losses (LOGAN's), or {@code null}. */
    public record Fakes(NDArray images, NDArray penalty) {}

    /**
     * Images for one step from fresh latents: by default {@code G(z, y)} with {@code z ~ N(0, I)}.
     * Latent optimisation (LOGAN) moves z against D first and returns its penalty.
     *
     * @param gClasses G's class input; {@code dClasses} D's (null when unconditional)
     */
    protected Fakes fakes(NDManager m, int n, NDArray gClasses, NDArray dClasses, StepRandom random, Map<String, Double> log) {
        return new Fakes(g.forward(random.normal(m, n, config.zDim()), gClasses), null);
    }

    /** Whether D's fakes depend on D, so that D's step must record them (latent optimisation). */
    protected boolean fakesDependOnD() {
        return false;
    }

    /** G's moving average after a G step: a copy until {@code emaStart} G steps, then decaying by {@code emaDecay}. */
    protected final void updateAverage() {
        double beta = schedule.generatorSteps() < config.emaStart() ? 0 : config.emaDecay();
        Ema.update(gEma.state(), g.state(), beta);
    }

    /** The minibatch's classes, or class 0 for every image of an unconditional model. */
    private NDArray labels(NDArray classes, int n, NDManager m) {
        return ClassInput.forTraining(classes, config.numClasses(), n, m, "this model");
    }

    private NDArray generatorClasses(NDArray labels) {
        return Embedding.oneHot(labels, generatorClasses(config));
    }

    private NDArray discriminatorClasses(NDArray labels) {
        return config.numClasses() == 0 ? null : Embedding.oneHot(labels, config.numClasses());
    }

    /** One D step, one G step, and a whole iteration ({@code dSteps} D steps, a G step and the average), for {@code gen4j bench}. */
    @Override
    public Map<String, BiConsumer<NDArray, StepRandom>> benchPhases() {
        Map<String, BiConsumer<NDArray, StepRandom>> phases = new LinkedHashMap<>();
        phases.put("d_step", (reals, random) -> dStep(reals, benchClasses(reals), random, new LinkedHashMap<>()));
        phases.put("g_step", (reals, random) -> gStep(reals, benchClasses(reals), random, new LinkedHashMap<>()));
        phases.put("iteration", (reals, random) -> {
            for (int i = 0; i < config.dSteps(); i++) {
                dStep(reals, benchClasses(reals), random, new LinkedHashMap<>());
            }
            gStep(reals, benchClasses(reals), random, new LinkedHashMap<>());
            updateAverage();
        });
        return phases;
    }

    /** Classes for benchmark steps: 0, 1, ... cycling through the classes. */
    private NDArray benchClasses(NDArray reals) {
        int n = (int) reals.getShape().get(0);
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = i % generatorClasses(config);
        }
        return reals.getManager().create(c);
    }

    @Override
    public ConditionalGenerator generator() {
        prepareSampling();
        return new Sampler(0);
    }

    /**
     * Readies G's moving average for sampling in evaluation mode: batch norms use the averaged
     * running statistics, or, with {@code standingStats > 0}, standing statistics accumulated over
     * that many training-mode passes of minibatches with fixed random latents and classes drawn
     * uniformly (BigGAN, appendix C.1; BigGAN-PyTorch's {@code accumulate_standing_stats}). Only the
     * batch norms run those passes in training mode, so spectral normalisation's vectors, and with
     * them every checkpointed tensor, stay as they were.
     */
    protected final void prepareSampling() {
        boolean standing = config.standingStats() > 0;
        for (BatchNorm2d bn : batchNorms(gEma)) {
            if (standing) {
                bn.startStanding();
            } else {
                bn.useStanding(false);
            }
        }
        if (!standing) {
            return;
        }
        // only the batch norms run in training mode: spectral norm's vectors stay as they are
        batchNorms(gEma).forEach(bn -> bn.setTraining(true));
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < config.standingStats(); i++) {
                StepRandom r = new StepRandom(0x57A4D, i);
                long[] c = new long[config.batch()];
                for (int k = 0; k < c.length; k++) {
                    c[k] = r.nextInt(0, generatorClasses(config));
                }
                gEma.forward(r.normal(m, config.batch(), config.zDim()), Embedding.oneHot(m.create(c), generatorClasses(config)));
            }
        } finally {
            batchNorms(gEma).forEach(bn -> bn.setTraining(false));
        }
        for (BatchNorm2d bn : batchNorms(gEma)) {
            bn.useStanding(true);
        }
    }

    /** Every batch norm of a network. */
    static java.util.List<BatchNorm2d> batchNorms(Module net) {
        return net.modules().values().stream().filter(BatchNorm2d.class::isInstance).map(BatchNorm2d.class::cast).toList();
    }

    /**
     * Samples G's moving average as {@link #prepareSampling} left it, with latents truncated at
     * {@code threshold} when it is positive: BigGAN's truncation trick, which applies to any model
     * that draws z from a normal distribution (see {@link LatentTruncation}).
     */
    protected class Sampler extends DescribedGenerator implements ConditionalGenerator, LatentTruncation {

        private final double threshold;

        protected Sampler(double threshold) {
            super(config.zDim(), config.imageChannels(), config.resolution(), config.numClasses());
            this.threshold = threshold;
        }

        @Override
        public ImageGenerator truncated(double t) {
            if (!(t > 0)) {
                throw new IllegalArgumentException("truncation threshold must be positive, got " + t);
            }
            return new Sampler(t);
        }

        @Override
        public float[] latent(long seed) {
            return threshold > 0 ? LatentTruncation.truncatedLatent(seed, latentDim(), threshold) : ConditionalGenerator.super.latent(seed);
        }





        @Override
        public NDArray generate(NDArray latents, NDArray classes) {
            return gEma.forward(latents, classWeights(latents, classes));
        }

        /** G's class input for these latents: one-hot classes, or the single row of an unconditional model. */
        protected NDArray classWeights(NDArray latents, NDArray classes) {
            return ClassInput.forSampling(classes, config.numClasses(), (int) latents.getShape().get(0), latents.getManager(), "this model");
        }

        @Override
        public NDArray generateMixed(NDArray latents, NDArray classWeights) {
            Gen4jException.check(config.numClasses() > 0, "this model is unconditional; it has no classes to mix.");
            return gEma.forward(latents, classWeights);
        }
    }
}
