package org.gen4j.models.csgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gen4j.nn.BatchNorm2d;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.ConvTranspose2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Linear;
import org.gen4j.nn.Module;
import org.gen4j.ops.Shapes;

/** CS-GAN's networks: the SN-GAN paper's "standard CNN" for CIFAR-10 (Miyato et al. 2018, table 3), as the authors' {@code nets.py}. */
final class Networks {

    private Networks() {}

    /**
     * G ({@code ConvGenNet}): a dense layer to {@code gChannels} maps of 4x4, stride-2 4x4
     * transposed convolutions halving the maps up to the image side, each with batch norm and
     * ReLU, then a 3x3 convolution to the image and tanh. No spectral normalisation. The learned
     * latent step size lives here, in log space, so it trains with G and is averaged with it.
     */
    static final class Generator extends Module {
        final Linear linear;
        final List<ConvTranspose2d> ups = new ArrayList<>();
        final List<BatchNorm2d> norms = new ArrayList<>();
        final Conv2d out;
        final NDArray logStepSize;
        final int zDim;
        final int base;

        Generator(NDManager m, SplittableRandom rng, CsGanConfig c) {
            Init init = Init.fanInNormal();
            this.zDim = c.zDim();
            this.base = c.gChannels();
            this.linear = child("linear", new Linear(m, rng, c.zDim(), 16 * base, init, Bias.ZERO, false));
            int maps = base, i = 0;
            for (int side = 4; side < c.resolution(); side *= 2, i++) {
                ups.add(child("up" + i, new ConvTranspose2d(m, rng, maps, maps / 2, 4, 2, 1, init, Bias.ZERO)));
                norms.add(child("bn" + i, new BatchNorm2d(m, rng, maps / 2, true, 0)));
                maps /= 2;
            }
            this.out = child("out", new Conv2d(m, rng, maps, c.imageChannels(), 3, 1, 1, init, Bias.ZERO, false));
            this.logStepSize = parameter("log_step_size", m.create(new float[] {(float) Math.log(c.stepSize())}, new Shape(1)));
        }

        /** The latent step size {@code exp(log s)}, a scalar tensor. */
        NDArray stepSize() {
            return logStepSize.exp();
        }

        NDArray forward(NDArray z) {
            Shapes.check(z, "generator latent", Shapes.ANY, zDim);
            NDArray h = linear.forward(z).reshape(-1, base, 4, 4);
            for (int i = 0; i < ups.size(); i++) {
                h = Activation.relu(norms.get(i).forward(ups.get(i).forward(h)));
            }
            return out.forward(h).tanh();
        }
    }

    /**
     * D ({@code ConvMetricNet}): per halving of the side, a 3x3 convolution then a stride-2 4x4
     * convolution, the maps doubling from {@code dChannels}; a last 3x3 convolution at 4x4; leaky
     * ReLU 0.1 after each; a dense layer to one logit. Spectral normalisation on every weight, no
     * batch norm. (The code's two-logit softmax is the same classifier as one logit of their
     * difference.)
     */
    static final class Discriminator extends Module {
        final List<Conv2d> convs = new ArrayList<>();
        final Linear linear;

        Discriminator(NDManager m, SplittableRandom rng, CsGanConfig c) {
            Init init = Init.fanInNormal();
            int maps = c.dChannels(), in = c.imageChannels(), i = 0;
            for (int side = c.resolution(); side > 4; side /= 2) {
                convs.add(child("conv" + i++, new Conv2d(m, rng, in, maps, 3, 1, 1, init, Bias.ZERO, true)));
                convs.add(child("conv" + i++, new Conv2d(m, rng, maps, maps, 4, 2, 1, init, Bias.ZERO, true)));
                in = maps;
                maps *= 2;
            }
            convs.add(child("conv" + i, new Conv2d(m, rng, in, maps, 3, 1, 1, init, Bias.ZERO, true)));
            this.linear = child("linear", new Linear(m, rng, maps * 16, 1, init, Bias.ZERO, true));
        }

        /** Logits {@code [N]} of images {@code [N, C, R, R]}. */
        NDArray forward(NDArray x) {
            NDArray h = x;
            for (Conv2d conv : convs) {
                h = Activation.leakyRelu(conv.forward(h), 0.1f);
            }
            return linear.forward(h.reshape(h.getShape().get(0), -1)).reshape(-1);
        }
    }
}
