package org.gen4j.models.biggan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.GeneratorBlock;
import org.gen4j.nn.ConditionalBatchNorm2d;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.ops.Resample;

/**
 * BigGAN-deep's generator block (Brock et al. 2019, appendix B, figure 16b): a bottleneck of a 1x1
 * convolution down to a quarter of the input channels, two 3x3 convolutions and a 1x1 convolution
 * up to the output channels, each preceded by conditional batch norm and ReLU, the upsampling
 * between the first two; the skip connection keeps the input's first {@code out} channels (it
 * drops the rest rather than learning a projection) and upsamples them.
 */
public final class DeepGBlock extends GeneratorBlock {

    private final ConditionalBatchNorm2d bn1;
    private final ConditionalBatchNorm2d bn2;
    private final ConditionalBatchNorm2d bn3;
    private final ConditionalBatchNorm2d bn4;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Conv2d conv3;
    private final Conv2d conv4;
    private final int in;
    private final int out;
    private final boolean upsample;

    /** @param channelRatio the bottleneck divides the input channels by this (4) */
    public DeepGBlock(NDManager m, RandomGenerator rng, int in, int out, boolean upsample, int channelRatio, int conditionDim, Init init) {
        this.in = in;
        this.out = out;
        this.upsample = upsample;
        int hidden = in / channelRatio;
        this.bn1 = child("bn1", new ConditionalBatchNorm2d(m, rng, in, conditionDim, init, true));
        this.conv1 = child("conv1", Conv2d.sn(m, rng, in, hidden, 1, init));
        this.bn2 = child("bn2", new ConditionalBatchNorm2d(m, rng, hidden, conditionDim, init, true));
        this.conv2 = child("conv2", Conv2d.sn(m, rng, hidden, hidden, 3, init));
        this.bn3 = child("bn3", new ConditionalBatchNorm2d(m, rng, hidden, conditionDim, init, true));
        this.conv3 = child("conv3", Conv2d.sn(m, rng, hidden, hidden, 3, init));
        this.bn4 = child("bn4", new ConditionalBatchNorm2d(m, rng, hidden, conditionDim, init, true));
        this.conv4 = child("conv4", Conv2d.sn(m, rng, hidden, out, 1, init));
    }

    @Override
    public int outChannels() {
        return out;
    }

    @Override
    public NDArray forward(NDArray x, NDArray c) {
        NDArray h = conv1.forward(Activation.relu(bn1.forward(x, c)));
        h = Activation.relu(bn2.forward(h, c));
        NDArray skip = in != out ? x.get(":, :" + out) : x;
        if (upsample) {
            h = Resample.upsample2x(h);
            skip = Resample.upsample2x(skip);
        }
        h = conv2.forward(h);
        h = conv3.forward(Activation.relu(bn3.forward(h, c)));
        h = conv4.forward(Activation.relu(bn4.forward(h, c)));
        return h.add(skip);
    }
}
