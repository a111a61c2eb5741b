package org.gen4j.models.logan;

import org.gen4j.Gen4jException;
import org.gen4j.models.biggan.DeepNetworks;
import org.gen4j.models.gan.ConfigChecks;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.nn.WeightInit;

/**
 * LOGAN's settings: BigGAN-deep's ({@link org.gen4j.models.biggan.BigGanDeepConfig}, the same
 * meaning and defaults) and the latent optimisation's (section 3.2 and 4: the natural-gradient
 * step with {@code alpha} 0.9 the paper reports; {@code beta} 5 and the penalty weight 300 as the
 * public re-implementations of the BigGAN-deep experiment use them, since the paper's text was not
 * at hand; one step).
 *
 * @param alpha the latent step's size (0.9)
 * @param beta the damping of the Fisher approximation (5)
 * @param latentPenalty weight {@code w_r} of {@code E ||delta z||^2} in both losses (300)
 * @param latentPortion the share of a training minibatch's latents the steps move, each drawn
 *     independently ({@code c}, 0.5: both public re-implementations draw a per-sample mask; the
 *     others keep their drawn latent); sampling moves every latent
 * @param latentSteps natural-gradient steps on z before every update (1)
 * @param sampleLatentSteps steps when sampling (1, as in training; 0 samples G directly)
 */
public record LoganConfig(
        int resolution,
        int imageChannels,
        int batch,
        int numClasses,
        boolean conditional,
        int zDim,
        int sharedDim,
        int ch,
        int depth,
        int channelRatio,
        int attentionResolution,
        WeightInit init,
        double gLearningRate,
        double dLearningRate,
        double beta1,
        double beta2,
        double adamEpsilon,
        int dSteps,
        double orthoBeta,
        double emaDecay,
        int emaStart,
        int standingStats,
        double alpha,
        double beta,
        double latentPenalty,
        double latentPortion,
        int latentSteps,
        int sampleLatentSteps) implements DeepNetworks.Settings {

    public LoganConfig {
        HingeGan.checkSettings(resolution, imageChannels, batch, conditional, numClasses, zDim, ch, attentionResolution, gLearningRate,
                dLearningRate, beta1, beta2, adamEpsilon, dSteps, emaDecay, emaStart, standingStats);
        ConfigChecks.positive("sharedDim", sharedDim);
        ConfigChecks.positive("depth", depth);
        Gen4jException.check(channelRatio >= 1 && ch % channelRatio == 0, "channelRatio must be at least 1 and divide ch %d, got %d.", ch,
                channelRatio);
        ConfigChecks.notNegative("orthoBeta", orthoBeta);
        ConfigChecks.positive("alpha", alpha);
        ConfigChecks.positive("beta", beta);
        ConfigChecks.notNegative("latentPenalty", latentPenalty);
        ConfigChecks.probability("latentPortion", latentPortion);
        ConfigChecks.notNegative("latentSteps", latentSteps);
        ConfigChecks.notNegative("sampleLatentSteps", sampleLatentSteps);
    }

    /** BigGAN-deep's ImageNet model at 128x128 with LOGAN's latent optimisation. */
    public static LoganConfig paper() {
        return new LoganConfig(128, 3, 2048, 1000, true, 128, 128, 128, 2, 4, 64, WeightInit.ORTHOGONAL, 5e-5, 2e-4, 0, 0.999, 1e-6, 2,
                1e-4, 0.9999, 20000, 16, 0.9, 5, 300, 0.5, 1, 1);
    }

    /** BigGAN-deep's CPU preset ({@link org.gen4j.models.biggan.BigGanDeepConfig#cpu}) with the paper's latent optimisation. */
    public static LoganConfig cpu() {
        return new LoganConfig(32, 1, 50, 10, true, 128, 128, 16, 2, 4, 0, WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 2, 1e-4, 0.999,
                1000, 0, 0.9, 5, 300, 0.5, 1, 1);
    }
}
