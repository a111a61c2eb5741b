package org.gen4j.models.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gen4j.models.gan.Gan;
import org.gen4j.models.progan.Discriminator;
import org.gen4j.models.progan.Growth;
import org.gen4j.models.progan.GrowthSchedule;
import org.gen4j.train.NoiseMode;
import org.gen4j.models.style.StyleSampler;
import org.gen4j.models.style.WSpace;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;
import org.gen4j.train.Ema;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;

/**
 * StyleGAN training (Karras et al. 2019, official TensorFlow code): ProGAN's progressive growing
 * (schedule, fade-in of networks and real images, optimiser reset per phase), one discriminator
 * step then one generator step per minibatch, with the non-saturating logistic loss
 * (Goodfellow et al. 2014) and the R1 penalty {@code gamma / 2 E ||grad_x D(x)||^2} on real
 * images (Mescheder et al. 2018) at every discriminator step. Training samples mix the styles of
 * two latents with probability {@code styleMixing}; the average w is tracked for truncation.
 */
public final class StyleGan extends Gan<StyleGanConfig, Generator, Discriminator> {

    private final WSpace wSpace;
    private final GrowthSchedule schedule;

    public StyleGan(StyleGanConfig config, long seed) {
        super(config, seed, Generator::new, (m, rng, c) -> new Discriminator(m, rng, c.resolution(), c.imageChannels(),
                c.fmapBase(), c.fmapMax(), c.mbstdGroup(), true), StyleGan::adam, StyleGan::adam);
        this.wSpace = new WSpace(manager, config.wDim(), config.numWs(), config.wAvgBeta(), config.styleMixing());
        this.schedule = new GrowthSchedule(config.stableKimg(), config.fadeKimg(), config.resolution(),
                config.resetOptimizerOnGrow(), optG, optD);
    }

    private static Adam adam(NDManager manager, Map<String, NDArray> params, StyleGanConfig c) {
        return new Adam(manager, params, c.learningRate(), c.beta1(), c.beta2(), c.adamEpsilon());
    }

    @Override
    public void schedule(long imagesSeen) {
        super.schedule(imagesSeen);
        schedule.moveTo(imagesSeen);
    }

    private NDArray fakes(NDArray z, StepRandom random, Growth at) {
        return g.synthesis(trainingWs(z, random, at), at, NoiseMode.RANDOM, random);
    }

    /** Training ws; mixing cuts among the layers of the resolutions in use at {@code at}, two per resolution. */
    NDArray trainingWs(NDArray z, StepRandom random, Growth at) {
        int activeWs = 2 * (Integer.numberOfTrailingZeros(at.resolution()) - 1);
        return wSpace.training(g.mapping::forward, z, random, activeWs, true);
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        Growth at = schedule.growth();
        Map<String, Double> out = new LinkedHashMap<>();

        NDArray fake = fakes(random.normal(m, n, config.zDim()), random, at); // no graph: only D learns here
        stepD(() -> { // logs the logistic loss alone, then R1
            NDArray real = at.reals(reals).duplicate();
            real.setRequiresGradient(config.r1Gamma() > 0);
            // R1 differentiates through the augmentation of these very reals (the official Dboth pass)
            UnaryOperator<NDArray> scores = x -> d.forward(augmented(x, random), at);
            Autograd.ValueAndGradient dr = config.r1Gamma() > 0 ? Autograd.differentiate(real, scores) : null;
            NDArray dReal = observeReals(dr != null ? dr.value() : scores.apply(real));
            NDArray loss = Losses.logisticDiscriminator(dReal, d.forward(augmented(fake, random), at));
            out.put("loss_D", (double) loss.getFloat());
            if (dr != null) {
                NDArray r1 = r1(dr.gradient());
                loss = loss.add(Scalars.mul(r1, r1Weight(config, at)));
                out.put("r1_penalty", (double) r1.getFloat());
            }
            return loss;
        }, d.parameterNames(d.activeModules(at)));

        out.put("loss_G", stepG(() -> Losses.logisticGenerator(d.forward(augmented(fakes(random.normal(m, n, config.zDim()), random, at), random), at)),
                g.parameterNames(g.activeModules(at))));
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

    /** R1's {@code E ||grad_x D(x)||^2} from D's gradient at images {@code x}, {@code [N, C, H, W]}. */
    static NDArray r1(NDArray grad) {
        return grad.square().sum(new int[] {1, 2, 3}).mean();
    }

    @Override
    protected Map<String, Object> modelStatus() {
        return schedule.status();
    }

    /** The growth state, for tests. */
    Growth growth() {
        return schedule.growth();
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
        Growth at = schedule.growth();
        return new StyleSampler("StyleGAN", config.zDim(), config.wDim(), config.imageChannels(), at.resolution(), wSpace,
                gEma.mapping::forward, (ws, noise, random) -> gEma.synthesis(ws, at, noise, random));
    }

    @Override
    protected Map<String, NDArray> extraTensors() {
        return Map.of("w_avg", wSpace.average());
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
