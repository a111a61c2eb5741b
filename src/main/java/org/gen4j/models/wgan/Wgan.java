package org.gen4j.models.wgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.models.gan.CriticSchedule;
import org.gen4j.models.gan.ScheduledGan;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Losses;
import org.gen4j.train.Ema;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.RmsProp;
import org.gen4j.train.StepRandom;

/**
 * WGAN training (Arjovsky et al. 2017, Algorithm 1): every step of the shared loop is one critic
 * step on its minibatch, minimising {@code E[f(G(z))] - E[f(x)]} (equation 3; real and fake
 * batches pass the critic separately, so its batch norm sees each alone, as in the authors' code),
 * followed by clipping every critic parameter to {@code [-c, c]}; after {@code n_critic} of them
 * G takes one step on {@code -E[f(G(z))]}. Both use RMSProp. The negated critic loss, the
 * estimate of the Wasserstein distance, is logged as {@code wdist}.
 *
 * <p>The authors' code clamps before each critic step rather than after (so the critic G trains
 * against is unclamped by one step); gen4j follows the paper's algorithm.
 */
public final class Wgan extends ScheduledGan<WganConfig, DcganGenerator, DcganCritic> {

    public Wgan(WganConfig config, long seed) {
        super(config, seed, DcganGenerator::new, DcganCritic::new, Wgan::rmsProp, Wgan::rmsProp,
                new CriticSchedule(config::criticStepsBefore));
    }

    private static RmsProp rmsProp(NDManager m, Map<String, NDArray> params, WganConfig c) {
        return new RmsProp(m, params, c.learningRate(), c.rmsAlpha(), c.rmsEpsilon());
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        Map<String, Double> out = new LinkedHashMap<>();
        NDArray fakes = g.forward(random.normal(m, n, config.zDim())); // no graph: only the critic learns here
        out.put("loss_D", stepD(() -> Losses.wganCritic(observeReals(d.forward(augmented(reals, random))), d.forward(augmented(fakes, random)))));
        out.put("wdist", -out.get("loss_D"));
        Parameters.clip(d.parameters().values(), config.clip());
        if (schedule.criticStepDone()) {
            out.put("loss_G", stepG(() -> Losses.wganGenerator(d.forward(augmented(g.forward(random.normal(m, n, config.zDim())), random)))));
            Ema.update(gEma.state(), g.state(), config.emaDecay());
        }
        return out;
    }

    /** G's average in evaluation mode: batch norm uses its running statistics, so a seed's image does not depend on its batch. */
    @Override
    public ImageGenerator generator() {
        return ImageGenerator.of(config.zDim(), config.imageChannels(), config.resolution(), 0, (latents, classes) -> {
            Gen4jException.check(classes == null, "WGAN is unconditional; it takes no class labels.");
            return gEma.forward(latents);
        });
    }
}
