package org.gen4j.models.progan;

import org.gen4j.ops.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.Gen4jException;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Penalties;
import org.gen4j.train.Adam;
import org.gen4j.train.Ema;
import org.gen4j.train.GanState;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TrainableModel;

/**
 * ProGAN training (Karras et al. 2018): one WGAN-GP critic step with the epsilon-drift term, then
 * one generator step, at the resolution and fade-in the {@link Growth} schedule gives; real images
 * are faded between resolutions with the same alpha as the networks. The generator's exponential
 * moving average is what {@link #generator()} samples.
 */
public final class ProGan implements TrainableModel {

    private final ProGanConfig config;
    private final NDManager manager;
    private final Generator g;
    private final Generator gEma;
    private final Discriminator d;
    private final Adam optG;
    private final Adam optD;
    private final GanState state;
    private Growth growth;
    private String phase; // resolution and fading, to reset Adam when it changes

    public ProGan(ProGanConfig config, long seed) {
        this.config = config;
        this.manager = NDManager.newBaseManager();
        SplittableRandom rng = new SplittableRandom(seed);
        this.g = new Generator(manager, rng.split(), config);
        this.d = new Discriminator(manager, rng.split(), config);
        this.gEma = new Generator(manager, rng.split(), config);
        Parameters.setTrainable(gEma.parameters().values(), false);
        Parameters.copy(g.parameters(), gEma.parameters());
        this.optG = new Adam(manager, g.parameters(), config.learningRate(), config.beta1(), config.beta2(), config.adamEpsilon());
        this.optD = new Adam(manager, d.parameters(), config.learningRate(), config.beta1(), config.beta2(), config.adamEpsilon());
        this.state = new GanState(g, d, gEma, optG, optD);
        schedule(0);
    }

    public ProGanConfig config() {
        return config;
    }

    /** The current growth state. */
    public Growth growth() {
        return growth;
    }

    @Override
    public void schedule(long imagesSeen) {
        growth = Growth.at(imagesSeen, config.stableKimg(), config.fadeKimg(), config.resolution());
        String now = growth.resolution() + (growth.fading() ? "-fading" : "");
        if (phase != null && !phase.equals(now) && config.resetOptimizerOnGrow()) {
            optG.reset();
            optD.reset();
        }
        phase = now;
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        Growth at = growth;
        NDArray real = at.reals(reals);

        NDArray fake = g.forward(random.normal(m, n, config.latentDim()), at);
        NDArray mix = random.uniform(m, n);
        double lossD, wdist, gp;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray dReal = d.forward(real, at);
            NDArray dFake = d.forward(fake, at);
            NDArray critic = Losses.wganCritic(dReal, dFake);
            NDArray penalty = Penalties.gradientPenalty(x -> d.forward(x, at), real, fake, mix);
            NDArray loss = critic.add(Scalars.mul(penalty, config.gpLambda())).add(Scalars.mul(Losses.drift(dReal), config.driftEpsilon()));
            collector.backward(loss);
            lossD = loss.getFloat();
            wdist = -critic.getFloat();
            gp = penalty.getFloat();
        }
        optD.step(d.parameterNames(d.activeModules(at)));

        double lossG;
        Parameters.setTrainable(d.parameters().values(), false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = Losses.wganGenerator(d.forward(g.forward(random.normal(m, n, config.latentDim()), at), at));
            collector.backward(loss);
            lossG = loss.getFloat();
        } finally {
            Parameters.setTrainable(d.parameters().values(), true);
        }
        optG.step(g.parameterNames(g.activeModules(at)));
        Ema.update(gEma.parameters(), g.parameters(), config.emaBeta());

        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss_D", lossD);
        out.put("loss_G", lossG);
        out.put("wdist", wdist);
        out.put("gp", gp);
        return out;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("res", growth.resolution());
        s.put("alpha", Math.round(growth.alpha() * 1000) / 1000.0);
        return s;
    }

    @Override
    public ImageGenerator generator() {
        Growth at = growth;
        return new ImageGenerator() {
            @Override
            public int latentDim() {
                return config.latentDim();
            }

            @Override
            public int imageChannels() {
                return config.imageChannels();
            }

            @Override
            public int resolution() {
                return at.resolution();
            }

            @Override
            public int numClasses() {
                return 0;
            }

            @Override
            public NDArray generate(NDArray latents, NDArray classes) {
                Gen4jException.check(classes == null, "ProGAN is unconditional; it takes no class labels.");
                return gEma.forward(latents, at);
            }
        };
    }

    @Override
    public Map<String, NDArray> stateTensors() {
        Map<String, NDArray> s = state.tensors();
        return s;
    }

    @Override
    public JsonObject stateJson() {
        JsonObject o = state.json();
        o.addProperty("phase", phase);
        return o;
    }

    @Override
    public void loadState(Map<String, NDArray> tensors, JsonObject json) {
        state.load(tensors, json);
        phase = json.get("phase").getAsString();
    }

    @Override
    public void close() {
        manager.close();
    }
}
