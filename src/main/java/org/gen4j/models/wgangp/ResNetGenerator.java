package org.gen4j.models.wgangp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.BatchNorm2d;
import org.gen4j.nn.Bias;
import org.gen4j.nn.ConditionalBatchNorm2d;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Linear;
import org.gen4j.nn.Module;
import org.gen4j.ops.Resample;
import org.gen4j.ops.Shapes;

/**
 * WGAN-GP's ResNet generator for CIFAR-10 (Gulrajani et al. 2017, appendix F; the authors'
 * {@code gan_cifar_resnet.py}): a dense layer to {@code dimG} maps of 4x4, residual "up" blocks
 * to the image side, then batch norm, ReLU, a 3x3 convolution to the image and tanh. A block is
 * {@code BN, ReLU, 2x nearest upsampling and 3x3 conv, BN, ReLU, 3x3 conv}, its shortcut the
 * upsampled input through a 1x1 convolution (computed before the upsampling, which it commutes
 * with exactly). The blocks' batch norms have a gain and bias per
 * class (conditional batch norm, tables starting at 1 and 0, as the code's) when conditional, and
 * one learned gain and bias otherwise. Weights are drawn as the code's {@code tflib} draws them
 * (uniform, "he" for the blocks' convolutions, Glorot elsewhere), biases start at 0.
 */
final class ResNetGenerator extends Module {

    private static final Init HE = Init.glorotUniform(Math.sqrt(2));
    private static final Init GLOROT = Init.glorotUniform(1);

    private final Linear linear;
    private final List<Block> blocks = new ArrayList<>();
    private final BatchNorm2d outBn;
    private final Conv2d outConv;
    private final int dim;
    private final int zDim;
    private final int classes;

    /** One up-sampling residual block. */
    static final class Block extends Module {
        final ConditionalBatchNorm2d bn1;
        final ConditionalBatchNorm2d bn2;
        final Conv2d conv1;
        final Conv2d conv2;
        final Conv2d shortcut;

        Block(NDManager m, RandomGenerator rng, int dim, int classes) {
            bn1 = child("bn1", new ConditionalBatchNorm2d(m, rng, dim, classes, Init.normal(0), false));
            conv1 = child("conv1", new Conv2d(m, rng, dim, dim, 3, 1, 1, HE, Bias.ZERO, false));
            bn2 = child("bn2", new ConditionalBatchNorm2d(m, rng, dim, classes, Init.normal(0), false));
            conv2 = child("conv2", new Conv2d(m, rng, dim, dim, 3, 1, 1, HE, Bias.ZERO, false));
            shortcut = child("shortcut", new Conv2d(m, rng, dim, dim, 1, 1, 0, GLOROT, Bias.ZERO, false));
        }

        NDArray forward(NDArray x, NDArray classWeights) {
            NDArray h = conv1.forward(Resample.upsample2x(Activation.relu(bn1.forward(x, classWeights))));
            h = conv2.forward(Activation.relu(bn2.forward(h, classWeights)));
            return h.add(Resample.upsample2x(shortcut.forward(x))); // a 1x1 convolution commutes with nearest upsampling
        }
    }

    /** @param classes rows of the batch norms' tables: the classes, or 1 when unconditional */
    ResNetGenerator(NDManager m, RandomGenerator rng, int resolution, int imageChannels, int zDim, int dim, int classes) {
        this.dim = dim;
        this.zDim = zDim;
        this.classes = classes;
        this.linear = child("linear", new Linear(m, rng, zDim, 16 * dim, GLOROT, Bias.ZERO, false));
        for (int side = 4, i = 0; side < resolution; side *= 2, i++) {
            blocks.add(child("block" + i, new Block(m, rng, dim, classes)));
        }
        this.outBn = child("out_bn", new BatchNorm2d(m, rng, dim, true, 0));
        this.outConv = child("out_conv", new Conv2d(m, rng, dim, imageChannels, 3, 1, 1, GLOROT, Bias.ZERO, false));
    }

    /**
     * @param z {@code [N, zDim]}
     * @param classWeights one-hot classes {@code [N, classes]}
     */
    NDArray forward(NDArray z, NDArray classWeights) {
        Shapes.check(z, "generator latent", Shapes.ANY, zDim);
        Shapes.check(classWeights, "generator classes", Shapes.ANY, classes);
        NDArray h = linear.forward(z).reshape(-1, dim, 4, 4);
        for (Block b : blocks) {
            h = b.forward(h, classWeights);
        }
        return outConv.forward(Activation.relu(outBn.forward(h))).tanh();
    }
}
