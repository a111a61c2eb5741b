package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.ConditionalBatchNorm2d;
import org.gen4j.nn.Init;
import org.gen4j.ops.Resample;

/**
 * The up-sampling residual block of SN-GAN's, SAGAN's and BigGAN's generators (Miyato et al.
 * 2018, figure 8a; BigGAN, figure 15b): {@code CBN, ReLU, 2x nearest upsampling, 3x3 conv, CBN,
 * ReLU, 3x3 conv}, added to the upsampled input passed through a 1x1 convolution (computed before
 * the upsampling, which it commutes with exactly, at a quarter of the cost). Every convolution is
 * spectrally normalised.
 */
public final class GBlock extends GeneratorBlock {

    private final ConditionalBatchNorm2d bn1;
    private final ConditionalBatchNorm2d bn2;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Conv2d shortcut;
    private final boolean upsample;
    private final int out;

    /**
     * @param conditionDim length of the conditioning vector its batch norms read
     * @param cbnInit how the batch norms' gain and bias projections start
     * @param cbnSpectralNorm whether those projections are spectrally normalised
     */
    public GBlock(NDManager m, RandomGenerator rng, int in, int out, boolean upsample, int conditionDim, Init init, Init cbnInit,
            boolean cbnSpectralNorm) {
        this.upsample = upsample;
        this.out = out;
        this.bn1 = child("bn1", new ConditionalBatchNorm2d(m, rng, in, conditionDim, cbnInit, cbnSpectralNorm));
        this.conv1 = child("conv1", Conv2d.sn(m, rng, in, out, 3, init));
        this.bn2 = child("bn2", new ConditionalBatchNorm2d(m, rng, out, conditionDim, cbnInit, cbnSpectralNorm));
        this.conv2 = child("conv2", Conv2d.sn(m, rng, out, out, 3, init));
        this.shortcut = in != out || upsample ? child("conv_sc", Conv2d.sn(m, rng, in, out, 1, init)) : null;
    }

    @Override
    public int outChannels() {
        return out;
    }

    @Override
    public NDArray forward(NDArray x, NDArray condition) {
        NDArray h = Activation.relu(bn1.forward(x, condition));
        if (upsample) {
            h = Resample.upsample2x(h);
        }
        h = conv2.forward(Activation.relu(bn2.forward(conv1.forward(h), condition)));
        // a 1x1 convolution commutes with nearest upsampling: convolving first is exact and a quarter of the work
        NDArray skip = shortcut == null ? x : shortcut.forward(x);
        return h.add(upsample ? Resample.upsample2x(skip) : skip);
    }
}
