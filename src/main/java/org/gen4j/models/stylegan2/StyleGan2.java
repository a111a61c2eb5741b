package org.gen4j.models.stylegan2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.gen4j.models.style.MappingNetwork;
import org.gen4j.train.NoiseMode;
import org.gen4j.models.style.StyleSampler;
import org.gen4j.nn.Module;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;

/**
 * StyleGAN2 (Karras et al. 2020, config F; NVIDIA's stylegan2-ada-pytorch without augmentation):
 * the 8-layer mapping network and the skip {@link Synthesis} network with per-pixel noise, trained
 * by {@link StyleGan2Training} with style mixing and path-length regularisation. As in
 * stylegan2-ada-pytorch, every training mapping pass moves the tracked average w.
 */
public final class StyleGan2 extends StyleGan2Training<StyleGan2Config, StyleGan2.Generator> {

    /** Mapping and synthesis networks (a variant on StyleGAN2's backbone, such as Diffusion-GAN, builds its G from this). */
    public static final class Generator extends Module {
        final MappingNetwork mapping;
        final Synthesis synthesis;

        public Generator(NDManager m, SplittableRandom rng, StyleGan2Config c) {
            mapping = child("mapping", new MappingNetwork(m, rng.split(), c.zDim(), c.numClasses(), c.wDim(), c.mappingLayers(),
                    c.mappingLrMul(), true));
            synthesis = child("synthesis", new Synthesis(m, rng.split(), c));
        }

        /** The mapping network (z, c) to w. */
        public MappingNetwork mapping() {
            return mapping;
        }

        /** Images {@code [N, C, R, R]} of ws {@code [N, numWs, wDim]}, differentiable. */
        public NDArray synthesize(NDArray ws, NoiseMode noise, StepRandom random) {
            return synthesis.forward(ws, noise, random, false, null);
        }

        /** The toRGB biases add constants to the image: no path from w. */
        public static boolean pathLengthReaches(String name) {
            return !name.endsWith("torgb.bias");
        }
    }

    public StyleGan2(StyleGan2Config config, long seed) {
        super(config, seed, Generator::new);
    }

    @Override
    protected MappingNetwork mapping(Generator gen) {
        return gen.mapping;
    }

    @Override
    protected NDArray synthesize(Generator gen, NDArray ws, StepRandom random, boolean updateEmas) {
        return gen.synthesis.forward(ws, NoiseMode.RANDOM, random, false, null);
    }

    @Override
    protected boolean tracksAverageOnEveryPass() {
        return true;
    }

    /** The toRGB biases add constants to the image: no path from w. */
    @Override
    protected boolean pathLengthReaches(String name) {
        return Generator.pathLengthReaches(name);
    }

    @Override
    public StyleGenerator generator() {
        return new StyleSampler("StyleGAN2", config.zDim(), config.numClasses(), config.wDim(), config.imageChannels(), config.resolution(),
                wSpace, gEma.mapping::forward, (ws, noise, random) -> gEma.synthesis.forward(ws, noise, random, false, null));
    }

    /** Training-time ws of {@code gen}, for tests. */
    NDArray trainingWs(Generator gen, NDArray z, StepRandom random) {
        return trainingWs(gen, z, null, random, true);
    }
}
