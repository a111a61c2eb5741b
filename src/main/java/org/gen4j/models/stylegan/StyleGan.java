package org.gen4j.models.stylegan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.models.progan.Discriminator;
import org.gen4j.models.progan.Growth;
import org.gen4j.models.style.NoiseMode;
import org.gen4j.models.style.StyleSampler;
import org.gen4j.models.style.WSpace;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;
import org.gen4j.train.Ema;
import org.gen4j.train.GanState;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;
import org.gen4j.train.TrainableModel;

/**
 * StyleGAN training (Karras et al. 2019, official TensorFlow code): ProGAN's progressive growing
 * (schedule, fade-in of networks and real images, optimiser reset per phase), one discriminator
 * step then one generator step per minibatch, with the non-saturating logistic loss
 * (Goodfellow et al. 2014) and the R1 penalty {@code gamma / 2 E ||grad_x D(x)||^2} on real
 * images (Mescheder et al. 2018) at every discriminator step. Training samples mix the styles of
 * two latents with probability {@code styleMixing}; the average w is tracked for truncation.
 */
public final class StyleGan implements TrainableModel {

    private final StyleGanConfig config;
    private final NDManager manager;
    private final Generator g;
    private final Generator gEma;
    private final Discriminator d;
    private final WSpace wSpace;
    private final Adam optG;
    private final Adam optD;
    private final GanState state;
    private Growth growth;
    private String phase;
    private long imagesSeen;

    public StyleGan(StyleGanConfig config, long seed) {
        this.config = config;
        this.manager = NDManager.newBaseManager();
        SplittableRandom rng = new SplittableRandom(seed);
        this.g = new Generator(manager, rng.split(), config);
        this.d = new Discriminator(manager, rng.split(), config.resolution(), config.imageChannels(), config.fmapBase(),
                config.fmapMax(), config.mbstdGroup(), true);
        this.gEma = new Generator(manager, rng.split(), config);
        Parameters.setTrainable(gEma.parameters().values(), false);
        Parameters.copy(g.state(), gEma.state());
        this.wSpace = new WSpace(manager, config.wDim(), config.numWs(), config.wAvgBeta(), config.styleMixing());
        this.optG = new Adam(manager, g.parameters(), config.learningRate(), config.beta1(), config.beta2(), config.adamEpsilon());
        this.optD = new Adam(manager, d.parameters(), config.learningRate(), config.beta1(), config.beta2(), config.adamEpsilon());
        this.state = new GanState(g, d, gEma, optG, optD);
        schedule(0);
    }

    public StyleGanConfig config() {
        return config;
    }

    @Override
    public void schedule(long imagesSeen) {
        this.imagesSeen = imagesSeen;
        growth = Growth.at(imagesSeen, config.stableKimg(), config.fadeKimg(), config.resolution());
        String now = growth.resolution() + (growth.fading() ? "-fading" : "");
        if (phase != null && !phase.equals(now) && config.resetOptimizerOnGrow()) {
            optG.reset();
            optD.reset();
        }
        phase = now;
    }

    private NDArray fakes(NDArray z, StepRandom random, Growth at) {
        return g.synthesis(trainingWs(z, random, at), at, NoiseMode.RANDOM, random);
    }

    /** Training ws; mixing cuts among the layers of the resolutions in use at {@code at}, two per resolution. */
    NDArray trainingWs(NDArray z, StepRandom random, Growth at) {
        int activeWs = 2 * (Integer.numberOfTrailingZeros(at.resolution()) - 1);
        return wSpace.training(g.mapping::forward, z, random, activeWs);
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        Growth at = growth;
        Map<String, Double> out = new LinkedHashMap<>();

        NDArray fake = fakes(random.normal(m, n, config.zDim()), random, at); // no graph: only D learns here
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray real = at.reals(reals).duplicate();
            real.setRequiresGradient(config.r1Gamma() > 0);
            NDArray dReal = d.forward(real, at);
            NDArray loss = Activation.softPlus(d.forward(fake, at)).mean().add(Activation.softPlus(dReal.neg()).mean());
            out.put("loss_D", (double) loss.getFloat());
            if (config.r1Gamma() > 0) {
                NDArray r1 = r1(dReal, real);
                loss = loss.add(Scalars.mul(r1, r1Weight(config, at)));
                out.put("r1_penalty", (double) r1.getFloat());
            }
            collector.backward(loss);
        }
        optD.step(d.parameterNames(d.activeModules(at)));

        Parameters.setTrainable(d.parameters().values(), false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = Activation.softPlus(d.forward(fakes(random.normal(m, n, config.zDim()), random, at), at).neg()).mean();
            collector.backward(loss);
            out.put("loss_G", (double) loss.getFloat());
        } finally {
            Parameters.setTrainable(d.parameters().values(), true);
        }
        optG.step(g.parameterNames(g.activeModules(at)));
        Ema.update(gEma.parameters(), g.parameters(), Ema.halfLifeBeta(n, config.emaKimg(), 0, imagesSeen));
        return out;
    }

    /**
     * The weight of {@code E ||grad_x D(x)||^2} in the discriminator loss at growth state {@code at}:
     * {@code gamma / 2 (r / R)^2} at working resolution {@code r} of final resolution {@code R}.
     * The official code feeds the networks images at the final resolution (reals nearest-upsampled
     * from the current level of detail, D box-downsampling them back), so its gradient is taken
     * with respect to that larger image, whose squared norm is {@code (r / R)^2} times the norm at
     * the working resolution; gen4j works at {@code r} and weights the penalty to match.
     */
    static double r1Weight(StyleGanConfig config, Growth at) {
        double shrink = (double) at.resolution() / config.resolution();
        return config.r1Gamma() / 2 * shrink * shrink;
    }

    /** R1's {@code E ||grad_x D(x)||^2} from scores {@code D(x)} of inputs {@code x} that record gradients. */
    static NDArray r1(NDArray scores, NDArray x) {
        NDArray grad = Autograd.gradient(scores, x);
        return grad.square().sum(new int[] {1, 2, 3}).mean();
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("res", growth.resolution());
        s.put("alpha", Math.round(growth.alpha() * 1000) / 1000.0);
        return s;
    }

    /** The growth state, for tests. */
    Growth growth() {
        return growth;
    }

    Generator trainedGenerator() {
        return g;
    }

    WSpace wSpace() {
        return wSpace;
    }

    Discriminator discriminator() {
        return d;
    }

    @Override
    public StyleGenerator generator() {
        Growth at = growth;
        return new StyleSampler("StyleGAN", config.zDim(), config.wDim(), config.imageChannels(), at.resolution(), wSpace,
                gEma.mapping::forward, ws -> gEma.synthesis(ws, at, NoiseMode.CONST, null));
    }

    @Override
    public Map<String, NDArray> stateTensors() {
        Map<String, NDArray> s = state.tensors();
        s.put("w_avg", wSpace.average());
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
        GanState.restore(tensors, "w_avg", wSpace.average());
        phase = json.get("phase").getAsString();
    }

    @Override
    public void close() {
        manager.close();
    }
}
