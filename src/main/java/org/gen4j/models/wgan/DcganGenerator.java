package org.gen4j.models.wgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.BatchNorm2d;
import org.gen4j.nn.Bias;
import org.gen4j.nn.ConvTranspose2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.ops.Shapes;

/**
 * The DCGAN generator (Radford et al. 2016, figure 1) as WGAN's code builds it
 * ({@code DCGAN_G}): z as a 1x1 map, a 4x4 transposed convolution to {@code 4x4} maps, then
 * stride-2 transposed convolutions halving the maps as they double the side, each followed by
 * batch norm and ReLU, and a last stride-2 transposed convolution to the image with tanh. No
 * layer has a bias; weights start as N(0, 0.02), batch-norm gains as N(1, 0.02).
 */
final class DcganGenerator extends Module {

    private final List<ConvTranspose2d> convs = new ArrayList<>();
    private final List<BatchNorm2d> norms = new ArrayList<>();
    private final int zDim;

    DcganGenerator(NDManager m, RandomGenerator rng, WganConfig c) {
        this.zDim = c.zDim();
        Init init = Init.normal(0.02);
        int maps = c.ngf() * c.resolution() / 8;
        convs.add(child("conv0", new ConvTranspose2d(m, rng, c.zDim(), maps, 4, 1, 0, init, Bias.NONE)));
        norms.add(child("bn0", new BatchNorm2d(m, rng, maps, true, 0.02)));
        int i = 1;
        for (int side = 4; side < c.resolution() / 2; side *= 2, i++) {
            convs.add(child("conv" + i, new ConvTranspose2d(m, rng, maps, maps / 2, 4, 2, 1, init, Bias.NONE)));
            norms.add(child("bn" + i, new BatchNorm2d(m, rng, maps / 2, true, 0.02)));
            maps /= 2;
        }
        convs.add(child("conv" + i, new ConvTranspose2d(m, rng, maps, c.imageChannels(), 4, 2, 1, init, Bias.NONE)));
    }

    /** {@code [N, zDim]} latents to images {@code [N, C, R, R]} in (-1, 1). */
    NDArray forward(NDArray z) {
        Shapes.check(z, "generator latent", Shapes.ANY, zDim);
        NDArray h = z.reshape(-1, zDim, 1, 1);
        for (int i = 0; i < norms.size(); i++) {
            h = Activation.relu(norms.get(i).forward(convs.get(i).forward(h)));
        }
        return convs.get(convs.size() - 1).forward(h).tanh();
    }
}
