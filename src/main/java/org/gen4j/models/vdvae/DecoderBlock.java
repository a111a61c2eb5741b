package org.gen4j.models.vdvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.ops.Gaussians;
import org.gen4j.ops.Scalars;

/**
 * One top-down block of VDVAE's decoder (Child 2021, figure 3): from the state x at its resolution
 * the prior block gives the prior's mean and log standard deviation over {@code zdim} channels and
 * a residual added to x; the posterior block sees x concatenated with the encoder's activation at
 * that resolution. A latent z, from the posterior while encoding and from the prior while sampling,
 * is projected by a 1x1 convolution and added to x, and a residual bottleneck block follows.
 * The prior's last convolution starts at zero, so the prior starts as N(0, I) and adds nothing to x;
 * the projection and the residual block's last convolution start scaled by {@code sqrt(1 / N)} for
 * N decoder blocks.
 */
final class DecoderBlock extends Module {

    /**
     * What a block did with its latent group: the state the prior saw (its context, a function of
     * the groups above), z, the posterior's and the prior's parameters, and the KL per element.
     */
    record Group(NDArray context, NDArray z, NDArray qMean, NDArray qLogSigma, NDArray pMean, NDArray pLogSigma, NDArray kl) {}

    private final Block posterior, prior, resnet;
    private final Conv2d zProj;
    private final int zdim;
    final int resolution;
    final int mixin;

    DecoderBlock(NDManager m, RandomGenerator rng, VdvaeConfig c, BlockLayout.DecoderBlock b, int blocks) {
        this.resolution = b.resolution();
        this.mixin = b.mixin();
        this.zdim = c.zdim();
        int w = c.width(), mid = c.middleWidth();
        boolean use3x3 = b.resolution() > 2;
        double scale = Math.sqrt(1.0 / blocks);
        this.posterior = child("enc", new Block(m, rng, 2 * w, mid, 2 * zdim, false, use3x3, 1, 1));
        this.prior = child("prior", new Block(m, rng, w, mid, 2 * zdim + w, false, use3x3, 1, 0));
        this.zProj = child("z_proj", Block.conv(m, rng, zdim, w, 1, (mm, r, shape) -> Scalars.muli(Init.pytorchDefault().draw(mm, r, shape), scale)));
        this.resnet = child("resnet", new Block(m, rng, w, mid, w, true, use3x3, 1, scale));
    }

    int latentSize() {
        return zdim * resolution * resolution;
    }

    /**
     * One step of the top-down pass.
     *
     * @param x the state at this resolution {@code [N, width, r, r]} (mix-in already added)
     * @param activation the encoder's activation at this resolution, or {@code null} to sample the prior
     * @param eps standard normal noise {@code [N, zdim, r, r]} for the reparameterised sample
     * @param temperature scales the prior's standard deviation when sampling it
     * @param group receives what happened to the latent group when not {@code null}
     * @param draw chooses z from the prior at {@code temperature} when sampling it; {@code null}: {@code mean + sigma eps}
     * @param index this block's place in the decoder, passed to {@code draw}
     * @return the new state
     */
    NDArray forward(NDArray x, NDArray activation, NDArray eps, double temperature, java.util.function.Consumer<Group> group, PriorDraw draw,
            int index) {
        NDArray feats = prior.forward(x);
        NDList f = feats.split(new long[] {zdim, 2L * zdim}, 1);
        NDArray pm = f.get(0), pv = f.get(1), xpp = f.get(2);
        NDArray z;
        if (activation != null) {
            NDArray q = posterior.forward(x.concat(activation, 1));
            NDList qs = q.split(new long[] {zdim}, 1);
            NDArray qm = qs.get(0), qv = qs.get(1);
            z = Gaussians.sample(qm, qv, eps);
            if (group != null) {
                group.accept(new Group(x, z, qm, qv, pm, pv, Gaussians.kl(qm, qv, pm, pv)));
            }
        } else {
            NDArray logSigma = temperature == 1 ? pv : pv.add(Math.log(temperature));
            z = draw == null ? Gaussians.sample(pm, logSigma, eps) : draw.z(index, x, pm, logSigma, eps);
            if (group != null) {
                group.accept(new Group(x, z, null, null, pm, pv, null));
            }
        }
        return resnet.forward(x.add(xpp).add(zProj.forward(z)));
    }
}
