package org.gen4j.models.stylegan3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.gen4j.models.style.MappingNetwork;
import org.gen4j.models.stylegan2.StyleGan2Training;
import org.gen4j.nn.Module;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;

/**
 * StyleGAN3 (Karras et al. 2021, configs T and R): a 2-layer mapping network and the alias-free
 * {@link Synthesis} network, trained as the official code trains it with StyleGAN2's loss, residual
 * D and lazy R1 ({@link StyleGan2Training}), without path-length regularisation or style mixing;
 * D's input is blurred early on in config R. The tracked average w and the layers'
 * input-magnitude averages move only in the pass that makes D's fakes ({@code update_emas}).
 */
public final class StyleGan3 extends StyleGan2Training<StyleGan3Config, StyleGan3.Generator> {

    /** Mapping and synthesis networks. */
    static final class Generator extends Module {
        final MappingNetwork mapping;
        final Synthesis synthesis;

        Generator(NDManager m, SplittableRandom rng, StyleGan3Config c) {
            mapping = child("mapping", new MappingNetwork(m, rng.split(), c.zDim(), c.numClasses(), c.wDim(), c.mappingLayers(),
                    c.mappingLrMul(), true));
            synthesis = child("synthesis", new Synthesis(m, rng.split(), c.schedule(), c.wDim(), c.outputScale(), c.convClamp(),
                    c.magnitudeEmaBeta()));
        }
    }

    public StyleGan3(StyleGan3Config config, long seed) {
        super(config, seed, Generator::new);
    }

    @Override
    protected MappingNetwork mapping(Generator gen) {
        return gen.mapping;
    }

    @Override
    protected NDArray synthesize(Generator gen, NDArray ws, StepRandom random, boolean updateEmas) {
        return gen.synthesis.forward(ws, null, updateEmas);
    }

    @Override
    protected boolean tracksAverageOnEveryPass() {
        return false;
    }

    /** Unused: StyleGAN3 trains without path-length regularisation. */
    @Override
    protected boolean pathLengthReaches(String name) {
        return true;
    }

    @Override
    public StyleGenerator generator() {
        return new TransformableSampler(config, wSpace, gEma.mapping, gEma.synthesis);
    }

    /** The trained generator's synthesis network, for tests. */
    Synthesis trainedSynthesis() {
        return g.synthesis;
    }

    /** D's logits as training computes them now (blurred in config R early on), for tests. */
    NDArray dScores(NDArray images) {
        return scores(images);
    }
}
