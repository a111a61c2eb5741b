package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.gen4j.nn.Init;

/**
 * SAGAN (Zhang et al., ICML 2019): the SN-ResNet generator with conditional batch norm from
 * per-class tables (the authors' code: gain and bias tables starting at 1 and 0) and a projection
 * discriminator, each with one self-attention block ({@link org.gen4j.nn.SelfAttention}, section
 * 3), spectral normalisation in G and D (section 4.1), the hinge loss and the two time-scale
 * learning rates (section 4.2), trained by {@link HingeGan}.
 */
public final class Sagan extends HingeGan<SaganConfig, Discriminator> {

    public Sagan(SaganConfig config, long seed) {
        super(config, seed, Sagan::generator, Sagan::discriminator);
    }

    static Generator generator(NDManager m, SplittableRandom rng, SaganConfig c) {
        return Generator.resnet(m, rng, new ClassTables(c.zDim(), generatorClasses(c)), c.resolution(), c.ch(),
                c.attentionResolution(), c.imageChannels(), c.init().init(), Init.normal(0), false);
    }

    static Discriminator discriminator(NDManager m, SplittableRandom rng, SaganConfig c) {
        return Discriminator.resnet(m, rng, c.resolution(), c.ch(), c.imageChannels(), c.attentionResolution(), c.numClasses(),
                c.init().init(), true);
    }

    @Override
    protected NDArray scores(NDArray images, NDArray classWeights) {
        return d.forward(images, classWeights);
    }
}
