package org.gen4j.models.vdvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Module;
import org.gen4j.ops.DiscretizedLogistics;
import org.gen4j.ops.Gaussians;

/**
 * The whole VAE, encoder and decoder (Child 2021, figure 3), and its objective: the negative ELBO
 * per image {@code -log p(x | z) + sum over groups of KL(q(z_l | z_<l, x) || p(z_l | z_<l))}
 * (section 2, equation 2), the likelihood the discretized mixture of logistics and the KL terms
 * analytic Gaussian ones.
 */
final class VdvaeNetwork extends Module {

    /** What one encoding pass gave per image: reconstruction NLL and KL per group, both in nats. */
    record Terms(NDArray distortion, NDArray rate, List<DecoderBlock.Group> groups) {}

    final Encoder encoder;
    final Decoder decoder;
    private final VdvaeConfig config;

    VdvaeNetwork(NDManager m, RandomGenerator rng, VdvaeConfig c) {
        BlockLayout layout = c.layout();
        this.config = c;
        this.encoder = child("encoder", new Encoder(m, rng, c, layout));
        this.decoder = child("decoder", new Decoder(m, rng, c, layout));
    }

    /**
     * Encodes {@code x} and decodes it with posterior samples in every group.
     *
     * @param x images {@code [N, C, R, R]} in [-1, 1] on the 8-bit grid
     * @param noise the posterior samples' standard normal noise
     * @return the NLL {@code [N]} and the KL {@code [N]}, each summed over the image's values
     */
    Terms terms(NDArray x, Decoder.Noise noise) {
        int n = (int) x.getShape().get(0);
        List<DecoderBlock.Group> groups = new ArrayList<>();
        Map<Integer, NDArray> acts = encoder.forward(x);
        NDArray params = decoder.forward(n, acts, decoder.groups(), 1, noise, groups::add);
        NDArray distortion = DiscretizedLogistics.logLikelihood(x, params, config.mixtures(), 8).neg();
        NDArray rate = null;
        for (DecoderBlock.Group g : groups) {
            NDArray kl = g.kl().sum(new int[] {1, 2, 3});
            rate = rate == null ? kl : rate.add(kl);
        }
        return new Terms(distortion, rate, groups);
    }

    /**
     * {@code log p(x | z) + log p(z) - log q(z | x)} for one posterior sample per image {@code [N]}:
     * a single-sample importance weight.
     */
    NDArray logWeight(NDArray x, Decoder.Noise noise) {
        Terms t = terms(x, noise);
        NDArray w = t.distortion().neg();
        for (DecoderBlock.Group g : t.groups()) {
            NDArray logQ = Gaussians.logDensity(g.z(), g.qMean(), g.qLogSigma());
            NDArray logP = Gaussians.logDensity(g.z(), g.pMean(), g.pLogSigma());
            w = w.add(logP.sub(logQ).sum(new int[] {1, 2, 3}));
        }
        return w;
    }

    /**
     * Images from the decoder's distribution: posterior samples for the top {@code depth} groups of
     * {@code x}'s encoding (none when {@code x} is null), prior samples at {@code temperature} below,
     * then the mixture sampled at the uniforms given.
     *
     * @param uMix {@code [N, R, R]} and {@code uValue} {@code [N, C, R, R]}: uniforms for the mixture's sampler
     */
    NDArray sample(int n, NDArray x, int depth, double temperature, Decoder.Noise noise, NDArray uMix, NDArray uValue) {
        return sample(n, x, depth, temperature, noise, null, uMix, uValue);
    }

    /** {@link #sample(int, NDArray, int, double, Decoder.Noise, NDArray, NDArray)} with the prior's latents chosen by {@code draw}. */
    NDArray sample(int n, NDArray x, int depth, double temperature, Decoder.Noise noise, PriorDraw draw, NDArray uMix, NDArray uValue) {
        Map<Integer, NDArray> acts = x == null ? null : encoder.forward(x);
        NDArray params = decoder.forward(n, acts, x == null ? 0 : depth, temperature, noise, null, draw);
        return DiscretizedLogistics.sample(params, config.imageChannels(), config.mixtures(), uMix, uValue);
    }

    /** The latent groups of {@code x}'s encoding, posterior samples in every group, without the likelihood. */
    List<DecoderBlock.Group> encodeGroups(NDArray x, Decoder.Noise noise) {
        List<DecoderBlock.Group> groups = new ArrayList<>();
        decoder.forward((int) x.getShape().get(0), encoder.forward(x), decoder.groups(), 1, noise, groups::add);
        return groups;
    }

    /** Noise drawn from a step's random stream. */
    static Decoder.Noise noise(NDManager m, org.gen4j.train.StepRandom random) {
        return (i, shape) -> random.normal(m, shape.getShape());
    }
}
