package org.gen4j.models.diffusiongan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.style.MappingNetwork;
import org.gen4j.models.style.StyleSampler;
import org.gen4j.models.stylegan2.StyleGan2;
import org.gen4j.models.stylegan2.StyleGan2Training;
import org.gen4j.ops.Scalars;
import org.gen4j.train.NoiseMode;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;

/**
 * Diffusion-GAN (Wang, Zheng, He, Chen, Zhou, ICLR 2023) on StyleGAN2's backbone (the authors'
 * {@code diffusion-stylegan2}): StyleGAN2's generator, residual discriminator, non-saturating loss,
 * lazy R1 and path-length regularisation, unchanged ({@link StyleGan2Training}), except that every
 * image D sees, real or fake and in R1, first passes the adaptive forward {@link Diffusion} (after
 * {@code --augment}, as the official pipeline augments first), and D takes the timestep t through
 * its conditioning mapping (equation 3: {@code D(y, t)}). The diffusion's length T adapts every
 * four minibatches from {@code sign(D(x_real))} (section 3.3).
 */
public final class DiffusionGan extends StyleGan2Training<DiffusionGanConfig, StyleGan2.Generator> {

    private final Diffusion diffusion;

    public DiffusionGan(DiffusionGanConfig config, long seed) {
        super(config, seed, (m, rng, c) -> new StyleGan2.Generator(m, rng, c.backbone()));
        this.diffusion = new Diffusion(config.tMin(), config.tMax(), config.betaStart(), config.betaEnd(), config.noiseStd(), config.target(),
                config.adaKimg(), Diffusion.Timesteps.parse(config.timesteps()), new StepRandom(seed, -1));
    }

    @Override
    protected MappingNetwork mapping(StyleGan2.Generator gen) {
        return gen.mapping();
    }

    @Override
    protected NDArray synthesize(StyleGan2.Generator gen, NDArray ws, StepRandom random, boolean updateEmas) {
        return gen.synthesize(ws, NoiseMode.RANDOM, random);
    }

    @Override
    protected boolean tracksAverageOnEveryPass() {
        return true;
    }

    @Override
    protected boolean pathLengthReaches(String name) {
        return StyleGan2.Generator.pathLengthReaches(name);
    }

    /** D's input {@code x_t} and condition t: the images augmented, diffused to per-image timesteps drawn from the current table. */
    @Override
    protected Seen seen(NDArray images, NDArray c, StepRandom random) {
        int n = (int) images.getShape().get(0);
        int[] t = diffusion.sample(n, random);
        return seenAt(augmented(images, random), t, random);
    }

    /** {@code D(x_t, t)} for given timesteps {@code [N]}, differentiable in {@code images}. */
    NDArray scoresAt(NDArray images, int[] t, StepRandom random) {
        Seen s = seenAt(images, t, random);
        return d.forward(s.images(), s.condition());
    }

    /** The images diffused to timesteps {@code t} {@code [N]}, and t as D's condition {@code [N, 1]}. */
    private Seen seenAt(NDArray images, int[] t, StepRandom random) {
        float[] tf = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            tf[i] = t[i];
        }
        return new Seen(diffusion.diffuse(images, t, random), Scalars.fromHost(images.getManager(), tf, new Shape(t.length, 1)));
    }

    @Override
    protected void realScoresSeen(NDArray realScores, StepRandom random) {
        diffusion.observe(realScores, random);
    }

    @Override
    protected Map<String, Object> modelStatus() {
        Map<String, Object> s = new LinkedHashMap<>(super.modelStatus());
        s.put("T", diffusion.length());
        s.put("diffusion_p", Math.round(diffusion.p() * 1e6) / 1e6);
        return s;
    }

    @Override
    protected void writeJson(JsonObject json) {
        super.writeJson(json);
        diffusion.write(json);
    }

    @Override
    protected void readState(Map<String, NDArray> tensors, JsonObject json) {
        super.readState(tensors, json);
        diffusion.read(json);
    }

    @Override
    public StyleGenerator generator() {
        return new StyleSampler("Diffusion-GAN", config.zDim(), 0, config.wDim(), config.imageChannels(), config.resolution(), wSpace,
                gEma.mapping()::forward, (ws, noise, random) -> gEma.synthesize(ws, noise, random));
    }

    /** D's logits of given (already diffused) images at given timesteps, for tests. */
    NDArray logits(NDArray xt, int[] t) {
        float[] tf = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            tf[i] = t[i];
        }
        return d.forward(xt, Scalars.fromHost(xt.getManager(), tf, new Shape(t.length, 1)));
    }

    /** The diffusion process, for tests. */
    Diffusion diffusion() {
        return diffusion;
    }
}
