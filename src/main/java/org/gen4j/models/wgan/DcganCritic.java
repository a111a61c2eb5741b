package org.gen4j.models.wgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.BatchNorm2d;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;

/**
 * The DCGAN discriminator as WGAN's critic ({@code DCGAN_D}): stride-2 4x4 convolutions doubling
 * the maps from {@code ndf} as they halve the side down to 4x4, leaky ReLU (0.2) after each, batch
 * norm after all but the first (the paper keeps batch norm in the critic), and a last 4x4
 * convolution to one score per image, without sigmoid. No biases; N(0, 0.02) weights.
 */
final class DcganCritic extends Module {

    private final List<Conv2d> convs = new ArrayList<>();
    private final List<BatchNorm2d> norms = new ArrayList<>(); // norms.get(i) follows convs.get(i + 1)

    DcganCritic(NDManager m, RandomGenerator rng, WganConfig c) {
        Init init = Init.normal(0.02);
        int maps = c.ndf();
        convs.add(child("conv0", new Conv2d(m, rng, c.imageChannels(), maps, 4, 2, 1, init, Bias.NONE, false)));
        int i = 1;
        for (int side = c.resolution() / 2; side > 4; side /= 2, i++) {
            convs.add(child("conv" + i, new Conv2d(m, rng, maps, 2 * maps, 4, 2, 1, init, Bias.NONE, false)));
            norms.add(child("bn" + i, new BatchNorm2d(m, rng, 2 * maps, true, 0.02)));
            maps *= 2;
        }
        convs.add(child("conv" + i, new Conv2d(m, rng, maps, 1, 4, 1, 0, init, Bias.NONE, false)));
    }

    /** Scores {@code [N]} of images {@code [N, C, R, R]}. */
    NDArray forward(NDArray x) {
        NDArray h = Activation.leakyRelu(convs.get(0).forward(x), 0.2f);
        for (int i = 0; i < norms.size(); i++) {
            h = Activation.leakyRelu(norms.get(i).forward(convs.get(i + 1).forward(h)), 0.2f);
        }
        return convs.get(convs.size() - 1).forward(h).reshape(-1);
    }
}
