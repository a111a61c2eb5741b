package org.gen4j.models.biggan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.DiscriminatorBlock;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.ops.Resample;

/**
 * BigGAN-deep's discriminator block (Brock et al. 2019, appendix B, figure 16c): ReLU, a 1x1
 * convolution down to a quarter of the output channels, two 3x3 convolutions, ReLU, average
 * pooling, and a 1x1 convolution up to the output channels; the skip connection pools the input
 * and, where channels grow, concatenates it with a learned 1x1 projection to the missing
 * channels instead of projecting all of them.
 */
public final class DeepDBlock extends DiscriminatorBlock {

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Conv2d conv3;
    private final Conv2d conv4;
    private final Conv2d extra; // in -> out - in, or null
    private final boolean downsample;

    public DeepDBlock(NDManager m, RandomGenerator rng, int in, int out, boolean downsample, int channelRatio, Init init) {
        int hidden = out / channelRatio;
        this.downsample = downsample;
        this.conv1 = child("conv1", Conv2d.sn(m, rng, in, hidden, 1, init));
        this.conv2 = child("conv2", Conv2d.sn(m, rng, hidden, hidden, 3, init));
        this.conv3 = child("conv3", Conv2d.sn(m, rng, hidden, hidden, 3, init));
        this.conv4 = child("conv4", Conv2d.sn(m, rng, hidden, out, 1, init));
        this.extra = in != out ? child("conv_sc", Conv2d.sn(m, rng, in, out - in, 1, init)) : null;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray h = conv1.forward(Activation.relu(x));
        h = conv3.forward(Activation.relu(conv2.forward(Activation.relu(h))));
        h = Activation.relu(h);
        if (downsample) {
            h = Resample.downsample2x(h);
        }
        h = conv4.forward(h);
        NDArray skip = downsample ? Resample.downsample2x(x) : x;
        if (extra != null) {
            skip = skip.concat(extra.forward(skip), 1);
        }
        return h.add(skip);
    }
}
