package org.gen4j.models.wgangp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.gan.CriticSchedule;
import org.gen4j.models.gan.ClassInput;
import org.gen4j.models.gan.ScheduledGan;
import org.gen4j.nn.Embedding;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Penalties;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;
import org.gen4j.train.Ema;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.StepRandom;

/**
 * WGAN-GP training (Gulrajani et al. 2017, Algorithm 1): every step of the shared loop is one
 * critic step on its minibatch, {@code E[D(G(z))] - E[D(x)] + lambda E[(||grad D(x_hat)||_2 - 1)^2]}
 * with {@code x_hat} a random point on the line between a real and a fake sample, one mixing
 * factor per sample ({@link Penalties#gradientPenalty}); after {@code n_critic} of them G takes one
 * step on {@code -E[D(G(z))]}. Adam for both, with the learning rate falling linearly to 0 over
 * {@code decaySteps} G steps as in the authors' code. The conditional model (the code's CIFAR-10
 * default) adds {@code acganScale CE(C(x), y)} on real images to the critic and
 * {@code acganScaleG CE(C(G(z, y)), y)} to G. Logged: {@code loss_D}, {@code wdist}
 * ({@code E[D(x)] - E[D(G(z))]}), {@code gp}, {@code loss_G}.
 */
public final class WganGp extends ScheduledGan<WganGpConfig, ResNetGenerator, ResNetCritic> {

    public WganGp(WganGpConfig config, long seed) {
        super(config, seed, (m, rng, c) -> new ResNetGenerator(m, rng, c.resolution(), c.imageChannels(), c.zDim(), c.dimG(), classes(c)),
                (m, rng, c) -> new ResNetCritic(m, rng, c.resolution(), c.imageChannels(), c.dimD(), c.numClasses()),
                WganGp::adam, WganGp::adam, CriticSchedule.fixed(config.criticSteps()));
    }

    private static Adam adam(NDManager m, Map<String, NDArray> params, WganGpConfig c) {
        return new Adam(m, params, c.learningRate(), c.beta1(), c.beta2(), c.adamEpsilon());
    }

    /** Rows of G's batch-norm tables. */
    private static int classes(WganGpConfig c) {
        return ClassInput.rows(c.numClasses());
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        double lr = config.learningRateAt(schedule.generatorSteps());
        optD.setLearningRate(lr);
        optG.setLearningRate(lr);
        Map<String, Double> out = new LinkedHashMap<>();
        NDArray labels = ClassInput.forTraining(classes, config.numClasses(), n, m, "this WGAN-GP");
        NDArray fakes = g.forward(random.normal(m, n, config.zDim()), Embedding.oneHot(labels, classes(config))); // no graph
        NDArray mix = random.uniform(m, n);
        Map<String, Double> terms = new LinkedHashMap<>();
        out.put("loss_D", stepD(() -> {
            ResNetCritic.Output real = d.forward(augmented(reals, random));
            NDArray critic = Losses.wganCritic(observeReals(real.scores()), d.forward(augmented(fakes, random)).scores());
            NDArray penalty = Penalties.gradientPenalty(x -> d.forward(augmented(x, random)).scores(), reals, fakes, mix);
            terms.put("wdist", (double) -critic.getFloat());
            terms.put("gp", (double) penalty.getFloat());
            NDArray loss = critic.add(Scalars.mul(penalty, config.gpLambda()));
            if (config.numClasses() > 0) {
                NDArray ce = Losses.crossEntropy(real.logits(), labels);
                terms.put("acgan_D", (double) ce.getFloat());
                loss = loss.add(Scalars.mul(ce, config.acganScale()));
            }
            return loss;
        }));
        out.putAll(terms);
        if (schedule.criticStepDone()) {
            int ng = config.generatorBatch();
            NDArray gLabels = generatorLabels(labels, ng, m);
            out.put("loss_G", stepG(() -> {
                ResNetCritic.Output o = d.forward(augmented(g.forward(random.normal(m, ng, config.zDim()), Embedding.oneHot(gLabels, classes(config))),
                        random));
                NDArray loss = Losses.wganGenerator(o.scores());
                if (config.numClasses() > 0) {
                    loss = loss.add(Scalars.mul(Losses.crossEntropy(o.logits(), gLabels), config.acganScaleG()));
                }
                return loss;
            }));
            Ema.update(gEma.state(), g.state(), config.emaDecay());
        }
        return out;
    }

    /** {@code n} labels for G's batch: the minibatch's, repeated as often as needed. */
    private static NDArray generatorLabels(NDArray labels, int n, NDManager m) {
        long[] l = labels.toLongArray();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = l[i % l.length];
        }
        return m.create(out);
    }

    /** G's average in evaluation mode (batch norm by its running statistics). */
    @Override
    public ImageGenerator generator() {
        return ImageGenerator.of(config.zDim(), config.imageChannels(), config.resolution(), config.numClasses(), (latents, classes) ->
                gEma.forward(latents, ClassInput.forSampling(classes, config.numClasses(), (int) latents.getShape().get(0),
                        latents.getManager(), "this WGAN-GP")));
    }
}
