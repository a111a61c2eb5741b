package org.gen4j.models.biggan;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gen4j.models.sagan.Architecture;
import org.gen4j.models.sagan.Discriminator;
import org.gen4j.models.sagan.Generator;
import org.gen4j.models.sagan.GeneratorBlock;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.nn.SelfAttention;

/**
 * BigGAN-deep's networks (Brock et al. 2019, appendix B, figure 16; BigGAN-PyTorch's
 * {@code BigGANdeep.py}): {@code depth} bottleneck blocks per resolution on the same channel plan
 * as BigGAN, the last block of each resolution changing channels and resolution in G, the first
 * in D; D starts with a 3x3 convolution from the image.
 */
public final class DeepNetworks {

    /** What BigGAN-deep's networks read from a configuration. */
    public interface Settings extends BigGan.Settings {
        int sharedDim();

        int ch();

        int depth();

        int channelRatio();

        int attentionResolution();

        org.gen4j.nn.WeightInit init();
    }

    private DeepNetworks() {}

    public static Generator generator(NDManager m, SplittableRandom rng, Settings c) {
        Init init = c.init().init();
        ConcatenatedLatents latents = new ConcatenatedLatents(m, rng, c.zDim(), BigGan.generatorClasses(c), c.sharedDim(), init);
        List<Architecture.Block> plan = Architecture.generator(c.resolution(), c.ch());
        List<GeneratorBlock> blocks = new ArrayList<>();
        int attentionAfter = -1, attentionChannels = 0;
        for (Architecture.Block stage : plan) {
            for (int j = 0; j < c.depth(); j++) {
                boolean last = j == c.depth() - 1;
                blocks.add(new DeepGBlock(m, rng, stage.in(), last ? stage.out() : stage.in(), last, c.channelRatio(), latents.conditionDim(),
                        init));
            }
            if (stage.outputResolution() == c.attentionResolution()) {
                attentionAfter = blocks.size() - 1;
                attentionChannels = stage.out();
            }
        }
        return new Generator(m, rng, latents, plan.get(0).in(), blocks, attentionAfter, attentionChannels, c.imageChannels(), init);
    }

    public static Discriminator discriminator(NDManager m, SplittableRandom rng, Settings c) {
        Init init = c.init().init();
        List<Architecture.Block> plan = Architecture.deepDiscriminator(c.resolution(), c.ch());
        List<Module> trunk = new ArrayList<>();
        trunk.add(new InputConv(m, rng, c.imageChannels(), plan.get(0).in(), init));
        boolean attended = false;
        for (Architecture.Block stage : plan) {
            for (int j = 0; j < c.depth(); j++) {
                trunk.add(new DeepDBlock(m, rng, j == 0 ? stage.in() : stage.out(), stage.out(), j == 0 && stage.resample(), c.channelRatio(),
                        init));
            }
            if (!attended && stage.outputResolution() == c.attentionResolution()) {
                trunk.add(new SelfAttention(m, rng, stage.out(), init));
                attended = true;
            }
        }
        return new Discriminator(m, rng, trunk, c.imageChannels(), plan.get(plan.size() - 1).out(), c.numClasses(), init, true);
    }
}
