package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.ops.Resample;

/**
 * The residual block of SN-GAN's, SAGAN's and BigGAN's discriminators (Miyato et al. 2018, figure
 * 8b; BigGAN, figure 15c), "wide" as SAGAN and BigGAN use it (the hidden convolution has the
 * output's channels): {@code [ReLU,] 3x3 conv, ReLU, 3x3 conv, [2x2 average pooling]}, added to a
 * shortcut that is a 1x1 convolution where channels or resolution change. The first block of a
 * discriminator sees the image and is not pre-activated; its shortcut pools before the 1x1
 * convolution, the others' after it.
 */
public final class DBlock extends DiscriminatorBlock {

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Conv2d shortcut;
    private final boolean preactivation;
    private final boolean downsample;

    public DBlock(NDManager m, RandomGenerator rng, int in, int out, boolean downsample, boolean preactivation, Init init) {
        this.preactivation = preactivation;
        this.downsample = downsample;
        this.conv1 = child("conv1", Conv2d.sn(m, rng, in, out, 3, init));
        this.conv2 = child("conv2", Conv2d.sn(m, rng, out, out, 3, init));
        this.shortcut = in != out || downsample ? child("conv_sc", Conv2d.sn(m, rng, in, out, 1, init)) : null;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray h = preactivation ? Activation.relu(x) : x;
        h = conv2.forward(Activation.relu(conv1.forward(h)));
        if (downsample) {
            h = Resample.downsample2x(h);
        }
        return h.add(shortcut(x));
    }

    /**
     * Average pooling and a 1x1 convolution commute exactly (both are linear, per pixel and per
     * window), so the shortcut pools first whichever order the block's position implies: BigGAN-
     * PyTorch convolves first in pre-activated blocks, the same function at four times the cost.
     */
    private NDArray shortcut(NDArray x) {
        NDArray s = downsample ? Resample.downsample2x(x) : x;
        return shortcut == null ? s : shortcut.forward(s);
    }
}
