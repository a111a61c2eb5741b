package org.gen4j.models.progan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.models.gan.Gan;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Penalties;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;
import org.gen4j.train.Ema;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.StepRandom;

/**
 * ProGAN training (Karras et al. 2018): one WGAN-GP critic step with the epsilon-drift term, then
 * one generator step, at the resolution and fade-in the {@link Growth} schedule gives; real images
 * are faded between resolutions with the same alpha as the networks. The generator's exponential
 * moving average is what {@link #generator()} samples.
 */
public final class ProGan extends Gan<ProGanConfig, Generator, Discriminator> {

    private final GrowthSchedule schedule;

    public ProGan(ProGanConfig config, long seed) {
        super(config, seed, Generator::new, Discriminator::new, ProGan::adam, ProGan::adam);
        this.schedule = new GrowthSchedule(config.stableKimg(), config.fadeKimg(), config.resolution(),
                config.resetOptimizerOnGrow(), optG, optD);
    }

    private static Adam adam(NDManager manager, Map<String, NDArray> params, ProGanConfig c) {
        return new Adam(manager, params, c.learningRate(), c.beta1(), c.beta2(), c.adamEpsilon());
    }

    /** The current growth state. */
    public Growth growth() {
        return schedule.growth();
    }

    @Override
    public void schedule(long imagesSeen) {
        super.schedule(imagesSeen);
        schedule.moveTo(imagesSeen);
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        Growth at = schedule.growth();
        NDArray real = at.reals(reals);
        Map<String, Double> terms = new LinkedHashMap<>();

        NDArray fake = g.forward(random.normal(m, n, config.latentDim()), at);
        NDArray mix = random.uniform(m, n);
        double lossD = stepD(() -> {
            NDArray dReal = observeReals(d.forward(augmented(real, random), at));
            NDArray critic = Losses.wganCritic(dReal, d.forward(augmented(fake, random), at));
            NDArray penalty = Penalties.gradientPenalty(x -> d.forward(augmented(x, random), at), real, fake, mix);
            terms.put("wdist", (double) -critic.getFloat());
            terms.put("gp", (double) penalty.getFloat());
            return critic.add(Scalars.mul(penalty, config.gpLambda())).add(Scalars.mul(Losses.drift(dReal), config.driftEpsilon()));
        }, d.parameterNames(d.activeModules(at)));

        double lossG = stepG(() -> Losses.wganGenerator(d.forward(augmented(g.forward(random.normal(m, n, config.latentDim()), at), random), at)),
                g.parameterNames(g.activeModules(at)));
        Ema.update(gEma.parameters(), g.parameters(), config.emaBeta());
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss_D", lossD);
        out.put("loss_G", lossG);
        out.putAll(terms);
        return out;
    }

    @Override
    protected Map<String, Object> modelStatus() {
        return schedule.status();
    }

    @Override
    public ImageGenerator generator() {
        Growth at = schedule.growth();
        return ImageGenerator.of(config.latentDim(), config.imageChannels(), at.resolution(), 0, (latents, classes) -> {
            Gen4jException.check(classes == null, "ProGAN is unconditional; it takes no class labels.");
            return gEma.forward(latents, at);
        });
    }

    @Override
    protected void writeJson(JsonObject json) {
        json.addProperty("phase", schedule.phase());
    }

    @Override
    protected void readState(Map<String, NDArray> tensors, JsonObject json) {
        schedule.restorePhase(json.get("phase").getAsString());
    }
}
