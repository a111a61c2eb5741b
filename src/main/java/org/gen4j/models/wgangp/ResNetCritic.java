package org.gen4j.models.wgangp;

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

/**
 * WGAN-GP's ResNet critic for CIFAR-10 (Gulrajani et al. 2017, appendix F; the authors' code):
 * no normalisation at all (batch norm would break the per-sample gradient penalty, section 4).
 * The first block ({@code OptimizedResBlockDisc1}) is {@code 3x3 conv, ReLU, 3x3 conv, 2x2 mean
 * pooling} with a mean-pooled 1x1 shortcut; "down" blocks are {@code ReLU, 3x3 conv, ReLU, 3x3
 * conv, mean pooling} with a 1x1 convolution then pooling as shortcut, until 8x8; two blocks
 * without resampling and identity shortcuts follow; then ReLU, the spatial mean and a dense layer
 * to the score, and, for the conditional model, a second dense layer to class logits (ACGAN,
 * Odena et al. 2017).
 */
final class ResNetCritic extends Module {

    private static final Init HE = Init.glorotUniform(Math.sqrt(2));
    private static final Init GLOROT = Init.glorotUniform(1);

    /** Scores and (conditional) class logits. */
    record Output(NDArray scores, NDArray logits) {}

    /** A residual critic block. */
    static final class Block extends Module {
        final Conv2d conv1;
        final Conv2d conv2;
        final Conv2d shortcut; // null: identity
        final boolean first;
        final boolean down;

        Block(NDManager m, RandomGenerator rng, int in, int out, boolean first, boolean down) {
            this.first = first;
            this.down = down;
            conv1 = child("conv1", new Conv2d(m, rng, in, first ? out : in, 3, 1, 1, HE, Bias.ZERO, false));
            conv2 = child("conv2", new Conv2d(m, rng, first ? out : in, out, 3, 1, 1, HE, Bias.ZERO, false));
            shortcut = in != out || down ? child("shortcut", new Conv2d(m, rng, in, out, 1, 1, 0, GLOROT, Bias.ZERO, false)) : null;
        }

        NDArray forward(NDArray x) {
            NDArray h = conv1.forward(first ? x : Activation.relu(x));
            h = conv2.forward(Activation.relu(h));
            if (down) {
                h = Resample.downsample2x(h);
            }
            // MeanPoolConv (first block) and ConvMeanPool (the others) are the same function for a 1x1
            // convolution, which commutes with mean pooling; pooling first is a quarter of the work
            NDArray s = down ? Resample.downsample2x(x) : x;
            return h.add(shortcut == null ? s : shortcut.forward(s));
        }
    }

    private final List<Block> blocks = new ArrayList<>();
    private final Linear output;
    private final Linear classifier; // null when unconditional

    ResNetCritic(NDManager m, RandomGenerator rng, int resolution, int imageChannels, int dim, int numClasses) {
        blocks.add(child("block0", new Block(m, rng, imageChannels, dim, true, true)));
        int i = 1;
        for (int side = resolution / 2; side > 8; side /= 2) {
            blocks.add(child("block" + i++, new Block(m, rng, dim, dim, false, true)));
        }
        blocks.add(child("block" + i++, new Block(m, rng, dim, dim, false, false)));
        blocks.add(child("block" + i, new Block(m, rng, dim, dim, false, false)));
        this.output = child("output", new Linear(m, rng, dim, 1, GLOROT, Bias.ZERO, false));
        this.classifier = numClasses > 0 ? child("acgan", new Linear(m, rng, dim, numClasses, GLOROT, Bias.ZERO, false)) : null;
    }

    Output forward(NDArray x) {
        NDArray h = x;
        for (Block b : blocks) {
            h = b.forward(h);
        }
        NDArray pooled = Activation.relu(h).reshape(h.getShape().get(0), h.getShape().get(1), -1).mean(new int[] {2});
        return new Output(output.forward(pooled).reshape(-1), classifier == null ? null : classifier.forward(pooled));
    }
}
