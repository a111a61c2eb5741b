package org.gen4j.models.ncpvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Linear;
import org.gen4j.nn.Module;
import org.gen4j.ops.Resample;
import org.gen4j.ops.Shapes;

/**
 * The binary classifier of one latent group k (Aneja et al. 2021, section 3.3): it tells samples
 * of the aggregate posterior {@code q(z_k | z_<k)} from samples of the prior {@code p(z_k | z_<k)},
 * conditioned on the groups above through the decoder state {@code c(z_<k)} their prior sees. Its
 * logit is {@code log D / (1 - D)}, so at the optimum of the NCE loss it equals
 * {@code log r(z_k | z_<k) = log q / p} (section 3.1).
 *
 * <p>Layout: 1x1 convolutions of z and of the context to {@code hidden} channels, summed (one 1x1
 * convolution of their concatenation), swish and a second 1x1 convolution: a per-position network
 * at the group's resolution; average pooling to at most {@value #POOLED}x{@value #POOLED} (a CPU
 * saving: the 3x3 layers of a 32x32 group cost 16 times less); residual blocks
 * {@code h + conv(swish(conv(swish(h))))}, 3x3 above 2x2 and 1x1 at 2x2 and below; swish, global
 * average pooling and a dense layer to one logit. The paper's classifiers are, as recalled and not
 * checked against its appendix (no copy reachable here), residual networks with batch norm and
 * squeeze-and-excitation on NVAE's groups; these have neither (batch statistics would make
 * {@code r} of one latent depend on the others drawn with it, which SIR and Langevin dynamics must
 * not see).
 */
final class GroupClassifier extends Module {

    /** The side the residual blocks work at, at most. */
    static final int POOLED = 8;

    private final Conv2d zIn, contextIn, mix;
    private final int pool;
    private final List<Conv2d[]> blocks = new ArrayList<>();
    private final Linear out;
    private final int zdim, contextChannels;

    /**
     * @param zdim channels of the group's latent
     * @param contextChannels channels of the decoder state its prior sees
     * @param resolution side of the group
     */
    GroupClassifier(NDManager m, RandomGenerator rng, int zdim, int contextChannels, int resolution, int hidden, int blockCount) {
        this.zdim = zdim;
        this.contextChannels = contextChannels;
        this.zIn = child("z_in", new Conv2d(m, rng, zdim, hidden, 1, 1, 0, Init.pytorchDefault(), Bias.ZERO, false));
        this.contextIn = child("context_in", new Conv2d(m, rng, contextChannels, hidden, 1, 1, 0, Init.pytorchDefault(), Bias.NONE, false));
        this.mix = child("mix", new Conv2d(m, rng, hidden, hidden, 1, 1, 0, Init.pytorchDefault(), Bias.ZERO, false));
        this.pool = Math.max(1, resolution / POOLED);
        int k = resolution > 2 ? 3 : 1;
        for (int i = 0; i < blockCount; i++) {
            blocks.add(new Conv2d[] {
                child("block" + i + "_c1", new Conv2d(m, rng, hidden, hidden, k, 1, k / 2, Init.pytorchDefault(), Bias.ZERO, false)),
                child("block" + i + "_c2", new Conv2d(m, rng, hidden, hidden, k, 1, k / 2, Init.pytorchDefault(), Bias.ZERO, false))});
        }
        this.out = child("out", new Linear(m, rng, hidden, 1, Init.pytorchDefault(), Bias.ZERO, false));
    }

    /** The context's contribution, computed once per context: {@code [N, contextChannels, r, r] -> [N, hidden, r, r]}. */
    NDArray contextFeatures(NDArray context) {
        Shapes.check(context, "NCP classifier context", Shapes.ANY, contextChannels, Shapes.ANY, Shapes.ANY);
        return contextIn.forward(context);
    }

    /**
     * {@code log r(z | context)}: latents {@code [N, zdim, r, r]} and their contexts'
     * {@link #contextFeatures} {@code [N, hidden, r, r]} to logits {@code [N]}.
     */
    NDArray logits(NDArray z, NDArray contextFeatures) {
        Shapes.check(z, "NCP classifier latent", Shapes.ANY, zdim, Shapes.ANY, Shapes.ANY);
        NDArray h = Resample.downsample(mix.forward(swish(zIn.forward(z).add(contextFeatures))), pool);
        for (Conv2d[] b : blocks) {
            h = h.add(b[1].forward(swish(b[0].forward(swish(h)))));
        }
        NDArray pooled = swish(h).sum(new int[] {2, 3}).div(h.getShape().get(2) * h.getShape().get(3));
        return out.forward(pooled).reshape(-1);
    }

    private static NDArray swish(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }
}
