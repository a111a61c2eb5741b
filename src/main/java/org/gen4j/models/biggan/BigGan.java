package org.gen4j.models.biggan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.models.sagan.Discriminator;
import org.gen4j.models.sagan.Generator;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.ops.Penalties;
import org.gen4j.ops.Scalars;

/**
 * BigGAN (Brock et al., ICLR 2019) and BigGAN-deep: SAGAN's SN-ResNet networks and hinge training
 * ({@link HingeGan}) with a class embedding shared by all conditional batch norms and
 * hierarchical latents ({@link HierarchicalLatents}, or BigGAN-deep's {@link ConcatenatedLatents}),
 * orthogonal regularisation of G's weights (section 3.1, {@link Penalties#orthogonal}; the shared
 * embedding excluded, as in the authors' code), several D steps per G step, the moving average
 * of G, and the truncation trick when sampling ({@link org.gen4j.train.LatentTruncation}).
 *
 * @param <C> {@link BigGanConfig} or {@link BigGanDeepConfig}
 */
public class BigGan<C extends Record & BigGan.Settings> extends HingeGan<C, Discriminator> {

    /** What BigGAN reads beyond {@link HingeGan.Settings}. */
    public interface Settings extends HingeGan.Settings {
        /** Weight beta of the orthogonal regularisation; 0 turns it off. */
        double orthoBeta();
    }

    protected BigGan(C config, long seed, Network<C, Generator> generator, Network<C, Discriminator> discriminator) {
        super(config, seed, generator, discriminator);
    }

    /** BigGAN on the SAGAN architecture plan. */
    public static BigGan<BigGanConfig> create(BigGanConfig config, long seed) {
        return new BigGan<>(config, seed, BigGan::generator, BigGan::discriminator);
    }

    static Generator generator(NDManager m, SplittableRandom rng, BigGanConfig c) {
        return resnetGenerator(m, rng, c.resolution(), c.imageChannels(), c.zDim(), generatorClasses(c), c.sharedDim(), c.hierarchical(),
                c.ch(), c.attentionResolution(), c.init().init());
    }

    /**
     * BigGAN's generator: SAGAN's residual generator whose conditional batch norms read the shared
     * class embedding (and, hierarchically, a chunk of z) through spectrally normalised projections.
     */
    public static Generator resnetGenerator(NDManager m, SplittableRandom rng, int resolution, int imageChannels, int zDim, int classes,
            int sharedDim, boolean hierarchical, int ch, int attentionResolution, org.gen4j.nn.Init init) {
        int blocks = org.gen4j.models.sagan.Architecture.generator(resolution, ch).size();
        HierarchicalLatents latents = new HierarchicalLatents(m, rng, zDim, classes, sharedDim, hierarchical, blocks, init);
        return Generator.resnet(m, rng, latents, resolution, ch, attentionResolution, imageChannels, init, init, true);
    }

    static Discriminator discriminator(NDManager m, SplittableRandom rng, BigGanConfig c) {
        return Discriminator.resnet(m, rng, c.resolution(), c.ch(), c.imageChannels(), c.attentionResolution(), c.numClasses(),
                c.init().init(), true);
    }

    @Override
    protected NDArray scores(NDArray images, NDArray classWeights) {
        return d.forward(images, classWeights);
    }

    /**
     * {@code beta sum_W ||W W^T (1 - I)||_F^2} over G's weights with two or more axes, the shared
     * class embedding excluded (BigGAN-PyTorch's blacklist); logged as {@code ortho}.
     */
    @Override
    protected NDArray generatorPenalty(Map<String, Double> log) {
        if (config.orthoBeta() == 0) {
            return null;
        }
        NDArray sum = null;
        for (Map.Entry<String, NDArray> e : g.parameters().entrySet()) {
            NDArray w = e.getValue();
            if (w.getShape().dimension() < 2 || e.getKey().startsWith("cond.shared")) {
                continue;
            }
            NDArray r = Penalties.orthogonal(w);
            sum = sum == null ? r : sum.add(r);
        }
        if (sum == null) {
            return null;
        }
        log.put("ortho", (double) sum.getFloat());
        return Scalars.mul(sum, config.orthoBeta());
    }
}
